import type { Kysely, Selectable } from 'kysely';
import type { DB, JobsTable } from '../db/schema.js';

/** A job row as the runner holds it after claiming it. */
export interface ClaimedJob {
  readonly id: number;
  readonly name: string;
  readonly payload: unknown;
  readonly runAt: Date;
  /** Including the attempt just claimed. */
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly dedupeKey: string | null;
  readonly createdAt: Date;
  readonly lockedBy: string;
}

function toClaimed(row: Selectable<JobsTable>): ClaimedJob {
  return {
    id: row.id,
    name: row.name,
    payload: row.payload,
    runAt: row.run_at,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    dedupeKey: row.dedupe_key,
    createdAt: row.created_at,
    lockedBy: row.locked_by ?? '',
  };
}

/**
 * Claims up to `limit` jobs due at `now` among `names`, in one statement: queued jobs whose
 * run_at has come, and running jobs whose lease ran out (their runner died) with attempts left.
 * `FOR UPDATE SKIP LOCKED` lets concurrent runners take disjoint sets without waiting on each
 * other; a row another runner claimed meanwhile fails the re-check and is not taken twice.
 */
export async function claimDueJobs(
  db: Kysely<DB>,
  input: {
    names: readonly string[];
    now: Date;
    limit: number;
    runnerId: string;
    leaseUntil: Date;
    /** Jobs this runner is running now: a moved test clock must not make it re-claim them. */
    exclude?: readonly number[];
  },
): Promise<ClaimedJob[]> {
  if (input.names.length === 0 || input.limit < 1) return [];
  const rows = await db
    .updateTable('jobs')
    .set((eb) => ({
      state: 'running',
      attempts: eb('attempts', '+', 1),
      locked_by: input.runnerId,
      locked_until: input.leaseUntil,
    }))
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('jobs')
        .select('id')
        .where('name', 'in', [...input.names])
        .$if((input.exclude?.length ?? 0) > 0, (qb) => qb.where('id', 'not in', [...(input.exclude ?? [])]))
        .where((w) =>
          w.or([
            w.and([w('state', '=', 'queued'), w('run_at', '<=', input.now)]),
            w.and([
              w('state', '=', 'running'),
              w('locked_until', '<=', input.now),
              w('attempts', '<', w.ref('max_attempts')),
            ]),
          ]),
        )
        .orderBy('run_at')
        .orderBy('id')
        .limit(input.limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
  return rows.map(toClaimed).sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id - b.id);
}

/**
 * Fails running jobs whose lease ran out with no attempts left: their last runner died on the
 * final try, and nobody would claim them again. Returns how many.
 */
export async function failAbandonedJobs(
  db: Kysely<DB>,
  input: { names: readonly string[]; now: Date },
): Promise<number> {
  if (input.names.length === 0) return 0;
  const result = await db
    .updateTable('jobs')
    .set({
      state: 'failed',
      last_error: 'lease expired on the last attempt (the runner stopped or crashed)',
      locked_by: null,
      locked_until: null,
      finished_at: input.now,
    })
    .where('name', 'in', [...input.names])
    .where('state', '=', 'running')
    .where('locked_until', '<=', input.now)
    .where((w) => w('attempts', '>=', w.ref('max_attempts')))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Only the claim we hold may be settled: a runner that lost its lease must not overwrite the new one. */
function ownClaim(db: Kysely<DB>, job: ClaimedJob) {
  return db
    .updateTable('jobs')
    .where('id', '=', job.id)
    .where('state', '=', 'running')
    .where('locked_by', '=', job.lockedBy)
    .where('attempts', '=', job.attempts);
}

/** Marks a claimed job done; false if the claim was lost (lease expired and re-claimed). */
export async function markJobDone(db: Kysely<DB>, job: ClaimedJob, now: Date): Promise<boolean> {
  const result = await ownClaim(db, job)
    .set({ state: 'done', locked_by: null, locked_until: null, finished_at: now })
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Puts a failed job back in the queue for `runAt`, or fails it for good; false if the claim was lost. */
export async function markJobFailed(
  db: Kysely<DB>,
  job: ClaimedJob,
  outcome: { state: 'queued'; runAt: Date } | { state: 'failed'; now: Date },
  error: string,
): Promise<boolean> {
  const result = await ownClaim(db, job)
    .set(
      outcome.state === 'queued'
        ? { state: 'queued', run_at: outcome.runAt, last_error: error, locked_by: null, locked_until: null }
        : {
            state: 'failed',
            last_error: error,
            locked_by: null,
            locked_until: null,
            finished_at: outcome.now,
          },
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
