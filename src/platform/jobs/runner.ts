import { AsyncResource } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { ServiceContext } from '../context.js';
import { onJobEnqueued } from './enqueue.js';
import {
  type ClaimedJob,
  claimDueJobs,
  failAbandonedJobs,
  markJobDone,
  markJobFailed,
} from './jobs.repository.js';
import { type JobRegistry, jobRegistry, PermanentJobError } from './registry.js';
import { afterFailure, defaultRetryPolicy } from './retry.rules.js';

/** How a runner polls and holds jobs; every field has a default. */
export interface JobRunnerOptions {
  /** Which job kinds it runs (default: the process-wide registry). */
  readonly registry?: JobRegistry;
  /** Pause between polls when nothing is due (default 1000 ms). */
  readonly pollIntervalMs?: number;
  /** Jobs claimed, and run side by side, per poll (default 5). */
  readonly batchSize?: number;
  /** How long a claim lasts before another runner may take the job (default 300 s): longer than any handler. */
  readonly leaseSeconds?: number;
  /** How long `stop()` waits for running handlers (default 10 s). */
  readonly stopTimeoutMs?: number;
  /** Source of jitter, in [0, 1) (default Math.random). */
  readonly random?: () => number;
  /** Names this runner in `locked_by` and the logs (default host:pid:random). */
  readonly runnerId?: string;
}

/** What one `runDueJobs` call did. */
export interface RunSummary {
  done: number;
  retried: number;
  failed: number;
}

// After an in-process enqueue, poll after each of these delays: the job is invisible until the
// enqueuing transaction commits, which we cannot observe, so look soon and once more a bit later
// (on PGlite the claim simply queues behind that transaction). The regular poll covers the rest.
const WAKE_DELAYS_MS = [20, 250];
// runDueJobs stops after this many batches, in case handlers keep scheduling work due at once.
const MAX_BATCHES_PER_RUN = 1000;

/**
 * Runs due jobs: polls (and wakes on in-process enqueues), claims a batch with a lease, runs each
 * handler outside any transaction, then marks it done or schedules the retry. All time comes from
 * `ctx.clock`, so moving a test clock makes jobs due. Any number of runners, in any number of
 * processes, may share one database.
 */
export class JobRunner {
  readonly id: string;
  readonly #ctx: ServiceContext;
  readonly #log: FastifyBaseLogger;
  readonly #registry: JobRegistry;
  readonly #pollIntervalMs: number;
  readonly #batchSize: number;
  readonly #leaseMs: number;
  readonly #stopTimeoutMs: number;
  readonly #random: () => number;
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #inFlightIds = new Set<number>();
  #loop: Promise<void> | undefined;
  #stopped = false;
  #sleepTimer: NodeJS.Timeout | undefined;
  #wakeSleeper: (() => void) | undefined;
  #wakeTimer: NodeJS.Timeout | undefined;
  #wakeRequested = false;
  #unsubscribe: (() => void) | undefined;

  constructor(ctx: ServiceContext, options: JobRunnerOptions = {}) {
    this.#ctx = ctx;
    this.#registry = options.registry ?? jobRegistry;
    this.#pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.#batchSize = options.batchSize ?? 5;
    this.#leaseMs = (options.leaseSeconds ?? 300) * 1000;
    this.#stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
    this.#random = options.random ?? Math.random;
    this.id = options.runnerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.#log = ctx.log.child({ component: 'jobs', runner: this.id });
  }

  /** True between `start()` and `stop()`. */
  get running(): boolean {
    return this.#loop !== undefined && !this.#stopped;
  }

