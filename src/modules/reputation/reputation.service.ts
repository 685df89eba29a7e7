import type { Transaction } from 'kysely';
import type { Page, ServiceContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { runTransaction } from '../../platform/db/transaction.js';
import { type Contribution, contribute, defineSlot } from '../../platform/extensions/index.js';
import { getUser } from '../accounts/index.js';
import type { ReputationPoint } from './reputation.chart.js';
import {
  appendEvent,
  capUsedOn,
  type EventMatch,
  type EventPost,
  type EventRow,
  editCapUsed,
  eventsOf,
  findEventPosts,
  findStandingEvents,
  listEvents,
  lockMembers,
  memberIdsAfter,
  type PostType,
  type ReputationDay,
  setApplied,
  setTotal,
  sumEventsByDay,
} from './reputation.repository.js';
import {
  ACCEPT_KINDS,
  type Applied,
  acceptChanges,
  applyEvent,
  capDay,
  emptyState,
  type KindRule,
  pointsFor,
  REPUTATION_FLOOR,
  type ReputationRules,
  type ReputationState,
  reputationRules,
  VOTE_KINDS,
  voteChanges,
} from './reputation.rules.js';

/** A kind of reputation event another module records (a bounty in reputation, a tip…). */
export interface ReputationKind extends Contribution {
  readonly kind: string;
  readonly rule: KindRule;
}

/** Modules add their own kinds of reputation event here; reputation never imports them. */
export const reputationKindSlot = defineSlot<ReputationKind>('reputation.kinds');

/** Contributes one kind of reputation event (in a module's `Extension`). */
export function reputationKind(kind: string, rule: KindRule, order?: number) {
  return contribute(reputationKindSlot, {
    id: `reputation-kind.${kind}`,
    kind,
    rule,
    ...(order === undefined ? {} : { order }),
  });
}

/** Rules built once per registry and configuration (every vote asks for them). */
const rulesCache = new WeakMap<
  ServiceContext['extensions'],
  { config: ServiceContext['config']; rules: ReputationRules }
>();

/** The rules in force: the configured table plus every contributed kind. */
export function rulesOf(ctx: ServiceContext): ReputationRules {
  const cached = rulesCache.get(ctx.extensions);
  if (cached?.config === ctx.config) return cached.rules;
  const extraKinds: Record<string, KindRule> = {};
  for (const contribution of ctx.extensions.list(reputationKindSlot))
    extraKinds[contribution.kind] = contribution.rule;
  const rules = reputationRules(ctx.config.reputation.points, {
    dailyCap: ctx.config.reputation.dailyCap,
    editCap: ctx.config.reputation.editCap,
    extraKinds,
  });
  rulesCache.set(ctx.extensions, { config: ctx.config, rules });
  return rules;
}

/** One move of one member's reputation, as a use case asks for it. */
export interface ReputationChange {
  readonly userId: number;
  readonly kind: string;
  /** Only for kinds whose points are given (an imported total). */
  readonly points?: number;
  readonly post?: { readonly type: PostType; readonly id: number };
  /** Who caused it: the voter, the accepter. */
  readonly actorId?: number | null;
}

/**
 * Members' totals as their locked `users` rows gave them (`lockMembers`), kept current as their
 * events are appended. A use case locks its members once (the first step of the lock order) and
 * hands this on, so recording and undoing neither lock nor read them again.
 */
export type LockedMembers = Map<number, number>;

/** Locks those of `userIds` not locked yet (a vote that landed meanwhile); the rest cost nothing. */
async function lockMissing(trx: Transaction<DB>, locked: LockedMembers, userIds: readonly number[]) {
  const missing = userIds.filter((id) => !locked.has(id));
  if (missing.length === 0) return;
  for (const [id, total] of await lockMembers(trx, missing)) locked.set(id, total);
}

function totalOf(locked: LockedMembers, userId: number): number {
  const total = locked.get(userId);
  if (total === undefined) throw new Error(`no member ${userId} to record reputation for`);
  return total;
}

/**
 * Records reputation events inside the caller's transaction, each cut by the daily and edit caps
 * and the floor exactly as a recompute would cut it. Members not in `locked` are locked here
 * (callers that also lock a post lock the members first and pass them: the lock order).
 */
export async function recordReputation(
  ctx: ServiceContext,
  trx: Transaction<DB>,
  changes: readonly ReputationChange[],
  now: Date,
  locked: LockedMembers = new Map(),
): Promise<void> {
  if (changes.length === 0) return;
  const rules = rulesOf(ctx);
  await lockMissing(
    trx,
    locked,
    changes.map((change) => change.userId),
  );
  const dayStart = new Date(`${capDay(now)}T00:00:00.000Z`);
  for (const change of changes) {
    const points = pointsFor(rules, change.kind, change.points);
    const rule = rules.kinds[change.kind];
    const state: ReputationState = { ...emptyState(), total: totalOf(locked, change.userId) };
    if (rule?.capped && points > 0)
      state.capUsedByDay.set(capDay(now), await capUsedOn(trx, change.userId, dayStart));
    if (rule?.editCapped && points > 0) state.editCapUsed = await editCapUsed(trx, change.userId);
    const applied = applyEvent(rules, state, {
      id: 0,
      kind: change.kind,
      points,
      createdAt: now,
      reverses: null,
    });
    await appendEvent(trx, {
      userId: change.userId,
      kind: change.kind,
      points,
      applied: applied.applied,
      capUsed: applied.capUsed,
      editCapUsed: applied.editCapUsed,
      postType: change.post?.type ?? null,
      postId: change.post?.id ?? null,
      actorId: change.actorId ?? null,
      reverses: null,
      createdAt: now,
    });
    locked.set(change.userId, state.total);
  }
}

/** The members a post's standing events moved: lock them (`lockMembers`) before the post. */
export async function membersMovedBy(trx: Transaction<DB>, match: EventMatch): Promise<number[]> {
  return [...new Set((await findStandingEvents(trx, match)).map((event) => event.userId))];
}

/**
 * Undoes the events `match` names that still count (a vote taken back, an accept moved, a post
 * deleted): each undoing gives back exactly what its original did.
 */
async function undoReputation(
  ctx: ServiceContext,
  trx: Transaction<DB>,
  match: EventMatch,
  now: Date,
  locked: LockedMembers,
): Promise<void> {
  const standing = await findStandingEvents(trx, match);
  if (standing.length === 0) return;
  const rules = rulesOf(ctx);
  await lockMissing(
    trx,
    locked,
    standing.map((event) => event.userId),
  );
  for (const original of standing) {
    const state: ReputationState = { ...emptyState(), total: totalOf(locked, original.userId) };
    const recorded: Applied = {
      applied: original.applied,
      day: capDay(original.createdAt),
      capUsed: original.capUsed,
      editCapUsed: original.editCapUsed,
    };
    state.byEvent.set(original.id, recorded);
    state.capUsedByDay.set(recorded.day, original.capUsed);
    state.editCapUsed = original.editCapUsed;
    const undone = applyEvent(rules, state, {
      id: 0,
      kind: original.kind,
      points: -original.points,
      createdAt: now,
      reverses: original.id,
    });
    await appendEvent(trx, {
      userId: original.userId,
      kind: original.kind,
      points: -original.points,
      applied: undone.applied,
      capUsed: 0,
      editCapUsed: 0,
      postType: original.postType,
      postId: original.postId,
      actorId: original.actorId,
      reverses: original.id,
      createdAt: now,
    });
    locked.set(original.userId, state.total);
  }
}

export interface RecomputeResult {
  readonly members: number;
  /** Events whose recorded effect differed from the replay, now rewritten. */
  readonly eventsMended: number;
  /** Members whose total differed from their events, now rewritten. */
  readonly totalsMended: number;
}

/**
 * Replays every member's events and rewrites what drifted: each event's effect, then the total.
 * Idempotent: a second run mends nothing. Members are locked a batch at a time, so recording
 * goes on meanwhile and never interleaves with a member being replayed.
 */
export async function recomputeReputation(
  ctx: ServiceContext,
  options: { batchSize?: number } = {},
): Promise<RecomputeResult> {
  const rules = rulesOf(ctx);
  const batchSize = options.batchSize ?? 500;
  let members = 0;
  let eventsMended = 0;
  let totalsMended = 0;
  let afterId = 0;
  for (;;) {
    const ids = await memberIdsAfter(ctx.db, afterId, batchSize);
    if (ids.length === 0) break;
    afterId = ids[ids.length - 1] as number;
    const mended = await runTransaction(ctx, async (trx) => {
      const totals = await lockMembers(trx, ids);
      const events = await eventsOf(trx, ids);
      const byMember = new Map<number, typeof events>();
      for (const event of events) {
        const list = byMember.get(event.userId) ?? [];
        list.push(event);
        byMember.set(event.userId, list);
      }
      let eventFixes = 0;
      let totalFixes = 0;
      for (const [userId, recorded] of totals) {
        const state = emptyState();
        for (const event of byMember.get(userId) ?? []) {
          const replayed = applyEvent(rules, state, event);
          if (
            replayed.applied !== event.applied ||
            (event.reverses === null &&
              (replayed.capUsed !== event.capUsed || replayed.editCapUsed !== event.editCapUsed))
          ) {
            await setApplied(trx, event.id, {
              applied: replayed.applied,
              capUsed: replayed.capUsed,
              editCapUsed: replayed.editCapUsed,
            });
            eventFixes += 1;
          }
        }
        if (state.total !== recorded) {
          await setTotal(trx, userId, state.total);
          totalFixes += 1;
        }
      }
      return { eventFixes, totalFixes };
    });
    members += ids.length;
    eventsMended += mended.eventFixes;
    totalsMended += mended.totalFixes;
  }
  return { members, eventsMended, totalsMended };
}

/** One page of a member's reputation history, newest first (404 for no such member). */
export async function reputationHistory(
  ctx: ServiceContext,
  userId: number,
  paging: { page: number; pageSize: number },
): Promise<Page<EventRow>> {
  await getUser(ctx, userId);
  const { items, total } = await listEvents(ctx.db, userId, {
    limit: paging.pageSize,
    offset: (paging.page - 1) * paging.pageSize,
  });
  return { items, total, page: paging.page, pageSize: paging.pageSize };
}

/**
 * A member's vote on a post changed to `value` (0: taken back): what their earlier vote gave is
 * undone and the new one recorded. `locked`: the author and the voter, locked before the post.
 */
export async function recordVote(
  ctx: ServiceContext,
  trx: Transaction<DB>,
  vote: { post: PostType; postId: number; authorId: number; voterId: number; value: -1 | 0 | 1 },
  now: Date,
  locked: LockedMembers,
): Promise<void> {
  const post = { type: vote.post, id: vote.postId };
  const match = {
    postType: vote.post,
    postId: vote.postId,
    actorId: vote.voterId,
    kinds: VOTE_KINDS[vote.post],
  };
  await undoReputation(ctx, trx, match, now, locked);
  if (vote.value === 0) return;
  const changes = voteChanges(vote.post, vote.value, vote.authorId, vote.voterId);
  await recordReputation(
    ctx,
    trx,
    changes.map((change) => ({ ...change, post, actorId: vote.voterId })),
    now,
    locked,
  );
}

/**
 * The accepted answer of a question moved from `previous` to `next` (either may be null): the
 * earlier accept's reputation is undone and the new one's recorded. `locked`: the asker and both
 * answers' authors, locked before the question and answers.
 */
export async function recordAccept(
  ctx: ServiceContext,
  trx: Transaction<DB>,
  accept: { askerId: number; previous: number | null; next: { answerId: number; authorId: number } | null },
  now: Date,
  locked: LockedMembers,
): Promise<void> {
  if (accept.previous !== null) {
    const match = { postType: 'answer' as const, postId: accept.previous, kinds: ACCEPT_KINDS };
    await undoReputation(ctx, trx, match, now, locked);
  }
  if (accept.next === null) return;
  const post = { type: 'answer' as const, id: accept.next.answerId };
  const changes = acceptChanges(accept.next.authorId, accept.askerId);
  await recordReputation(
    ctx,
    trx,
    changes.map((change) => ({ ...change, post, actorId: accept.askerId })),
    now,
    locked,
  );
}

/**
 * Undoes everything the posts' votes and accepts gave (the posts were deleted). `locked`: the
 * members `membersMovedBy` named, locked before the posts; any a vote added meanwhile are locked here.
 */
export async function undoPosts(
  ctx: ServiceContext,
  trx: Transaction<DB>,
  posts: ReadonlyArray<{ type: PostType; id: number }>,
  now: Date,
  locked: LockedMembers,
): Promise<void> {
  for (const post of posts)
    await undoReputation(ctx, trx, { postType: post.type, postId: post.id }, now, locked);
}

/** Events per page of the profile's reputation history. */
export const HISTORY_PAGE_SIZE = 30;

/** What the profile's reputation tab shows: the total, the chart's points, a page of history. */
export interface ReputationProfile {
  readonly total: number;
  /** The total at the end of each UTC day it moved, from the day before the first (the floor) to today. */
  readonly points: ReputationPoint[];
  /** Each UTC day's net change (the history's day headings: the whole day, not only this page). */
  readonly dayChanges: ReadonlyMap<string, number>;
  readonly history: Page<EventRow>;
  /** The posts the page's events concern, by `<type>:<id>`. */
  readonly posts: ReadonlyMap<string, EventPost>;
}

function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * A member's reputation for their profile: one aggregate per UTC day for the chart and the day
 * headings, one page of events (newest first) and the posts they concern; three rounds of queries.
 */
export async function reputationProfile(
  ctx: ServiceContext,
  userId: number,
  page: number,
): Promise<ReputationProfile> {
  const [days, listed] = await Promise.all([
    sumEventsByDay(ctx.db, userId),
    listEvents(ctx.db, userId, { limit: HISTORY_PAGE_SIZE, offset: (page - 1) * HISTORY_PAGE_SIZE }),
  ]);
  const withPosts = listed.items.filter((event) => event.postType !== null && event.postId !== null);
  const posts = await findEventPosts(
    ctx.db,
    withPosts.map((event) => ({ type: event.postType as PostType, id: event.postId as number })),
  );
  const total = REPUTATION_FLOOR + (days.at(-1)?.sum ?? 0);
  const points: ReputationPoint[] = [];
  const first = days[0];
  if (first) {
    points.push({ day: dayBefore(first.day), total: REPUTATION_FLOOR });
    for (const day of days) points.push({ day: day.day, total: REPUTATION_FLOOR + day.sum });
    const today = capDay(ctx.clock.now());
    if (today > (days.at(-1) as ReputationDay).day) points.push({ day: today, total });
  }
  return {
    total,
    points,
    dayChanges: new Map(days.map((day) => [day.day, day.change])),
    history: { ...listed, page, pageSize: HISTORY_PAGE_SIZE },
    posts: new Map(posts.map((post) => [`${post.type}:${post.id}`, post])),
  };
}
