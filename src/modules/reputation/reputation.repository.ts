import { type ExpressionBuilder, type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;

export type PostType = 'question' | 'answer';

/** A recorded event as the service reads it back. */
export interface EventRow {
  readonly id: number;
  readonly userId: number;
  readonly kind: string;
  readonly points: number;
  readonly applied: number;
  readonly capUsed: number;
  readonly editCapUsed: number;
  readonly postType: PostType | null;
  readonly postId: number | null;
  readonly actorId: number | null;
  readonly reverses: number | null;
  readonly createdAt: Date;
}

const EVENT_COLUMNS = [
  'id',
  'user_id as userId',
  'kind',
  'points',
  'applied',
  'cap_used as capUsed',
  'edit_cap_used as editCapUsed',
  'post_type as postType',
  'post_id as postId',
  'actor_id as actorId',
  'reverses_id as reverses',
  'created_at as createdAt',
] as const;

/**
 * Locks members' `users` rows `FOR NO KEY UPDATE`, in id order: the first step of the lock order
 * (docs/architecture.md), so two use cases moving the same members' reputation queue, never cross.
 */
export async function lockMembers(
  trx: Transaction<DB>,
  userIds: readonly number[],
): Promise<Map<number, number>> {
  const ids = [...new Set(userIds)].sort((a, b) => a - b);
  const totals = new Map<number, number>();
  if (ids.length === 0) return totals;
  const rows = await trx
    .selectFrom('users')
    .select(['id', 'reputation'])
    .where('id', 'in', ids)
    .orderBy('id')
    .forNoKeyUpdate()
    .execute();
  for (const row of rows) totals.set(row.id, row.reputation);
  return totals;
}

/** `e` (an event aliased so) has not been undone: no later event names it in `reverses_id`. */
function notUndone({ not, exists, selectFrom }: ExpressionBuilder<DB & { e: DB['reputation_events'] }, 'e'>) {
  return not(
    exists(selectFrom('reputation_events as r').select('r.id').whereRef('r.reverses_id', '=', 'e.id')),
  );
}

/** What a member's events of one UTC day, not since undone, used of the daily cap. */
export async function capUsedOn(trx: Db, userId: number, dayStart: Date): Promise<number> {
  const dayEnd = new Date(dayStart.getTime() + 86_400_000);
  const row = await trx
    .selectFrom('reputation_events as e')
    .select(sql<number>`coalesce(sum(e.cap_used), 0)::int`.as('used'))
    .where('e.user_id', '=', userId)
    .where('e.created_at', '>=', dayStart)
    .where('e.created_at', '<', dayEnd)
    .where('e.cap_used', '<>', 0)
    .where(notUndone)
    .executeTakeFirstOrThrow();
  return row.used;
}

/** What a member's approved edits, not since undone, used of the lifetime edit cap. */
export async function editCapUsed(trx: Db, userId: number): Promise<number> {
  const row = await trx
    .selectFrom('reputation_events as e')
    .select(sql<number>`coalesce(sum(e.edit_cap_used), 0)::int`.as('used'))
    .where('e.user_id', '=', userId)
    .where('e.edit_cap_used', '<>', 0)
    .where(notUndone)
    .executeTakeFirstOrThrow();
  return row.used;
}

/** An event to append: everything but the id the database gives it. */
export type NewEvent = Omit<EventRow, 'id'>;

/** Appends an event and moves the member's total by what it did (the row is locked by the caller). */
export async function appendEvent(trx: Transaction<DB>, event: NewEvent): Promise<void> {
  await trx
    .insertInto('reputation_events')
    .values({
      user_id: event.userId,
      kind: event.kind,
      points: event.points,
      applied: event.applied,
      cap_used: event.capUsed,
      edit_cap_used: event.editCapUsed,
      post_type: event.postType,
      post_id: event.postId,
      actor_id: event.actorId,
      reverses_id: event.reverses,
      created_at: event.createdAt,
    })
    .execute();
  if (event.applied !== 0) {
    await trx
      .updateTable('users')
      .set({ reputation: sql`reputation + ${event.applied}` })
      .where('id', '=', event.userId)
      .execute();
  }
}

/** What to undo: the events a post's vote or accept gave, not yet undone and not undoings. */
export interface EventMatch {
  readonly postType: PostType;
  readonly postId: number;
  /** Only those this member caused (their vote); every member's when unset (the post is gone). */
  readonly actorId?: number;
  readonly kinds?: readonly string[];
}

/** The events `match` names that still count, oldest first. */
export async function findStandingEvents(trx: Db, match: EventMatch): Promise<EventRow[]> {
  let query = trx
    .selectFrom('reputation_events as e')
    .select(EVENT_COLUMNS.map((column) => `e.${column}` as const))
    .where('e.post_type', '=', match.postType)
    .where('e.post_id', '=', match.postId)
    .where('e.reverses_id', 'is', null)
    .where(notUndone);
  if (match.actorId !== undefined) query = query.where('e.actor_id', '=', match.actorId);
  if (match.kinds) query = query.where('e.kind', 'in', [...match.kinds]);
  return (await query.orderBy('e.id').execute()) as EventRow[];
}

/** A member's events, oldest first: what a recompute replays. */
export async function eventsOf(trx: Db, userIds: readonly number[]): Promise<EventRow[]> {
  if (userIds.length === 0) return [];
  return (await trx
    .selectFrom('reputation_events')
    .select(EVENT_COLUMNS)
    .where('user_id', 'in', [...userIds])
    .orderBy('user_id')
    .orderBy('id')
    .execute()) as EventRow[];
}

/** One page of a member's history, newest first, and how many events there are. */
export async function listEvents(
  db: Db,
  userId: number,
  page: { limit: number; offset: number },
): Promise<{ items: EventRow[]; total: number }> {
  const [items, count] = await Promise.all([
    db
      .selectFrom('reputation_events')
      .select(EVENT_COLUMNS)
      .where('user_id', '=', userId)
      .orderBy('id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db
      .selectFrom('reputation_events')
      .select(sql<number>`count(*)::int`.as('total'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow(),
  ]);
  return { items: items as EventRow[], total: count.total };
}

/** The next `limit` member ids after `afterId`: a recompute walks every member in batches. */
export async function memberIdsAfter(db: Db, afterId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

/** Rewrites what an event did (a recompute mending drift). */
export async function setApplied(
  trx: Transaction<DB>,
  id: number,
  applied: Pick<NewEvent, 'applied' | 'capUsed' | 'editCapUsed'>,
): Promise<void> {
  await trx
    .updateTable('reputation_events')
    .set({ applied: applied.applied, cap_used: applied.capUsed, edit_cap_used: applied.editCapUsed })
    .where('id', '=', id)
    .execute();
}

export async function setTotal(trx: Transaction<DB>, userId: number, total: number): Promise<void> {
  await trx.updateTable('users').set({ reputation: total }).where('id', '=', userId).execute();
}

/** A UTC day's net change of a member's reputation, and the total at its end (from 0 events). */
export interface ReputationDay {
  readonly day: string;
  readonly change: number;
  readonly sum: number;
}

/**
 * A member's reputation per UTC day: one aggregate over their events (the index on
 * `(user_id, id)` finds them), each day's net change and the running sum of changes.
 */
export async function sumEventsByDay(db: Db, userId: number): Promise<ReputationDay[]> {
  const rows = await sql<{ day: string; change: number; sum: number }>`
    select to_char((created_at at time zone 'UTC')::date, 'YYYY-MM-DD') as day,
           sum(applied)::int as change,
           (sum(sum(applied)) over (order by (created_at at time zone 'UTC')::date))::int as sum
      from reputation_events
     where user_id = ${userId}
     group by (created_at at time zone 'UTC')::date
     order by (created_at at time zone 'UTC')::date`.execute(db);
  return rows.rows.map((row) => ({ day: row.day, change: Number(row.change), sum: Number(row.sum) }));
}

/** The post an event concerns, as the history links it: live ones only carry a title. */
export interface EventPost {
  readonly type: PostType;
  readonly id: number;
  readonly questionId: number;
  /** Null when the post or its question was deleted: not shown to the public. */
  readonly title: string | null;
}

/** The posts of a page of events, in two queries (questions, answers with their questions). */
export async function findEventPosts(
  db: Db,
  posts: ReadonlyArray<{ type: PostType; id: number }>,
): Promise<EventPost[]> {
  const questionIds = [...new Set(posts.filter((p) => p.type === 'question').map((p) => p.id))];
  const answerIds = [...new Set(posts.filter((p) => p.type === 'answer').map((p) => p.id))];
  const [questions, answers] = await Promise.all([
    questionIds.length === 0
      ? []
      : db
          .selectFrom('questions')
          .select(['id', 'title', 'deleted_at as deletedAt'])
          .where('id', 'in', questionIds)
          .execute(),
    answerIds.length === 0
      ? []
      : db
          .selectFrom('answers as a')
          .innerJoin('questions as q', 'q.id', 'a.question_id')
          .select([
            'a.id',
            'a.question_id as questionId',
            'q.title',
            sql<boolean>`a.deleted_at is not null or q.deleted_at is not null`.as('deleted'),
          ])
          .where('a.id', 'in', answerIds)
          .execute(),
  ]);
  return [
    ...questions.map((row) => ({
      type: 'question' as const,
      id: Number(row.id),
      questionId: Number(row.id),
      title: row.deletedAt === null ? row.title : null,
    })),
    ...answers.map((row) => ({
      type: 'answer' as const,
      id: Number(row.id),
      questionId: Number(row.questionId),
      title: row.deleted ? null : row.title,
    })),
  ];
}

/** A member's total (no lock: a check that reads it inside the writing transaction is enough). */
export async function findReputation(db: Db, userId: number): Promise<number | undefined> {
  const row = await db.selectFrom('users').select('reputation').where('id', '=', userId).executeTakeFirst();
  return row?.reputation;
}
