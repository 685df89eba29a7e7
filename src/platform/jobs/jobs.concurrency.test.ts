// DESIGN.md "Scale-out": job claims live in the database, so runners in several processes share
// the work. On PostgreSQL the two runners have their own pools, as two processes would.
import assert from 'node:assert/strict';
import { describe, type TestContext, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { jobsContext, jobsTestSetUp } from '../../../test/jobs.js';
import type { Database } from '../db/index.js';
import { enqueueJob } from './enqueue.js';
import { JobRegistry } from './registry.js';

const onPostgres = Boolean(process.env.DATABASE_URL);

describe('two runners on one database', () => {
  const total = 200;

  async function twoRunners(t: TestContext, registry: JobRegistry) {
    const { database, clock, runner } = await jobsTestSetUp(t);
    const other = await database.openAnother();
    if (onPostgres) assert.notEqual(other.db, database.db, 'two pools, as two processes would have');
    const options = { registry, batchSize: 7, pollIntervalMs: 5 };
    const a = runner({ ...options, runnerId: 'a' });
    const b = runner({ ...options, runnerId: 'b' }, jobsContext(other, clock));
    return { database, clock, a, b };
  }

  function countingJob(name: string) {
    const registry = new JobRegistry();
    const calls = new Map<number, number>();
    const job = registry.define<{ n: number }>(name, async ({ n }) => {
      calls.set(n, (calls.get(n) ?? 0) + 1);
      await delay(1);
    });
    return { registry, calls, job };
  }

  async function enqueueMany(database: Database, job: ReturnType<typeof countingJob>['job'], runAt: Date) {
    await database.db.transaction().execute(async (trx) => {
      for (let n = 0; n < total; n += 1) await enqueueJob(trx, job, { payload: { n }, runAt });
    });
  }

  test(`runDueJobs on both at once runs each of ${total} jobs exactly once`, async (t) => {
    const { registry, calls, job } = countingJob('test.count-run');
    const { database, clock, a, b } = await twoRunners(t, registry);
    await enqueueMany(database, job, clock.now());
    const [fromA, fromB] = await Promise.all([a.runDueJobs(), b.runDueJobs()]);
    assert.equal(fromA.done + fromB.done, total);
    if (onPostgres) assert.ok(fromA.done > 0 && fromB.done > 0, `both worked: ${fromA.done} + ${fromB.done}`);
    assert.equal(calls.size, total);
    assert.ok(
      [...calls.values()].every((count) => count === 1),
      'no job ran twice',
    );
  });

  test(`two polling runners run each of ${total} jobs exactly once`, async (t) => {
    const { registry, calls, job } = countingJob('test.count-poll');
    const { database, clock, a, b } = await twoRunners(t, registry);
    await enqueueMany(database, job, clock.now());
    a.start();
    b.start();
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { left } = await database.db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll<number>().as('left'))
        .where('state', '!=', 'done')
        .executeTakeFirstOrThrow();
      if (left === 0) break;
      assert.ok(Date.now() < deadline, `${left} jobs still not done`);
      await delay(20);
    }
    await Promise.all([a.stop(), b.stop()]);
    assert.equal(calls.size, total);
    assert.ok(
      [...calls.values()].every((count) => count === 1),
      'no job ran twice',
    );
  });
});
