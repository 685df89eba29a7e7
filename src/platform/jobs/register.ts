import type { FastifyInstance } from 'fastify';
import { ManualClock } from '../clock.js';
import type { ServiceContext } from '../context.js';
import { JobRunner, type JobRunnerOptions } from './runner.js';
import { testClockApi } from './test-clock.api.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's job runner (platform/jobs): started on listen when jobs run in-process. */
    jobs: JobRunner;
  }
}

/** Options for `registerJobs`: the runner's, plus whether this process runs jobs itself. */
export interface JobsOptions extends JobRunnerOptions {
  /** Start the runner once the server listens (default true); false when `npm run worker` runs them. */
  readonly inProcess?: boolean;
}

/**
 * Wires the job runner into an app: `app.jobs`, started when the server starts listening (never in
 * tests that only inject, and `npm run worker` starts it itself), stopped on close before the
 * caller closes the database; plus `POST /api/v1/test/clock` when `config.testClock` is on.
 */
export function registerJobs(
  app: FastifyInstance,
  ctx: ServiceContext,
  options: JobsOptions = {},
): JobRunner {
  const runner = new JobRunner(ctx, options);
  app.decorate('jobs', runner);
  if (options.inProcess ?? true) {
    app.addHook('onListen', async () => runner.start());
  }
  app.addHook('onClose', async () => runner.stop());
  if (ctx.config.testClock) {
    // Fail at start-up, not on the first request: the route can only move a ManualClock.
    if (!(ctx.clock instanceof ManualClock)) {
      throw new Error('TEST_CLOCK is on but the app was built without a ManualClock');
    }
    app.register(testClockApi, { clock: ctx.clock, runner });
  }
  return runner;
}
