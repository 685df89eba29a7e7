import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { createTestDatabase } from '../../../test/db.js';
import type { Database } from '../db/index.js';
import { AppError } from './errors.js';
import {
  checkRateLimit,
  consumeRateLimit,
  DatabaseRateLimitStore,
  type RateLimitStore,
  RedisRateLimitStore,
  reserveRateLimit,
} from './rate-limit.js';

const rule = { max: 3, windowSeconds: 60 };
const t0 = new Date('2026-01-01T00:00:00Z');

function storeContract(name: string, makeStore: () => RateLimitStore) {
  describe(name, () => {
    test('allows up to max hits per window, then 429 rate.limited with Retry-After', async () => {
      const store = makeStore();
      const key = `k:${Math.random()}`;
      for (let i = 0; i < rule.max; i++) await consumeRateLimit(store, key, rule, t0);
      const refused = await consumeRateLimit(store, key, rule, new Date(t0.getTime() + 15_000)).catch(
        (e) => e,
      );
      assert.ok(refused instanceof AppError);
      assert.equal(refused.status, 429);
      assert.equal(refused.code, 'rate.limited');
      assert.equal(refused.headers?.['retry-after'], '45');
    });

    test('a new window starts from zero', async () => {
      const store = makeStore();
      const key = `k:${Math.random()}`;
      for (let i = 0; i < rule.max; i++) await consumeRateLimit(store, key, rule, t0);
      await consumeRateLimit(store, key, rule, new Date(t0.getTime() + 60_000));
    });

    test('keys are independent', async () => {
      const store = makeStore();
      for (let i = 0; i < rule.max; i++) await consumeRateLimit(store, `a:${t0.getTime()}x`, rule, t0);
      await consumeRateLimit(store, `b:${t0.getTime()}x${Math.random()}`, rule, t0);
    });

    test('a reserved hit taken back is not counted; count reads without counting', async () => {
      const store = makeStore();
      const key = `k:${Math.random()}`;
      for (let i = 0; i < 10; i++) {
        const { release } = await reserveRateLimit(store, key, rule, t0);
        await release();
      }
      assert.equal(await store.count(key, 60, t0), 0);
      await consumeRateLimit(store, key, rule, t0);
      await consumeRateLimit(store, key, rule, t0);
      assert.equal(await store.count(key, 60, t0), 2);
      await checkRateLimit(store, key, rule, t0);
      await consumeRateLimit(store, key, rule, t0);
      const refused = await checkRateLimit(store, key, rule, new Date(t0.getTime() + 15_000)).catch((e) => e);
      assert.equal(refused.code, 'rate.limited');
      assert.equal(refused.headers?.['retry-after'], '45');
      // Taking back a hit of a window gone by leaves the new window alone.
      await store.unhit(key, 60, new Date(t0.getTime() - 60_000));
      assert.equal(await store.count(key, 60, t0), 3);
      await store.unhit(`never:${Math.random()}`, 60, t0);
    });

    test('concurrent hits are all counted (no lost updates)', async () => {
      const store = makeStore();
      const key = `k:${Math.random()}`;
      const results = await Promise.all(Array.from({ length: 20 }, () => store.hit(key, 60, t0)));
      assert.deepEqual(
        results.map((r) => r.hits).sort((a, b) => a - b),
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
    });
  });
}

let database: Database;
before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database?.close();
});
storeContract('DatabaseRateLimitStore', () => new DatabaseRateLimitStore(database.db));

const redisUrl = process.env.TEST_REDIS_URL;
if (redisUrl) {
  let redis: Redis;
  before(() => {
    redis = new Redis(redisUrl);
  });
  after(() => redis?.disconnect());
  storeContract('RedisRateLimitStore', () => new RedisRateLimitStore(redis, `techqa-test:${process.pid}:`));
} else {
  test('RedisRateLimitStore', { skip: 'set TEST_REDIS_URL to run against a Redis server' }, () => {});
}
