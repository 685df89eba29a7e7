import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../context.js';
import { runTransaction } from '../db/transaction.js';
import { isMessageKey, type MessageParams } from '../i18n/index.js';
import { defineJob, enqueueJob } from '../jobs/index.js';
import { requireActor, routeScopeOf } from './auth.js';
import { AppError, BadRequestError, ConflictError, type FieldProblems } from './errors.js';
import { isApiRequest } from './request-context.js';

/**
 * The Idempotency-Key contract of API.md for money-moving POSTs. A member's key names one
 * request: the first one with it is claimed (a unique row, committed before the work runs), its
 * result is stored, and a repeat with the same body gets that result again (status and body),
 * however often it is sent; nothing moves twice. The same key with another body is a 422
 * `idempotency.key_reused`; a repeat while the first still runs is a 409 `idempotency.in_progress`.
 * Keys are scoped per member and forgotten after IDEMPOTENCY_TTL_HOURS (a job deletes them).
 *
 * The work runs outside any transaction (it may open its own, or call a gateway), so a crash can
 * leave a claim without a result: after CLAIM_SECONDS a repeat takes the claim over and runs the
 * work again. Work must therefore derive its own idempotency (ledger posting keys, unique request
 * columns) from `scopedKey`, so a second run finds what the first one wrote.
 */

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** The hidden form field pages send the key in, fresh with each rendered form. */
export const IDEMPOTENCY_FIELD = 'idempotencyKey';
export const IDEMPOTENCY_TTL_HOURS = 24;
/** How long a claim without a result is respected before a repeat may take it over. */
export const CLAIM_SECONDS = 60;

const KEY = /^[\x21-\x7e]{1,200}$/;
const HOUR_MS = 3600_000;

/** What a money-moving route answers; stored as JSON and replayed to repeats. */
export interface IdempotentResponse {
  readonly status: number;
  readonly body?: unknown;
  /** For a page form: where the 303 sends the browser. */
  readonly location?: string;
}

export interface IdempotentResult extends IdempotentResponse {
  /** True when this is the stored result of an earlier request with the same key. */
  readonly replayed: boolean;
}

export interface IdempotencyRequest {
  readonly userId: number;
  /** The client's key, as sent. */
  readonly key: string;
  /** Fingerprint of what the request asks for (method, path, body): see requestHashOf. */
  readonly requestHash: string;
}

/** What the work learns: `scopedKey` (`idem:<userId>:<key>`) is unique per member and key. */
export interface IdempotencyScope {
  readonly key: string;
  readonly scopedKey: string;
}

interface StoredError {
  readonly error: { code: string; params?: MessageParams; fields?: FieldProblems };
}

/** Deletes every key whose time is up; enqueued once per day of keys (see claim). */
export const cleanupIdempotencyKeys = defineJob<Record<string, never>>(
  'idempotency.cleanup',
  async (_payload, { ctx }) => {
    await ctx.db.deleteFrom('idempotency_keys').where('expires_at', '<=', ctx.clock.now()).execute();
  },
);

/** The key, if 1–200 printable ASCII characters without spaces; else a 400 idempotency.key_invalid. */
export function checkIdempotencyKey(key: unknown): string {
  if (typeof key !== 'string' || !KEY.test(key)) throw new BadRequestError('idempotency.key_invalid');
  return key;
}

/** JSON with object keys sorted at every level: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, inner]) => inner !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([name, inner]) => `${JSON.stringify(name)}:${canonicalJson(inner)}`).join(',')}}`;
}

/** What makes two requests "the same": method, path (not the query) and body, minus the CSRF token and the key itself. */
export function requestHashOf(request: FastifyRequest): string {
  const path = request.url.split('?', 1)[0] ?? request.url;
  let body = request.body;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const {
      _csrf: _ignoredCsrf,
      [IDEMPOTENCY_FIELD]: _ignoredKey,
      ...rest
    } = body as Record<string, unknown>;
    body = rest;
  }
  return createHash('sha256')
    .update(`${request.method} ${path}\n${canonicalJson(body)}`)
    .digest('hex');
}

