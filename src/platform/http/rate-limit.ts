import type { Redis } from 'ioredis';
import { type Kysely, sql } from 'kysely';
import type { RateLimitRule } from '../../config.js';
import type { DB } from '../db/schema.js';
import { RateLimitedError } from './errors.js';

/**
 * Fixed-window counters shared by every app process: in the database by default, or in Redis.
 * Never in process memory, since several app processes may serve one community.
 */
export interface RateLimitStore {
  /** Counts one hit on `key` in the window that contains `now`; returns the hits so far and when it resets. */
  hit(key: string, windowSeconds: number, now: Date): Promise<{ hits: number; resetAt: Date }>;
  /** Takes one hit back from the window that contains `now` (an attempt that turned out not to count). */
  unhit(key: string, windowSeconds: number, now: Date): Promise<void>;
  /** The hits so far in the window that contains `now`, without counting one. */
  count(key: string, windowSeconds: number, now: Date): Promise<number>;
}

function windowStartOf(now: Date, windowSeconds: number): Date {
  const size = windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / size) * size);
}

/** Counters in the `rate_limit_counters` table; one atomic upsert per hit. */
export class DatabaseRateLimitStore implements RateLimitStore {
  constructor(private readonly db: Kysely<DB>) {}

  async hit(key: string, windowSeconds: number, now: Date) {
    const windowStart = windowStartOf(now, windowSeconds);
    const resetAt = windowEndOf(now, windowSeconds);
    const row = await this.db
      .insertInto('rate_limit_counters')
      .values({ key, window_start: windowStart, hits: 1, expires_at: resetAt })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          hits: sql<number>`case when rate_limit_counters.window_start = excluded.window_start
            then rate_limit_counters.hits + 1 else 1 end`,
          window_start: (eb) => eb.ref('excluded.window_start'),
          expires_at: (eb) => eb.ref('excluded.expires_at'),
        }),
      )
      .returning(['hits'])
      .executeTakeFirstOrThrow();
    // Expired counters are dead weight; sweeping a few now and then keeps the table small.
    if (Math.random() < 0.01) {
      await this.db.deleteFrom('rate_limit_counters').where('expires_at', '<', now).execute();
    }
    return { hits: row.hits, resetAt };
  }

  async unhit(key: string, windowSeconds: number, now: Date) {
    await this.db
      .updateTable('rate_limit_counters')
      .set({ hits: sql<number>`hits - 1` })
      .where('key', '=', key)
      .where('window_start', '=', windowStartOf(now, windowSeconds))
      .where('hits', '>', 0)
      .execute();
  }

  async count(key: string, windowSeconds: number, now: Date) {
    const row = await this.db
      .selectFrom('rate_limit_counters')
      .select('hits')
      .where('key', '=', key)
      .where('window_start', '=', windowStartOf(now, windowSeconds))
      .executeTakeFirst();
    return row?.hits ?? 0;
  }
}

// Decrements only a counter that still exists, so a late take-back never leaves a negative key behind.
const UNHIT_SCRIPT =
  "if redis.call('exists', KEYS[1]) == 1 then return redis.call('decr', KEYS[1]) end return 0";

/** Counters as Redis keys that expire with their window. */
export class RedisRateLimitStore implements RateLimitStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'techqa:rl:',
  ) {}

  async hit(key: string, windowSeconds: number, now: Date) {
    const resetAt = windowEndOf(now, windowSeconds);
    const redisKey = this.keyOf(key, windowSeconds, now);
    // The window is in the app's clock; the TTL only needs to outlive it, in Redis's own clock.
    const result = await this.redis
      .multi()
      .incr(redisKey)
      .pexpire(redisKey, windowSeconds * 1000)
      .exec();
    const [incrError, hits] = result?.[0] ?? [new Error('empty redis reply'), 0];
    if (incrError) throw incrError;
    return { hits: Number(hits), resetAt };
  }

  private keyOf(key: string, windowSeconds: number, now: Date): string {
    return `${this.prefix}${key}:${windowStartOf(now, windowSeconds).getTime()}`;
  }

  async unhit(key: string, windowSeconds: number, now: Date) {
    await this.redis.eval(UNHIT_SCRIPT, 1, this.keyOf(key, windowSeconds, now));
  }

  async count(key: string, windowSeconds: number, now: Date) {
    return Number((await this.redis.get(this.keyOf(key, windowSeconds, now))) ?? 0);
  }
}

/**
 * Counts a hit and throws 429 `rate.limited` (with Retry-After) once `rule.max` is exceeded;
 * returns the hits so far in this window, this one included.
 */
export async function consumeRateLimit(
  store: RateLimitStore,
  key: string,
  rule: RateLimitRule,
  now: Date,
): Promise<number> {
  const { hits, resetAt } = await store.hit(key, rule.windowSeconds, now);
  if (hits > rule.max) throw new RateLimitedError(secondsUntil(resetAt, now));
  return hits;
}

/**
 * Counts an attempt that may turn out not to count (a correct password): the hit is taken at
 * once, so parallel attempts cannot slip past the limit, and `release()` takes it back.
 */
export async function reserveRateLimit(
  store: RateLimitStore,
  key: string,
  rule: RateLimitRule,
  now: Date,
): Promise<{ hits: number; release: () => Promise<void> }> {
  const hits = await consumeRateLimit(store, key, rule, now);
  return { hits, release: () => store.unhit(key, rule.windowSeconds, now) };
}

/** Throws 429 `rate.limited` when `key` has already reached `rule.max` in this window; counts nothing. */
export async function checkRateLimit(
  store: RateLimitStore,
  key: string,
  rule: RateLimitRule,
  now: Date,
): Promise<void> {
  const hits = await store.count(key, rule.windowSeconds, now);
  if (hits >= rule.max) throw new RateLimitedError(secondsUntil(windowEndOf(now, rule.windowSeconds), now));
}

function windowEndOf(now: Date, windowSeconds: number): Date {
  return new Date(windowStartOf(now, windowSeconds).getTime() + windowSeconds * 1000);
}

function secondsUntil(time: Date, now: Date): number {
  return (time.getTime() - now.getTime()) / 1000;
}
