import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { type Bounty, toBounty } from './bounties.repository.js';

type Db = Kysely<DB>;

/** A bounty with its question's title, as a member's profile lists it. */
export interface MemberBounty extends Bounty {
  questionTitle: string;
}

/** How many bounties a member offered and won (was the recipient of), on live questions. */
export interface MemberBountyCounts {
  offered: number;
  won: number;
}

function onLiveQuestions(db: Db) {
  return db
    .selectFrom('bounties as b')
    .innerJoin('questions as q', 'q.id', 'b.question_id')
    .where('q.deleted_at', 'is', null);
}

/** Both counts in one round trip. */
export async function countBountiesOfMember(db: Db, userId: number): Promise<MemberBountyCounts> {
  const row = await db
    .selectNoFrom([
      onLiveQuestions(db)
        .where('b.offerer_id', '=', userId)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .as('offered'),
      onLiveQuestions(db)
        .where('b.recipient_id', '=', userId)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .as('won'),
    ])
    .executeTakeFirstOrThrow();
  return { offered: Number(row.offered ?? 0), won: Number(row.won ?? 0) };
}

/** The newest bounties the member offered (`offerer`) or won (`recipient`), with their questions' titles. */
export async function findBountiesOfMember(
  db: Db,
  userId: number,
  role: 'offerer' | 'recipient',
  limit: number,
): Promise<MemberBounty[]> {
  const rows = await onLiveQuestions(db)
    .where(role === 'offerer' ? 'b.offerer_id' : 'b.recipient_id', '=', userId)
    .selectAll('b')
    .select('q.title as question_title')
    .orderBy('b.started_at', 'desc')
    .orderBy('b.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ ...toBounty(row), questionTitle: row.question_title }));
}
