import type { ServiceContext } from '../../platform/context.js';

/**
 * Totals of the site-wide question lists (all live questions; unanswered ones), remembered per
 * database for a minute: counting 100,000 rows on every view of `/` buys nothing. Asking,
 * answering and deleting in this process forget them at once; other processes' writes show within
 * the minute. Tag lists read `tags.question_count`, which is exact.
 */

const TTL_MS = 60_000;

interface Remembered {
  readonly value: number;
  readonly expiresAt: number;
}

const byDatabase = new WeakMap<object, Map<string, Remembered>>();

/** The remembered total under `key`, or a fresh one from `count`. */
export async function rememberedCount(
  ctx: ServiceContext,
  /** `all` or `unanswered`, then `:` and the list's language (`*` for every language). */
  key: `${'all' | 'unanswered'}:${string}`,
  count: () => Promise<number>,
): Promise<number> {
  let counts = byDatabase.get(ctx.db);
  if (!counts) {
    counts = new Map();
    byDatabase.set(ctx.db, counts);
  }
  const now = ctx.clock.now().getTime();
  const known = counts.get(key);
  if (known && known.expiresAt > now) return known.value;
  const value = await count();
  counts.set(key, { value, expiresAt: now + TTL_MS });
  return value;
}

/** Forgets the totals after a write that changes them (ask, answer, delete). */
export function forgetCounts(ctx: ServiceContext): void {
  byDatabase.get(ctx.db)?.clear();
}