/**
 * The request's key: the `Idempotency-Key` header, or on pages the hidden `idempotencyKey` field.
 * Missing: 400 idempotency.key_required; malformed: 400 idempotency.key_invalid.
 */
export function idempotencyKeyOf(request: FastifyRequest): string {
  const header = request.headers[IDEMPOTENCY_HEADER];
  let key: unknown = Array.isArray(header) ? header[0] : header;
  if (key === undefined && !isApiRequest(request)) {
    const body = request.body as Record<string, unknown> | undefined;
    key = body && typeof body === 'object' ? body[IDEMPOTENCY_FIELD] : undefined;
  }
  if (key === undefined || key === '') throw new BadRequestError('idempotency.key_required');
  return checkIdempotencyKey(key);
}

/** The member's namespaced key, for postings and unique columns the work writes. */
export function scopedKeyOf(userId: number, key: string): string {
  return `idem:${userId}:${key}`;
}

function startOfUtcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

type Claim = { kind: 'claimed'; id: number } | { kind: 'replay'; result: IdempotentResult };

function replayOf(status: number, stored: unknown): IdempotentResult {
  const value = (stored ?? {}) as { body?: unknown; location?: string } & Partial<StoredError>;
  if (value.error) {
    const code = isMessageKey(value.error.code) ? value.error.code : 'server.internal';
    throw new AppError(status, code, {
      ...(value.error.params ? { params: value.error.params } : {}),
      ...(value.error.fields ? { fields: value.error.fields } : {}),
    });
  }
  return {
    status,
    body: value.body ?? null,
    ...(value.location ? { location: value.location } : {}),
    replayed: true,
  };
}

/** Claims the key (or an expired or abandoned claim of it), or finds the stored result. */
async function claim(ctx: ServiceContext, request: IdempotencyRequest): Promise<Claim> {
  const now = ctx.clock.now();
  const lockedUntil = new Date(now.getTime() + CLAIM_SECONDS * 1000);
  const expiresAt = new Date(now.getTime() + IDEMPOTENCY_TTL_HOURS * HOUR_MS);
  return runTransaction(ctx, async (trx): Promise<Claim> => {
    // A racing insert of the same key waits here for ours to commit, then sees our claim.
    const inserted = await trx
      .insertInto('idempotency_keys')
      .values({
        user_id: request.userId,
        key: request.key,
        request_hash: request.requestHash,
        status: 'in_progress',
        locked_until: lockedUntil,
        created_at: now,
        expires_at: expiresAt,
      })
      .onConflict((oc) =>
        oc
          .constraint('idempotency_keys_member_key')
          .doUpdateSet({
            request_hash: request.requestHash,
            status: 'in_progress',
            locked_until: lockedUntil,
            response_status: null,
            response_body: null,
            completed_at: null,
            expires_at: expiresAt,
          })
          // Only an expired key is reused; the conflicting row is locked either way.
          .where('idempotency_keys.expires_at', '<=', now),
      )
      .returning('id')
      .executeTakeFirst();
    if (inserted) {
      await enqueueJob(trx, cleanupIdempotencyKeys, {
        payload: {},
        runAt: new Date(startOfUtcDay(now).getTime() + (24 + IDEMPOTENCY_TTL_HOURS) * HOUR_MS),
        dedupeKey: `idempotency.cleanup:${startOfUtcDay(now).toISOString().slice(0, 10)}`,
      });
      return { kind: 'claimed', id: inserted.id };
    }
    const row = await trx
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('user_id', '=', request.userId)
      .where('key', '=', request.key)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (row.request_hash !== request.requestHash) throw new AppError(422, 'idempotency.key_reused');
    if (row.status === 'completed') {
      return {
        kind: 'replay',
        result: replayOf(row.response_status ?? 200, JSON.parse(row.response_body ?? 'null')),
      };
    }
    if (row.locked_until && row.locked_until > now) throw new ConflictError('idempotency.in_progress');
    // The first holder died without a result: take over (its writes, if any, are found by scopedKey).
    await trx
      .updateTable('idempotency_keys')
      .set({ locked_until: lockedUntil })
      .where('id', '=', row.id)
      .execute();
    return { kind: 'claimed', id: row.id };
  });
}

