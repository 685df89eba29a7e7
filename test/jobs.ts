import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { pino } from 'pino';
import { type AppDeps, buildApp, serviceContext } from '../src/app.js';
import type { Config } from '../src/config.js';
import { ManualClock } from '../src/platform/clock.js';
import type { ServiceContext } from '../src/platform/context.js';
import { type Database, openDatabase } from '../src/platform/db/index.js';
import { JobRunner, type JobRunnerOptions } from '../src/platform/jobs/index.js';
import { createTestDatabase, createTestDataDir, type TestDatabase } from './db.js';
import { type Session, testConfig } from './helpers.js';

/** A service context on `database` with `clock`, silent logs: what a job handler receives. */
export function jobsContext(
  database: Database,
  clock: ManualClock,
  config: Config = testConfig(),
): ServiceContext {
  return serviceContext({ config, database, clock, log: pino({ level: 'silent' }) });
}

/**
 * A fresh database and a clock (`frozen`: not following real time, for exact delays), and `runner()`
 * to make runners (no jitter: random() = 0) that are stopped, when the test ends, before the
 * database closes — as the app stops its runner before main.ts closes the database.
 */
export async function jobsTestSetUp(
  t: TestContext,
  { frozen = false } = {},
): Promise<{
  database: TestDatabase;
  clock: ManualClock;
  ctx: ServiceContext;
  runner(options?: JobRunnerOptions, ctx?: ServiceContext): JobRunner;
}> {
  const database = await createTestDatabase();
  const runners: JobRunner[] = [];
  t.after(async () => {
    await Promise.all(runners.map((runner) => runner.stop()));
    await database.close();
  });
  const clock = frozen ? new ManualClock(new Date()) : new ManualClock();
  const ctx = jobsContext(database, clock);
  return {
    database,
    clock,
    ctx,
    runner(options = {}, runnerCtx = ctx) {
      const runner = new JobRunner(runnerCtx, { random: () => 0, ...options });
      runners.push(runner);
      return runner;
    },
  };
}

/** One row of the jobs table. */
export function jobRow(database: Database, id: number) {
  return database.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/**
 * The real app with its job runner (`app.jobs`) and, with TEST_CLOCK=1, the test clock route, on a
 * clock the test moves. The caller closes app and database.
 */
export async function buildAppWithJobs(
  database: Database,
  env: Record<string, string> = {},
  deps: Pick<AppDeps, 'gateways'> = {},
): Promise<{ app: FastifyInstance; clock: ManualClock; config: Config }> {
  const clock = new ManualClock();
  const config = testConfig(env);
  const app = await buildApp({ ...deps, config, database, clock });
  await app.ready();
  return { app, clock, config };
}

/**
 * Opens the same data twice in a row, as two runs of the server would: a PGlite data dir on disk,
 * or a PostgreSQL database whose handles can close without dropping it (restart tests).
 */
export async function durableDatabase(t: TestContext): Promise<() => Promise<Database>> {
  if (process.env.DATABASE_URL) {
    const base = await createTestDatabase();
    t.after(() => base.close());
    return () => base.openAnother();
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'techqa-restart-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  await createTestDataDir(dataDir);
  return () => openDatabase({ dataDir });
}

/** One run of the app with its job runner, on data that outlives it. */
export interface AppRun {
  app: FastifyInstance;
  clock: ManualClock;
  config: Config;
  database: Database;
}

/**
 * The first of two runs of the app on the same data, as two processes one after the other
 * (`durableDatabase`). `restart()` ends it as a dying process would (app and handle closed, nothing
 * else) and starts the next run on the same data, with `env` and `deps` of its own; a run still
 * open when the test ends is closed then.
 */
export async function restartableApp(
  t: TestContext,
  env: Record<string, string> = {},
  deps: Pick<AppDeps, 'gateways'> = {},
): Promise<
  AppRun & { restart(env?: Record<string, string>, deps?: Pick<AppDeps, 'gateways'>): Promise<AppRun> }
> {
  const open = await durableDatabase(t);
  const start = async (runEnv: Record<string, string>, runDeps: Pick<AppDeps, 'gateways'>) => {
    const database = await open();
    const run = { ...(await buildAppWithJobs(database, runEnv, runDeps)), database };
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await run.app.close();
      await database.close();
    };
    t.after(close);
    return { run, close };
  };
  const first = await start(env, deps);
  return {
    ...first.run,
    async restart(nextEnv = env, nextDeps = {}) {
      await first.close();
      return (await start(nextEnv, nextDeps)).run;
    },
  };
}

/** Moves a running app's test clock (`POST /api/v1/test/clock`, TEST_CLOCK=1) as `admin`. */
export function advanceTestClock(
  app: FastifyInstance,
  admin: Session,
  advanceSeconds: number,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/api/v1/test/clock',
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
    payload: { advanceSeconds },
  });
}
