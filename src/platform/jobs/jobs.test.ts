import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { jobRow, jobsTestSetUp } from '../../../test/jobs.js';
import { cancelJob, enqueueJob } from './enqueue.js';
import { claimDueJobs, markJobDone } from './jobs.repository.js';
import { JobRegistry, PermanentJobError } from './registry.js';

describe('enqueueJob and cancelJob', () => {
  test('a job enqueued in a transaction that rolls back does not exist', async (t) => {
    const { database } = await jobsTestSetUp(t);
    const job = new JobRegistry().define<{ n: number }>('test.rollback', async () => {});
    await assert.rejects(
      database.db.transaction().execute(async (trx) => {
        await enqueueJob(trx, job, { payload: { n: 1 } });
        throw new Error('the use case failed after writing its job');
      }),
      /use case failed/,
    );
    const { count } = await database.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    assert.equal(count, 0);
  });

  test('a dedupe key schedules the work once; cancel and enqueue again reschedules it', async (t) => {
    const { database, clock } = await jobsTestSetUp(t);
    const job = new JobRegistry().define<{ questionId: number }>('test.refund', async () => {});
    const key = 'refund:question:42';
    const first = await database.db
      .transaction()
      .execute((trx) => enqueueJob(trx, job, { payload: { questionId: 42 }, dedupeKey: key }));
    const second = await database.db
      .transaction()
      .execute((trx) => enqueueJob(trx, job, { payload: { questionId: 99 }, dedupeKey: key }));
    assert.equal(first.created, true);
    assert.deepEqual(second, { id: first.id, created: false });
    const rows = await database.db.selectFrom('jobs').selectAll().execute();
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0]?.payload, { questionId: 42 }, 'the first payload stands');

    assert.equal(await database.db.transaction().execute((trx) => cancelJob(trx, key)), true);
    assert.equal(await cancelJob(database.db, key), false, 'nothing queued left to cancel');
    assert.equal((await jobRow(database, first.id)).state, 'cancelled');

    const later = new Date(clock.now().getTime() + 3600_000);
    const again = await enqueueJob(database.db, job, {
      payload: { questionId: 42 },
      dedupeKey: key,
      runAt: later,
    });
    assert.deepEqual(again, { id: first.id, created: true });
    const revived = await jobRow(database, first.id);
    assert.equal(revived.state, 'queued');
    assert.equal(revived.run_at.getTime(), later.getTime());
  });
});

