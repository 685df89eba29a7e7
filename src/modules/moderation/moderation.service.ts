import type { Transaction } from 'kysely';
import type { ServiceContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { runTransaction } from '../../platform/db/transaction.js';
import { type Actor, type Suspension as ActorSuspension, requireActor } from '../../platform/http/auth.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../platform/http/errors.js';
import { getUser, type User } from '../accounts/index.js';
import { canModerate, suspendRefusal } from './moderation.policy.js';
import {
  findActiveSuspension,
  findLogEntries,
  findSuspensionsOfUser,
  insertLogEntry,
  insertSuspension,
  type LogEntry,
  lockMemberById,
  type Suspension,
  type SuspensionWithNames,
  setSuspensionLifted,
} from './moderation.repository.js';
import { checkSuspension, REASON_MAX, suspensionEnd } from './moderation.rules.js';

type Trx = Transaction<DB>;

/** The actions the log records (`moderation.action.<action>` words them). */
export type ModerationAction = 'suspend' | 'lift' | 'role';

/** One line for the moderation log, written inside the caller's transaction. */
export interface LogLine {
  /** Null: the server's operator (a command run on the server). */
  readonly actorId: number | null;
  readonly action: ModerationAction;
  readonly target: { readonly kind: 'user'; readonly id: number };
  readonly reason?: string | null;
  readonly details?: string | null;
}

/** Appends a line to the moderation log inside `trx` (append-only: never changed afterwards). */
export async function recordModerationAction(ctx: ServiceContext, trx: Trx, line: LogLine): Promise<void> {
  await insertLogEntry(trx, {
    actorId: line.actorId,
    action: line.action,
    targetKind: line.target.kind,
    targetId: line.target.id,
    reason: line.reason ?? null,
    details: line.details ?? null,
    createdAt: ctx.clock.now(),
  });
}

/** Logs a member's role change (the `accounts.role-changed` hook), inside its transaction. */
export async function recordRoleChange(
  trx: Trx,
  change: { actorId: number | null; userId: number; from: string; to: string; now: Date },
): Promise<void> {
  await insertLogEntry(trx, {
    actorId: change.actorId,
    action: 'role',
    targetKind: 'user',
    targetId: change.userId,
    reason: null,
    details: `${change.from}>${change.to}`,
    createdAt: change.now,
  });
}

function requireModerator(actor: Actor | null): Actor {
  const me = requireActor(actor);
  if (!canModerate(me)) throw new ForbiddenError('moderation.forbidden');
  return me;
}

/** The member `me` is about to suspend or lift: 404 `user.not_found`, or 403 when they may not. */
async function memberToAct(ctx: ServiceContext, me: Actor, userId: number): Promise<User> {
  const member = await getUser(ctx, userId);
  const refusal = suspendRefusal(me, member);
  if (refusal) throw new ForbiddenError(refusal);
  return member;
}

/**
 * Suspends a member for `days` (1–365) with a reason: from now on they read but cannot write
 * (platform/http/auth.ts refuses their writes), until the time passes or it is lifted. Logged.
 */
export async function suspendMember(
  ctx: ServiceContext,
  actor: Actor | null,
  userId: number,
  input: { readonly days: unknown; readonly reason: unknown },
): Promise<Suspension> {
  const me = requireModerator(actor);
  const checked = checkSuspension(input);
  if (!checked.ok) throw new ValidationError(checked.problems);
  const member = await memberToAct(ctx, me, userId);
  return runTransaction(ctx, async (trx) => {
    await lockMemberById(trx, member.id);
    const now = ctx.clock.now();
    if (await findActiveSuspension(trx, member.id, now))
      throw new ConflictError('moderation.already_suspended');
    const suspension = await insertSuspension(trx, {
      userId: member.id,
      moderatorId: me.userId,
      reason: checked.reason,
      startsAt: now,
      endsAt: suspensionEnd(now, checked.days),
    });
    await recordModerationAction(ctx, trx, {
      actorId: me.userId,
      action: 'suspend',
      target: { kind: 'user', id: member.id },
      reason: checked.reason,
      details: String(checked.days),
    });
    return suspension;
  });
}

/** Ends a member's suspension before its time (with an optional reason). Logged. */
export async function liftSuspension(
  ctx: ServiceContext,
  actor: Actor | null,
  userId: number,
  input: { readonly reason?: unknown } = {},
): Promise<Suspension> {
  const me = requireModerator(actor);
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (reason.length > REASON_MAX) {
    throw new ValidationError({ reason: { code: 'validation.too_long', params: { max: REASON_MAX } } });
  }
  const member = await memberToAct(ctx, me, userId);
  return runTransaction(ctx, async (trx) => {
    await lockMemberById(trx, member.id);
    const now = ctx.clock.now();
    const active = await findActiveSuspension(trx, member.id, now);
    if (!active) throw new ConflictError('moderation.not_suspended');
    const lifted = await setSuspensionLifted(trx, active.id, { liftedBy: me.userId, liftedAt: now });
    await recordModerationAction(ctx, trx, {
      actorId: me.userId,
      action: 'lift',
      target: { kind: 'user', id: member.id },
      reason: reason === '' ? null : reason,
    });
    return lifted;
  });
}

/** An actor carrying the suspension the lookup found (`suspensionOfUserQuery`'s JSON value). */
export function withSuspension(actor: Actor, found: { until: string; reason: string }): Actor {
  const suspension: ActorSuspension = { until: new Date(found.until), reason: found.reason };
  return { ...actor, suspension };
}

/** What a moderator sees of a member: who they are, the suspension in force and the history. */
export interface MemberModeration {
  readonly member: User;
  readonly active: Suspension | undefined;
  readonly history: SuspensionWithNames[];
  /** Why the viewer may not suspend or lift this member, if they may not. */
  readonly refusal: string | undefined;
}

export async function getMemberModeration(
  ctx: ServiceContext,
  actor: Actor | null,
  userId: number,
): Promise<MemberModeration> {
  const me = requireModerator(actor);
  const member = await getUser(ctx, userId);
  const [active, history] = await Promise.all([
    findActiveSuspension(ctx.db, member.id, ctx.clock.now()),
    findSuspensionsOfUser(ctx.db, member.id),
  ]);
  return { member, active, history, refusal: suspendRefusal(me, member) };
}

/** One page of the moderation log, newest first (moderators and admins). */
export async function listModerationLog(
  ctx: ServiceContext,
  actor: Actor | null,
  input: { readonly page?: number; readonly pageSize?: number },
): Promise<{ items: LogEntry[]; total: number; page: number; pageSize: number }> {
  requireModerator(actor);
  const page = input.page ?? 1;
  const pageSize = input.pageSize ?? 30;
  const found = await findLogEntries(ctx.db, { limit: pageSize, offset: (page - 1) * pageSize });
  return { ...found, page, pageSize };
}
