import { type ExpressionBuilder, type Kysely, type Selectable, sql } from 'kysely';
import type { DB, ModerationLogTable, SuspensionsTable } from '../../platform/db/schema.js';

/** Kysely only: suspensions and moderation_log rows in, camelCase records out. */

type Db = Kysely<DB>;

export interface Suspension {
  readonly id: number;
  readonly userId: number;
  readonly moderatorId: number;
  readonly reason: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly liftedAt: Date | null;
  readonly liftedBy: number | null;
}

/** A suspension with the names of who suspended and who lifted, for pages. */
export interface SuspensionWithNames extends Suspension {
  readonly moderatorName: string;
  readonly lifterName: string | null;
}

export interface LogEntry {
  readonly id: number;
  readonly actorId: number | null;
  readonly actorName: string | null;
  readonly action: string;
  readonly targetKind: string;
  readonly targetId: number;
  readonly targetName: string | null;
  readonly reason: string | null;
  readonly details: string | null;
  readonly createdAt: Date;
}

function toSuspension(row: Selectable<SuspensionsTable>): Suspension {
  return {
    id: row.id,
    userId: row.user_id,
    moderatorId: row.moderator_id,
    reason: row.reason,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    liftedAt: row.lifted_at,
    liftedBy: row.lifted_by,
  };
}

/** A suspension in force at `now`: not lifted, started, not yet ended. */
function inForce(eb: ExpressionBuilder<DB, 'suspensions'>, now: Date) {
  return eb.and([eb('lifted_at', 'is', null), eb('starts_at', '<=', now), eb('ends_at', '>', now)]);
}

/** The member's suspension in force at `now`, the longest if several. */
export async function findActiveSuspension(
  db: Db,
  userId: number,
  now: Date,
): Promise<Suspension | undefined> {
  const row = await db
    .selectFrom('suspensions')
    .selectAll()
    .where('user_id', '=', userId)
    .where((eb) => inForce(eb, now))
    .orderBy('ends_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toSuspension(row) : undefined;
}

/**
 * The suspension in force at `now` of the member whose `users` row the caller's query holds, as
 * one JSON value `{until, reason}` or null: read in the query that finds a session or token.
 */
export function suspensionOfUserQuery(eb: ExpressionBuilder<DB, 'users'>, now: Date) {
  return eb
    .selectFrom('suspensions')
    .select(
      sql<{
        until: string;
        reason: string;
      }>`json_build_object('until', suspensions.ends_at, 'reason', suspensions.reason)`.as('s'),
    )
    .whereRef('suspensions.user_id', '=', 'users.id')
    .where((s) => inForce(s, now))
    .orderBy('ends_at', 'desc')
    .limit(1);
}

/** Every suspension of the member, newest first, with the moderators' names. */
export async function findSuspensionsOfUser(db: Db, userId: number): Promise<SuspensionWithNames[]> {
  const rows = await db
    .selectFrom('suspensions as s')
    .innerJoin('users as m', 'm.id', 's.moderator_id')
    .leftJoin('users as l', 'l.id', 's.lifted_by')
    .selectAll('s')
    .select(['m.username as moderator_name', 'l.username as lifter_name'])
    .where('s.user_id', '=', userId)
    .orderBy('s.id', 'desc')
    .limit(100)
    .execute();
  return rows.map((row) => ({
    ...toSuspension(row),
    moderatorName: row.moderator_name,
    lifterName: row.lifter_name,
  }));
}

/**
 * Locks the member's `users` row (FOR NO KEY UPDATE, first in the lock order), so two moderators
 * suspending or lifting the same member at once take turns.
 */
export async function lockMemberById(trx: Db, userId: number): Promise<void> {
  await sql`select id from users where id = ${userId} for no key update`.execute(trx);
}

export async function insertSuspension(
  trx: Db,
  values: { userId: number; moderatorId: number; reason: string; startsAt: Date; endsAt: Date },
): Promise<Suspension> {
  const row = await trx
    .insertInto('suspensions')
    .values({
      user_id: values.userId,
      moderator_id: values.moderatorId,
      reason: values.reason,
      starts_at: values.startsAt,
      ends_at: values.endsAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSuspension(row);
}

export async function setSuspensionLifted(
  trx: Db,
  id: number,
  values: { liftedBy: number; liftedAt: Date },
): Promise<Suspension> {
  const row = await trx
    .updateTable('suspensions')
    .set({ lifted_by: values.liftedBy, lifted_at: values.liftedAt })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSuspension(row);
}

export async function insertLogEntry(
  trx: Db,
  values: {
    actorId: number | null;
    action: string;
    targetKind: string;
    targetId: number;
    reason: string | null;
    details: string | null;
    createdAt: Date;
  },
): Promise<void> {
  await trx
    .insertInto('moderation_log')
    .values({
      actor_id: values.actorId,
      action: values.action,
      target_kind: values.targetKind,
      target_id: values.targetId,
      reason: values.reason,
      details: values.details,
      created_at: values.createdAt,
    })
    .execute();
}

function toLogEntry(
  row: Selectable<ModerationLogTable> & { actor_name: string | null; target_name: string | null },
): LogEntry {
  return {
    id: row.id,
    actorId: row.actor_id,
    actorName: row.actor_name,
    action: row.action,
    targetKind: row.target_kind,
    targetId: row.target_id,
    targetName: row.target_name,
    reason: row.reason,
    details: row.details,
    createdAt: row.created_at,
  };
}

/** One page of the log, newest first; a member target comes with their username. */
export async function findLogEntries(
  db: Db,
  page: { limit: number; offset: number },
): Promise<{ items: LogEntry[]; total: number }> {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('moderation_log as g')
      .leftJoin('users as a', 'a.id', 'g.actor_id')
      .leftJoin('users as t', (join) =>
        join.onRef('t.id', '=', 'g.target_id').on('g.target_kind', '=', 'user'),
      )
      .selectAll('g')
      .select(['a.username as actor_name', 't.username as target_name'])
      .orderBy('g.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db
      .selectFrom('moderation_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toLogEntry), total: Number(count.n) };
}
