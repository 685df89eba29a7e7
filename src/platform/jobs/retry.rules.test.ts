import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { afterFailure, defaultRetryPolicy, retryDelayMs } from './retry.rules.js';

const policy = { baseSeconds: 10, maxSeconds: 300 };

describe('retryDelayMs', () => {
  test('doubles per attempt, with jitter between half and all of the step', () => {
    assert.equal(retryDelayMs(1, policy, 0), 5_000);
    assert.equal(retryDelayMs(1, policy, 0.999999), 10_000);
    assert.equal(retryDelayMs(2, policy, 0), 10_000);
    assert.equal(retryDelayMs(3, policy, 0.5), 30_000);
    assert.equal(retryDelayMs(4, policy, 0), 40_000);
  });

  test('never exceeds the cap, even for absurd attempt counts', () => {
    for (const attempt of [6, 10, 100, 5000]) {
      const low = retryDelayMs(attempt, policy, 0);
      const high = retryDelayMs(attempt, policy, 0.999999);
      assert.equal(low, 150_000);
      assert.ok(high <= 300_000 && high > 299_000, `attempt ${attempt}: ${high}`);
    }
  });

  test('is monotone in the attempt for a fixed random draw, and bounded for any draw', () => {
    for (const random of [0, 0.25, 0.5, 0.75, 0.99]) {
      let previous = 0;
      for (let attempt = 1; attempt <= 20; attempt += 1) {
        const delay = retryDelayMs(attempt, defaultRetryPolicy, random);
        assert.ok(delay >= previous, `attempt ${attempt}`);
        assert.ok(delay <= defaultRetryPolicy.maxSeconds * 1000);
        previous = delay;
      }
    }
  });

  test('clamps a random number outside [0, 1) and rejects a bad attempt', () => {
    assert.equal(retryDelayMs(1, policy, -3), 5_000);
    assert.equal(retryDelayMs(1, policy, 7), 10_000);
    assert.throws(() => retryDelayMs(0, policy, 0.5), RangeError);
    assert.throws(() => retryDelayMs(1.5, policy, 0.5), RangeError);
  });
});

describe('afterFailure', () => {
  const now = new Date('2026-01-01T00:00:00Z');

  test('queues the job again after the backoff while attempts remain', () => {
    const next = afterFailure({ attempts: 2, maxAttempts: 3, now, permanent: false }, policy, 0);
    assert.deepEqual(next, { state: 'queued', runAt: new Date(now.getTime() + 10_000) });
  });

  test('fails the job once the last attempt failed', () => {
    assert.deepEqual(afterFailure({ attempts: 3, maxAttempts: 3, now, permanent: false }, policy, 0), {
      state: 'failed',
    });
  });

  test('fails at once when the handler said retrying is futile', () => {
    assert.deepEqual(afterFailure({ attempts: 1, maxAttempts: 8, now, permanent: true }, policy, 0), {
      state: 'failed',
    });
  });
});