  /** Starts polling in the background; calling it again does nothing. */
  start(): void {
    if (this.#loop || this.#stopped) return;
    // Enqueues happen inside someone's transaction: a timer set from there would carry that
    // async context (the PGlite dialect would take our claim for a query inside their
    // transaction). The resource pins the wake-up to the context start() was called from.
    const scope = new AsyncResource('JobRunnerWake');
    this.#unsubscribe = onJobEnqueued((runAt) => {
      if (runAt && runAt.getTime() > this.#ctx.clock.now().getTime()) return;
      scope.runInAsyncScope(() => this.#wakeSoon());
    });
    this.#loop = this.#pollLoop();
    this.#log.info(
      { pollIntervalMs: this.#pollIntervalMs, jobs: this.#registry.names() },
      'job runner started',
    );
  }

  /** Stops claiming, then waits for running handlers up to the stop timeout; idempotent. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#unsubscribe?.();
    clearTimeout(this.#wakeTimer);
    this.#wake();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.#stopTimeoutMs);
    });
    const settled = Promise.allSettled([this.#loop, ...this.#inFlight]).then(() => 'settled' as const);
    const outcome = await Promise.race([settled, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      // Their leases will run out and another runner will retry them: handlers are idempotent.
      this.#log.warn({ running: this.#inFlight.size }, 'job runner stopped with handlers still running');
    } else if (this.#loop) {
      this.#log.info('job runner stopped');
    }
  }

  /**
   * Runs every job due at `now` (default: the clock's now), batch after batch until none is left,
   * then waits for this runner's other running handlers too: after it resolves, everything that
   * was due has run. For tests and the test clock; works whether or not the runner is started.
   */
  async runDueJobs(now?: Date): Promise<RunSummary> {
    const summary: RunSummary = { done: 0, retried: 0, failed: 0 };
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN && !this.#stopped; batch += 1) {
      const at = now ?? this.#ctx.clock.now();
      const claimed = await this.#runBatch(at, summary);
      if (claimed === 0) break;
    }
    await Promise.allSettled([...this.#inFlight]);
    return summary;
  }

  async #pollLoop(): Promise<void> {
    while (!this.#stopped) {
      let claimed = 0;
      try {
        claimed = await this.#runBatch(this.#ctx.clock.now());
      } catch (error) {
        // The database may be briefly unreachable: keep polling rather than die.
        this.#log.error({ err: error }, 'job poll failed');
      }
      // A full batch suggests more are due: go again at once.
      if (claimed < this.#batchSize && !this.#stopped) await this.#sleep(this.#pollIntervalMs);
    }
  }

  async #runBatch(now: Date, summary?: RunSummary): Promise<number> {
    const names = this.#registry.names();
    const abandoned = await failAbandonedJobs(this.#ctx.db, { names, now });
    if (abandoned > 0)
      this.#log.error({ count: abandoned }, 'jobs failed: lease expired on their last attempt');
    const jobs = await claimDueJobs(this.#ctx.db, {
      names,
      now,
      limit: this.#batchSize,
      runnerId: this.id,
      leaseUntil: new Date(now.getTime() + this.#leaseMs),
      exclude: [...this.#inFlightIds],
    });
    await Promise.all(jobs.map((job) => this.#track(job.id, this.#runOne(job, now, summary))));
    return jobs.length;
  }

  async #track<T>(jobId: number, work: Promise<T>): Promise<T> {
    this.#inFlight.add(work);
    this.#inFlightIds.add(jobId);
    try {
      return await work;
    } finally {
      this.#inFlight.delete(work);
      this.#inFlightIds.delete(jobId);
    }
  }

  async #runOne(job: ClaimedJob, claimedAt: Date, summary?: RunSummary): Promise<void> {
    const definition = this.#registry.get(job.name);
    const info = { id: job.id, name: job.name, attempt: job.attempts, maxAttempts: job.maxAttempts };
    let failure: unknown;
    try {
      if (!definition) throw new PermanentJobError(`no handler for job "${job.name}"`);
      await definition.handler(job.payload, {
        ctx: this.#ctx,
        job: {
          id: job.id,
          name: job.name,
          attempt: job.attempts,
          maxAttempts: job.maxAttempts,
          runAt: job.runAt,
          dedupeKey: job.dedupeKey,
          createdAt: job.createdAt,
        },
      });
    } catch (error) {
      failure = error ?? new Error('job handler threw a nullish value');
    }
    try {
      // Never earlier than the claim: runDueJobs may be handed a `now` ahead of the clock.
      const now = new Date(Math.max(claimedAt.getTime(), this.#ctx.clock.now().getTime()));
      if (failure === undefined) {
        if (await markJobDone(this.#ctx.db, job, now)) {
          if (summary) summary.done += 1;
          this.#log.debug({ job: info }, 'job done');
        } else {
          this.#log.warn({ job: info }, 'job finished after its lease was lost; it may run again');
        }
        return;
      }
      const next = afterFailure(
        {
          attempts: job.attempts,
          maxAttempts: job.maxAttempts,
          now,
          permanent: failure instanceof PermanentJobError,
        },
        definition?.retry ?? defaultRetryPolicy,
        this.#random(),
      );
      const message = errorText(failure);
      const kept = await markJobFailed(
        this.#ctx.db,
        job,
        next.state === 'queued' ? next : { state: 'failed', now },
        message,
      );
      if (!kept) {
        this.#log.warn({ job: info, err: failure }, 'job failed after its lease was lost');
      } else if (next.state === 'queued') {
        if (summary) summary.retried += 1;
        this.#log.warn({ job: info, err: failure, retryAt: next.runAt }, 'job failed; will retry');
      } else {
        if (summary) summary.failed += 1;
        this.#log.error({ job: info, err: failure }, 'job failed for good');
      }
    } catch (error) {
      // Settling failed (database gone?): the lease will run out and the job will be retried.
      this.#log.error({ job: info, err: error }, 'could not record the outcome of a job');
    }
  }

  // Not unref'd: in `npm run worker` these timers are what keeps the process alive.
  #sleep(ms: number): Promise<void> {
    if (this.#wakeRequested) {
      this.#wakeRequested = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(this.#sleepTimer);
        this.#wakeSleeper = undefined;
        resolve();
      };
      this.#wakeSleeper = done;
      this.#sleepTimer = setTimeout(done, ms);
    });
  }

  #wake(): void {
    if (this.#wakeSleeper) {
      this.#wakeSleeper();
    } else {
      // Mid-batch: the next sleep is skipped instead.
      this.#wakeRequested = true;
    }
  }

  #wakeSoon(step = 0): void {
    if (this.#stopped) return;
    if (step === 0) clearTimeout(this.#wakeTimer);
    const wait = WAKE_DELAYS_MS[step];
    if (wait === undefined) return;
    const previous = WAKE_DELAYS_MS[step - 1] ?? 0;
    this.#wakeTimer = setTimeout(() => {
      this.#wake();
      this.#wakeSoon(step + 1);
    }, wait - previous);
  }
}

/** The stack (or message) of what a handler threw, bounded so a huge error cannot bloat the row. */
function errorText(error: unknown): string {
  const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return text.length > 4000 ? `${text.slice(0, 4000)}…` : text;
}
