import type { ClientInfo, ServiceContext } from '../../platform/context.js';
import { type Actor, newCsrfToken } from '../../platform/http/auth.js';
import {
  type Db,
  deleteSession,
  findSessionWithUser,
  insertSession,
  type User,
  type UserReads,
  updateSessionLastSeen,
} from './accounts.repository.js';
import { actorFacetSlot } from './actor.slots.js';
import { hashSecret, newSecret } from './secrets.js';

/** A session just started: the cookie value is known only here and to the browser. */
export interface StartedSession {
  readonly cookieValue: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
  readonly user: User;
}

/** How often last_seen_at is written: sliding expiry without a write on every request. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Opens a session for `user` inside the caller's transaction, with a fresh id every time (no
 * fixation), ending the session it replaces if the browser still had one.
 */
export async function startSession(
  ctx: ServiceContext,
  trx: Db,
  user: User,
  client: ClientInfo,
): Promise<StartedSession> {
  if (client.sessionCookie) await deleteSession(trx, hashSecret(client.sessionCookie));
  const now = ctx.clock.now();
  const cookieValue = newSecret();
  const csrfToken = newCsrfToken();
  const expiresAt = new Date(now.getTime() + ctx.config.session.absoluteDays * 86_400_000);
  await insertSession(trx, {
    idHash: hashSecret(cookieValue),
    userId: user.id,
    csrfToken,
    now,
    expiresAt,
    ip: client.ip,
    userAgent: client.userAgent?.slice(0, 300) ?? null,
  });
  return { cookieValue, csrfToken, expiresAt, user };
}

export function actorOf(user: User, extra: Partial<Actor> & Pick<Actor, 'via'>): Actor {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    timeZone: user.timeZone,
    ...extra,
  };
}

/**
 * What modules above accounts add to an actor (`actorFacetSlot`): their reads at `now`, for the
 * one lookup of the session or token, and how to put what they found on the actor.
 */
export function actorFacets(ctx: ServiceContext, now: Date) {
  const facets = ctx.extensions.list(actorFacetSlot);
  return {
    reads: facets.map((facet) => (eb) => facet.read(eb, now)) satisfies UserReads,
    apply: (actor: Actor, values: readonly unknown[]): Actor =>
      facets.reduce((marked, facet, i) => {
        const value = values[i];
        return value === null || value === undefined ? marked : facet.apply(marked, value);
      }, actor),
  };
}

/**
 * The actor behind a session cookie, or null when it is unknown, past its absolute expiry, or
 * idle for longer than allowed (an expired session is deleted on sight).
 */
export async function resolveSession(ctx: ServiceContext, cookieValue: string): Promise<Actor | null> {
  if (cookieValue.length > 100) return null;
  const idHash = hashSecret(cookieValue);
  const now = ctx.clock.now();
  const facets = actorFacets(ctx, now);
  const session = await findSessionWithUser(ctx.db, idHash, facets.reads);
  if (!session) return null;
  const idleDeadline = session.lastSeenAt.getTime() + ctx.config.session.idleMinutes * 60_000;
  if (now >= session.expiresAt || now.getTime() >= idleDeadline) {
    await deleteSession(ctx.db, idHash);
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
    await updateSessionLastSeen(ctx.db, idHash, now);
  }
  return facets.apply(
    actorOf(session.user, { via: 'session', sessionIdHash: idHash, csrfToken: session.csrfToken }),
    session.reads,
  );
}

/** Ends one session server-side; unknown cookies are ignored (logging out twice is fine). */
export async function endSession(ctx: ServiceContext, cookieValue: string): Promise<void> {
  await deleteSession(ctx.db, hashSecret(cookieValue));
}
