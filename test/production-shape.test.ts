// The production shape of DESIGN.md's "Scale-out": the web process with JOBS_IN_PROCESS=false,
// `npm run worker` beside it on the same PostgreSQL, and Redis for shared counters. Real processes
// (src/main.ts, src/worker.ts), not apps built in the test. PostgreSQL only: PGlite allows one
// process per data directory, so there is no separate worker on it.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { cleanupIdempotencyKeys } from '../src/platform/http/idempotency.js';
import { enqueueJob } from '../src/platform/jobs/index.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { uniqueName } from './helpers.js';
import { killAll, postJson, spawnEntry, startWeb, stopProcess, until } from './processes.js';

const skip = process.env.DATABASE_URL ? false : 'needs DATABASE_URL: a separate worker needs PostgreSQL';
const redisUrl = process.env.TEST_REDIS_URL;

describe('web and worker processes on one PostgreSQL', { skip, timeout: 180_000 }, () => {
  after(killAll);

  async function database(t: {
    after(fn: () => Promise<void>): void;
  }): Promise<TestDatabase & { url: string }> {
    const db = await createTestDatabase();
    // After the processes (killAll runs first for a failed test): DROP DATABASE needs them gone.
    t.after(async () => {
      await killAll();
      await db.close();
    });
    if (!db.url) throw new Error('a PostgreSQL test database has a URL');
    return db as TestDatabase & { url: string };
  }

  async function jobState(db: TestDatabase, id: number) {
    return db.db
      .selectFrom('jobs')
      .select(['state', 'attempts', 'locked_by'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  }

  test('with JOBS_IN_PROCESS=false the web process runs no job; the worker runs it and stops on SIGTERM', async (t) => {
    const db = await database(t);
    const web = await startWeb({
      DATABASE_URL: db.url,
      JOBS_IN_PROCESS: 'false',
      JOBS_POLL_INTERVAL_MS: '50',
      DEMO_SEED: 'false',
    });
    const { id } = await enqueueJob(db.db, cleanupIdempotencyKeys, { payload: {} });

    // Forty of the web process's would-be polls: the job is still waiting.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    assert.deepEqual(await jobState(db, id), { state: 'queued', attempts: 0, locked_by: null });
    assert.doesNotMatch(web.output.stdout, /idempotency\.cleanup/);

    const worker = await spawnEntry('src/worker.ts', {
      DATABASE_URL: db.url,
      JOBS_POLL_INTERVAL_MS: '50',
    });
    await until(worker, 'the worker to run the job', async () => (await jobState(db, id)).state === 'done');
    assert.match(worker.output.stdout, /TechQ&A worker is running jobs/);
    assert.equal((await jobState(db, id)).attempts, 1);

    assert.equal(await stopProcess(worker), 0, worker.output.stderr);
    assert.match(worker.output.stdout, /worker closed cleanly/);
    assert.equal(await stopProcess(web), 0, web.output.stderr);
  });

  test('with REDIS_URL the web process keeps its rate-limit counters in Redis, not in the database', {
    skip: redisUrl ? false : 'needs TEST_REDIS_URL',
  }, async (t) => {
    const db = await database(t);
    const web = await startWeb({ DATABASE_URL: db.url, REDIS_URL: redisUrl ?? '', DEMO_SEED: 'false' });
    const redis = new Redis(redisUrl ?? '');
    t.after(() => redis.disconnect());

    const login = uniqueName('nobody');
    const refused = await postJson(web, '/api/v1/auth/login', { login, password: 'not the right password' });
    assert.equal(refused.status, 401);
    assert.equal((refused.json as { error: { code: string } }).error.code, 'auth.invalid_credentials');

    const keys = await redis.keys(`techqa:rl:*${login}*`);
    assert.ok(keys.length > 0, 'a counter for this sign-in attempt lives in Redis');
    const inDatabase = await db.db
      .selectFrom('rate_limit_counters')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(inDatabase.n), 0, 'and none in the database');
    await redis.del(...keys);

    assert.equal(await stopProcess(web), 0, web.output.stderr);
  });
});