async function complete(ctx: ServiceContext, id: number, status: number, stored: unknown): Promise<void> {
  await ctx.db
    .updateTable('idempotency_keys')
    .set({
      status: 'completed',
      locked_until: null,
      response_status: status,
      response_body: JSON.stringify(stored ?? null),
      completed_at: ctx.clock.now(),
    })
    .where('id', '=', id)
    .where('status', '=', 'in_progress')
    .execute();
}

/**
 * Runs `work` once per (member, key, request): the first call claims the key, runs the work and
 * stores its result (or its 4xx refusal); later calls with the same request get the stored result
 * (`replayed`) or the stored refusal thrown again. Throws 422 idempotency.key_reused, 409
 * idempotency.in_progress. A 5xx or unexpected error releases the claim, so a retry runs afresh.
 */
export async function runIdempotently(
  ctx: ServiceContext,
  request: IdempotencyRequest,
  work: (scope: IdempotencyScope) => Promise<IdempotentResponse>,
): Promise<IdempotentResult> {
  const key = checkIdempotencyKey(request.key);
  const claimed = await claim(ctx, { ...request, key });
  if (claimed.kind === 'replay') return claimed.result;
  let response: IdempotentResponse;
  try {
    response = await work({ key, scopedKey: scopedKeyOf(request.userId, key) });
  } catch (error) {
    if (error instanceof AppError && error.status < 500) {
      const stored: StoredError = {
        error: {
          code: error.code,
          ...(error.params ? { params: error.params } : {}),
          ...(error.fields ? { fields: error.fields } : {}),
        },
      };
      await complete(ctx, claimed.id, error.status, stored);
    } else {
      await ctx.db
        .deleteFrom('idempotency_keys')
        .where('id', '=', claimed.id)
        .where('status', '=', 'in_progress')
        .execute();
    }
    throw error;
  }
  const stored = {
    // A JSON round trip now, so the first answer and its replays are the same text (dates as ISO strings).
    body: response.body === undefined ? null : JSON.parse(JSON.stringify(response.body)),
    ...(response.location ? { location: response.location } : {}),
  };
  await complete(ctx, claimed.id, response.status, stored);
  return { status: response.status, ...stored, replayed: false };
}

/**
 * The route-side helper: signed-in member (401), their key (400), then runIdempotently, and the
 * reply sent (a 303 to `location` for page forms). Replays carry `Idempotent-Replayed: true`.
 */
export async function withIdempotency(
  ctx: ServiceContext,
  request: FastifyRequest,
  reply: FastifyReply,
  work: (scope: IdempotencyScope) => Promise<IdempotentResponse>,
): Promise<FastifyReply> {
  // A route that moves money must say so, or a token without the money scope could call it.
  const scope = routeScopeOf(request);
  if (scope !== 'money' && scope !== 'session') {
    throw new Error(
      `${request.method} ${request.routeOptions.url} moves money: declare config.scope 'money'`,
    );
  }
  const actor = requireActor(request.actor);
  const key = idempotencyKeyOf(request);
  const result = await runIdempotently(
    ctx,
    { userId: actor.userId, key, requestHash: requestHashOf(request) },
    work,
  );
  if (result.replayed) reply.header('idempotent-replayed', 'true');
  if (result.location) return reply.redirect(result.location, result.status as 303);
  return reply.status(result.status).send(result.body);
}
