import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely, Transaction } from 'kysely';
import { AppError } from '../http/errors.js';
import type { DB } from './schema.js';

/** serialization_failure and deadlock_detected: the database gave up on this try; the same work may succeed on the next. */
const RETRYABLE = new Set(['40001', '40P01']);

/** Tries in all (the first and the retries): enough for a burst, short enough to answer within a second or two. */
export const TRANSACTION_ATTEMPTS = 5;

/** True when `error` is a serialization failure (40001) or a deadlock (40P01), on pg and PGlite alike. */
export function isRetryableConflict(error: unknown): error is { code: string } {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && RETRYABLE.has(code);
}

/** Where the runner reports its retries: the app's logger, or any object with its `warn`. */
export interface TransactionLog {
  warn(obj: object, msg?: string): void;
}

/** What the runner needs from a use case's context. */
export interface TransactionContext {
  readonly db: Kysely<DB>;
  readonly log: TransactionLog;
}

/**
 * The retry log of tools that run without the app's logger (bulk imports, search reindexing from
 * a script): one JSON line per retry on stderr, pino's shape.
 */
export const stderrTransactionLog: TransactionLog = {
  warn(obj, msg) {
    process.stderr.write(`${JSON.stringify({ level: 40, time: Date.now(), ...obj, msg })}\n`);
  },
};

export interface TransactionOptions {
  /** Tries in all (default TRANSACTION_ATTEMPTS). */
  readonly attempts?: number;
  /** Waits before retry `attempt` (1, 2, …); default a few random milliseconds, doubling. Tests pass one that does not sleep. */
  readonly backoff?: (attempt: number) => Promise<void>;
}

function defaultBackoff(attempt: number): Promise<void> {
  const ceiling = 10 * 2 ** attempt;
  return sleep(ceiling / 2 + Math.random() * (ceiling / 2));
}

/**
 * Runs a use case's `work` in one database transaction: the only way a use case opens one. When
 * the database aborts it for contention (a deadlock, 40P01, or a serialization failure, 40001)
 * everything it wrote is rolled back, and `work` runs again in a new transaction, up to
 * `attempts` tries in all, each retry logged. `work` must therefore do nothing outside the
 * database that it would regret repeating (call gateways before or after, never inside). After
 * the last try the caller gets a 503 `server.unavailable` with `Retry-After`, never a 500.
 * Any other error ends it at once, as it was thrown.
 */
export async function runTransaction<T>(
  ctx: TransactionContext,
  work: (trx: Transaction<DB>) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? TRANSACTION_ATTEMPTS;
  const backoff = options.backoff ?? defaultBackoff;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await ctx.db.transaction().execute(work);
    } catch (error) {
      if (!isRetryableConflict(error)) throw error;
      if (attempt >= attempts) {
        ctx.log.warn({ code: error.code, attempts }, 'transaction gave up after repeated conflicts');
        throw new AppError(503, 'server.unavailable', { headers: { 'retry-after': '1' }, cause: error });
      }
      ctx.log.warn({ code: error.code, attempt }, 'transaction conflicted; retrying');
      await backoff(attempt);
    }
  }
}