describe('JobRunner', () => {
  test('a job runs once, when it is due by the app clock', async (t) => {
    const { database, clock, ctx, runner: makeRunner } = await jobsTestSetUp(t);
    const seen: Array<{ payload: unknown; attempt: number; sameCtx: boolean }> = [];
    const registry = new JobRegistry();
    const job = registry.define<{ orderId: number; note: string }>(
      'test.once',
      async (payload, { ctx: c, job }) => {
        seen.push({ payload, attempt: job.attempt, sameCtx: c === ctx });
      },
    );
    const runner = makeRunner({ registry });
    const runAt = new Date(clock.now().getTime() + 60_000);
    const { id } = await enqueueJob(database.db, job, { payload: { orderId: 7, note: '长 ✓' }, runAt });

    assert.deepEqual(await runner.runDueJobs(), { done: 0, retried: 0, failed: 0 });
    clock.advance(61);
    assert.deepEqual(await runner.runDueJobs(), { done: 1, retried: 0, failed: 0 });
    assert.deepEqual(await runner.runDueJobs(), { done: 0, retried: 0, failed: 0 });
    assert.deepEqual(seen, [{ payload: { orderId: 7, note: '长 ✓' }, attempt: 1, sameCtx: true }]);
    const row = await jobRow(database, id);
    assert.equal(row.state, 'done');
    assert.equal(row.attempts, 1);
    assert.equal(row.locked_by, null);
    assert.ok(row.finished_at && row.finished_at.getTime() >= runAt.getTime());
  });

  test('a failing job is retried with backoff and fails for good after its attempts', async (t) => {
    const { database, clock, runner: makeRunner } = await jobsTestSetUp(t, { frozen: true });
    let calls = 0;
    const registry = new JobRegistry();
    const job = registry.define<null>(
      'test.flaky',
      async () => {
        calls += 1;
        throw new Error(`gateway down (call ${calls})`);
      },
      { maxAttempts: 3, retry: { baseSeconds: 10, maxSeconds: 100 } },
    );
    // random() = 0: each delay is exactly half its step, 5 s then 10 s.
    const runner = makeRunner({ registry });
    const { id } = await enqueueJob(database.db, job, { payload: null, runAt: clock.now() });

    assert.deepEqual(await runner.runDueJobs(), { done: 0, retried: 1, failed: 0 });
    let row = await jobRow(database, id);
    assert.equal(row.state, 'queued');
    assert.equal(row.attempts, 1);
    assert.match(row.last_error ?? '', /gateway down \(call 1\)/);
    assert.equal(row.run_at.getTime() - clock.now().getTime(), 5_000);

    clock.advance(4);
    assert.deepEqual(await runner.runDueJobs(), { done: 0, retried: 0, failed: 0 }, 'not due yet');
    clock.advance(1);
    assert.deepEqual(await runner.runDueJobs(), { done: 0, retried: 1, failed: 0 });
    row = await jobRow(database, id);
    assert.equal(row.run_at.getTime() - clock.now().getTime(), 10_000, 'the delay doubled');

    clock.advance(10);
    assert.deepEqual(await runner.runDueJobs(), { done: 0, retried: 0, failed: 1 });
    row = await jobRow(database, id);
    assert.equal(row.state, 'failed');
    assert.equal(row.attempts, 3);
    assert.match(row.last_error ?? '', /call 3/);
    assert.ok(row.finished_at);
    clock.advance(3600);
    await runner.runDueJobs();
    assert.equal(calls, 3);
  });

  test('a PermanentJobError fails the job at once', async (t) => {
    const { database, runner: makeRunner } = await jobsTestSetUp(t);
    const registry = new JobRegistry();
    const job = registry.define<null>('test.hopeless', async () => {
      throw new PermanentJobError('the order no longer exists');
    });
    const runner = makeRunner({ registry });
    const { id } = await enqueueJob(database.db, job, { payload: null });
    assert.deepEqual(await runner.runDueJobs(), { done: 0, retried: 0, failed: 1 });
    assert.equal((await jobRow(database, id)).attempts, 1);
  });

  test('a job whose runner died is claimed again once its lease runs out', async (t) => {
    const { database, clock, runner: makeRunner } = await jobsTestSetUp(t);
    const attempts: number[] = [];
    const registry = new JobRegistry();
    const job = registry.define<null>('test.orphan', async (_payload, { job }) => {
      attempts.push(job.attempt);
    });
    const { id } = await enqueueJob(database.db, job, { payload: null, runAt: clock.now() });
    // A runner claims it and dies before finishing: nothing but its lease is left behind.
    const [orphan] = await claimDueJobs(database.db, {
      names: [job.name],
      now: clock.now(),
      limit: 10,
      runnerId: 'dead-runner',
      leaseUntil: new Date(clock.now().getTime() + 30_000),
    });
    assert.equal(orphan?.id, id);

    const survivor = makeRunner({ registry, leaseSeconds: 30 });
    assert.deepEqual(
      await survivor.runDueJobs(),
      { done: 0, retried: 0, failed: 0 },
      'the lease still holds',
    );
    clock.advance(31);
    assert.deepEqual(await survivor.runDueJobs(), { done: 1, retried: 0, failed: 0 });
    assert.deepEqual(attempts, [2]);
    const row = await jobRow(database, id);
    assert.equal(row.state, 'done');
    // The dead runner coming back to life cannot overwrite what the survivor did.
    assert.equal(await markJobDone(database.db, orphan!, clock.now()), false);
  });

  test('moving the clock past the lease of a job this runner is running does not run it twice', async (t) => {
    const { database, clock, runner: makeRunner } = await jobsTestSetUp(t);
    let calls = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const registry = new JobRegistry();
    const job = registry.define<null>('test.long', async () => {
      calls += 1;
      await gate;
    });
    const runner = makeRunner({ registry, leaseSeconds: 30 });
    const { id } = await enqueueJob(database.db, job, { payload: null, runAt: clock.now() });
    const first = runner.runDueJobs();
    while (calls === 0) await delay(5);
    clock.advance(3600); // what the test clock route does while the handler still runs
    const second = runner.runDueJobs();
    await delay(100);
    release();
    const [a, b] = await Promise.all([first, second]);
    assert.equal(calls, 1);
    assert.equal(a.done + b.done, 1);
    assert.equal((await jobRow(database, id)).state, 'done');
  });

  test('a job whose runner died on its last attempt ends failed', async (t) => {
    const { database, clock, runner: makeRunner } = await jobsTestSetUp(t);
    const registry = new JobRegistry();
    const job = registry.define<null>('test.last-try', async () => assert.fail('must not run again'), {
      maxAttempts: 1,
    });
    const { id } = await enqueueJob(database.db, job, { payload: null, runAt: clock.now() });
    await claimDueJobs(database.db, {
      names: [job.name],
      now: clock.now(),
      limit: 1,
      runnerId: 'dead-runner',
      leaseUntil: new Date(clock.now().getTime() + 30_000),
    });
    const runner = makeRunner({ registry });
    clock.advance(31);
    await runner.runDueJobs();
    const row = await jobRow(database, id);
    assert.equal(row.state, 'failed');
    assert.match(row.last_error ?? '', /lease expired/);
  });

  test('a runner claims only the jobs it has handlers for', async (t) => {
    const { database, runner: makeRunner } = await jobsTestSetUp(t);
    const elsewhere = new JobRegistry().define<null>('test.other-version', async () => {});
    const { id } = await enqueueJob(database.db, elsewhere, { payload: null });
    const runner = makeRunner({ registry: new JobRegistry() });
    await runner.runDueJobs();
    assert.equal((await jobRow(database, id)).state, 'queued', 'left for a process that knows it');
  });

  test('a started runner wakes up at once for a job enqueued in this process', async (t) => {
    const { database, runner: makeRunner } = await jobsTestSetUp(t);
    let ran: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      ran = resolve;
    });
    const registry = new JobRegistry();
    const job = registry.define<null>('test.wake', async () => ran());
    // A poll interval far longer than the test: only the wake-up can run the job in time.
    const runner = makeRunner({ registry, pollIntervalMs: 60_000 });
    runner.start();
    await delay(50); // let the first (empty) poll pass, so the runner is asleep
    await database.db.transaction().execute(async (trx) => {
      await enqueueJob(trx, job, { payload: null });
      await delay(100); // the first wake-up fires while this transaction is still open
    });
    const outcome = await Promise.race([done.then(() => 'ran'), delay(5_000).then(() => 'timeout')]);
    assert.equal(outcome, 'ran');
  });

  test('stop() waits for running handlers, then claims nothing more', async (t) => {
    const { database, runner: makeRunner } = await jobsTestSetUp(t);
    let finished = 0;
    const registry = new JobRegistry();
    const job = registry.define<null>('test.slow', async () => {
      await delay(200);
      finished += 1;
    });
    const runner = makeRunner({ registry, pollIntervalMs: 10 });
    await enqueueJob(database.db, job, { payload: null });
    runner.start();
    while (
      (await database.db.selectFrom('jobs').select('state').executeTakeFirstOrThrow()).state !== 'running'
    ) {
      await delay(5);
    }
    await runner.stop();
    assert.equal(finished, 1, 'the running handler finished before stop() resolved');
    await enqueueJob(database.db, job, { payload: null });
    assert.deepEqual(await runner.runDueJobs(), { done: 0, retried: 0, failed: 0 });
  });
});
