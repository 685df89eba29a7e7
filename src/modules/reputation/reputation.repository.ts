import { type Kysely, sql, type Transaction } from 'kysely';
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
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('reputation_events as r').select('r.id').whereRef('r.reverses_id', '=', 'e.id'))),
    )
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
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('reputation_events as r').select('r.id').whereRef('r.reverses_id', '=', 'e.id'))),
    )
    .executeTakeFirstOrThrow();
  return row.used;
}

export interface NewEvent {
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
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('reputation_events as r').select('r.id').whereRef('r.reverses_id', '=', 'e.id'))),
    );
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
