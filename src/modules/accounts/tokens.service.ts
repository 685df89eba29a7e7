import type { Page, ServiceContext } from '../../platform/context.js';
import { type Actor, requireActor } from '../../platform/http/auth.js';
import { NotFoundError, ValidationError } from '../../platform/http/errors.js';
import {
  type AccessToken,
  countAccessTokensOfUser,
  deleteAccessToken,
  findAccessTokensOfUser,
  findAccessTokenWithUser,
  insertAccessToken,
  updateAccessTokenLastUsed,
} from './accounts.repository.js';
import {
  checkTokenExpiryDays,
  checkTokenName,
  checkTokenScopes,
  collectProblems,
  tokenExpiryOf,
} from './accounts.rules.js';
import { hashSecret, newAccessToken, TOKEN_PREFIX } from './secrets.js';
import { actorFacets, actorOf } from './sessions.service.js';

const TOUCH_INTERVAL_MS = 60_000;

/** Creates a personal access token; the secret is in the result once and never again. */
export async function createAccessToken(
  ctx: ServiceContext,
  actor: Actor | null,
  input: { name: string; scopes?: readonly string[] | undefined; expiresInDays?: number | undefined },
): Promise<AccessToken & { token: string }> {
  const me = requireActor(actor);
  const scopes = checkTokenScopes(input.scopes);
  const fields = collectProblems({
    name: checkTokenName(input.name),
    scopes: scopes.ok ? undefined : scopes.problem,
    expiresInDays: checkTokenExpiryDays(input.expiresInDays),
  });
  if (fields || !scopes.ok) throw new ValidationError(fields ?? {});
  const now = ctx.clock.now();
  const token = newAccessToken();
  const saved = await insertAccessToken(ctx.db, {
    userId: me.userId,
    name: input.name.trim(),
    tokenHash: hashSecret(token),
    scopes: scopes.value,
    expiresAt: tokenExpiryOf(now, input.expiresInDays),
    now,
  });
  return { ...saved, token };
}

/** The caller's tokens, newest first, one page at a time. */
export async function listAccessTokens(
  ctx: ServiceContext,
  actor: Actor | null,
  page: { page: number; pageSize: number } = { page: 1, pageSize: 100 },
): Promise<Page<AccessToken>> {
  const me = requireActor(actor);
  const [items, total] = await Promise.all([
    findAccessTokensOfUser(ctx.db, me.userId, {
      limit: page.pageSize,
      offset: (page.page - 1) * page.pageSize,
    }),
    countAccessTokensOfUser(ctx.db, me.userId),
  ]);
  return { items, total, page: page.page, pageSize: page.pageSize };
}

/** Revokes one of the caller's tokens at once; someone else's token is `token.not_found`. */
export async function revokeAccessToken(
  ctx: ServiceContext,
  actor: Actor | null,
  tokenId: number,
): Promise<void> {
  const me = requireActor(actor);
  const deleted = await deleteAccessToken(ctx.db, me.userId, tokenId);
  if (deleted === 0) throw new NotFoundError('token.not_found');
}

/** The actor behind a bearer token, or null for anything unknown, revoked or expired. */
export async function resolveAccessToken(ctx: ServiceContext, token: string): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
  const now = ctx.clock.now();
  const facets = actorFacets(ctx, now);
  const found = await findAccessTokenWithUser(ctx.db, hashSecret(token), facets.reads);
  if (!found) return null;
  const { id, lastUsedAt, expiresAt, scopes } = found.token;
  if (expiresAt && now >= expiresAt) return null;
  if (!lastUsedAt || now.getTime() - lastUsedAt.getTime() >= TOUCH_INTERVAL_MS) {
    await updateAccessTokenLastUsed(ctx.db, id, now);
  }
  return facets.apply(actorOf(found.user, { via: 'token', tokenId: id, tokenScopes: scopes }), found.reads);
}
