/**
 * What happens to a job after its handler fails: pure functions of the attempt count, the
 * policy, `now` and a random number, so the schedule can be tested without a database.
 */

/** How long to wait between attempts: doubling from `baseSeconds`, never above `maxSeconds`. */
export interface RetryPolicy {
  readonly baseSeconds: number;
  readonly maxSeconds: number;
}

/** 15 s, 30 s, 1 min, 2 min … capped at 1 h: rides out a gateway outage without hammering it. */
export const defaultRetryPolicy: RetryPolicy = { baseSeconds: 15, maxSeconds: 3600 };

/** Attempts a job gets unless its definition or its enqueue call says otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 8;

/**
 * Delay before the next try after failed attempt number `attempt` (1-based): the exponential step
 * `min(max, base · 2^(attempt−1))`, then "equal jitter" — a random point in its upper half — so
 * jobs that failed together (one outage) do not all come back in the same second, yet none comes
 * back sooner than half its step. `random` is in [0, 1).
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy, random: number): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be ≥ 1, got ${attempt}`);
  const cappedRandom = Math.min(Math.max(random, 0), 1);
  // 2^(attempt−1) overflows to Infinity for huge attempts; the cap takes over long before.
  const stepMs = Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** (attempt - 1)) * 1000;
  return Math.round(stepMs / 2 + (stepMs / 2) * cappedRandom);
}

/** Where a failed job goes next. */
export type AfterFailure = { readonly state: 'failed' } | { readonly state: 'queued'; readonly runAt: Date };

/**
 * After attempt `attempts` of `maxAttempts` failed at `now`: back to the queue after the backoff
 * delay, or `failed` for good when the attempts are used up or the error said retrying is futile.
 */
export function afterFailure(
  input: { attempts: number; maxAttempts: number; now: Date; permanent: boolean },
  policy: RetryPolicy,
  random: number,
): AfterFailure {
  if (input.permanent || input.attempts >= input.maxAttempts) return { state: 'failed' };
  return {
    state: 'queued',
    runAt: new Date(input.now.getTime() + retryDelayMs(input.attempts, policy, random)),
  };
}
