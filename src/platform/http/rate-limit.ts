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
    const resetAt = new Date(windowStart.getTime() + windowSeconds * 1000);
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
}

/** Counters as Redis keys that expire with their window. */
export class RedisRateLimitStore implements RateLimitStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'techqa:rl:',
  ) {}

  async hit(key: string, windowSeconds: number, now: Date) {
    const windowStart = windowStartOf(now, windowSeconds);
    const resetAt = new Date(windowStart.getTime() + windowSeconds * 1000);
    const redisKey = `${this.prefix}${key}:${windowStart.getTime()}`;
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
}

/** Counts a hit and throws 429 `rate.limited` (with Retry-After) once `rule.max` is exceeded. */
export async function consumeRateLimit(
  store: RateLimitStore,
  key: string,
  rule: RateLimitRule,
  now: Date,
): Promise<void> {
  const { hits, resetAt } = await store.hit(key, rule.windowSeconds, now);
  if (hits > rule.max) throw new RateLimitedError((resetAt.getTime() - now.getTime()) / 1000);
}
