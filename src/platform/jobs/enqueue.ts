import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.js';
import type { JobDefinition } from './registry.js';

/** When and how a job is scheduled. */
export interface EnqueueOptions<P> {
  readonly payload: P;
  /**
   * When it becomes due, by the app clock (`ctx.clock`). Omitted: at once — stored as the
   * database's `now()`, which an app clock never lags in practice (ManualClock starts at real time
   * and only moves forward); a test on a clock fixed in the past passes `runAt: ctx.clock.now()`.
   */
  readonly runAt?: Date;
  /** Schedules the work once: a second enqueue with this key returns the first job (see below). */
  readonly dedupeKey?: string;
  /** Overrides the definition's attempts for this one job. */
  readonly maxAttempts?: number;
}

/** The job a call scheduled, or found already scheduled under its dedupe key. */
export interface EnqueuedJob {
  readonly id: number;
  /** False when a job with the same dedupe key already existed and was left as it was. */
  readonly created: boolean;
}

type Listener = (runAt: Date | null) => void;
const listeners = new Set<Listener>();

/** Runners in this process hear about new jobs at once instead of at their next poll. */
export function onJobEnqueued(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Schedules a job inside the caller's transaction (the outbox: the state change and the job that
 * follows it commit or roll back together). With a `dedupeKey` the work is scheduled once: if a
 * job with that key exists it is returned untouched (`created: false`) whatever its state —
 * except a cancelled one, which is replaced by this enqueue (so cancel + enqueue reschedules).
 */
export async function enqueueJob<P>(
  trx: Kysely<DB>,
  job: JobDefinition<P>,
  options: EnqueueOptions<P>,
): Promise<EnqueuedJob> {
  const maxAttempts = options.maxAttempts ?? job.maxAttempts;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError('maxAttempts must be ≥ 1');
  if (options.runAt && Number.isNaN(options.runAt.getTime()))
    throw new RangeError('runAt is not a valid date');
  const values = {
    name: job.name,
    // JSON text: the jsonb column parses it; undefined would not survive the trip.
    payload: JSON.stringify(options.payload ?? null),
    max_attempts: maxAttempts,
    dedupe_key: options.dedupeKey ?? null,
    ...(options.runAt ? { run_at: options.runAt } : {}),
  };
  const inserted = await trx
    .insertInto('jobs')
    .values(values)
    .onConflict((conflict) =>
      conflict
        .column('dedupe_key')
        .doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          payload: eb.ref('excluded.payload'),
          run_at: eb.ref('excluded.run_at'),
          max_attempts: eb.ref('excluded.max_attempts'),
          state: 'queued',
          attempts: 0,
          last_error: null,
          finished_at: null,
        }))
        .where('jobs.state', '=', 'cancelled'),
    )
    .returning('id')
    .executeTakeFirst();
  if (inserted) {
    for (const listener of listeners) listener(options.runAt ?? null);
    return { id: inserted.id, created: true };
  }
  // The key is taken by a live (or finished) job; the insert above waited for its transaction.
  const existing = await trx
    .selectFrom('jobs')
    .select('id')
    .where('dedupe_key', '=', values.dedupe_key)
    .executeTakeFirstOrThrow();
  return { id: existing.id, created: false };
}

/**
 * Cancels the queued job with this dedupe key, in the caller's transaction; true when one was
 * cancelled. A job already running, done or failed is left alone: its handler must check the
 * state it acts on anyway (handlers are idempotent).
 */
export async function cancelJob(trx: Kysely<DB>, dedupeKey: string): Promise<boolean> {
  const result = await trx
    .updateTable('jobs')
    .set({ state: 'cancelled', finished_at: sql<Date>`now()` })
    .where('dedupe_key', '=', dedupeKey)
    .where('state', '=', 'queued')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
