// The "survive a restart" test: a job scheduled by one app runs in the next one, after the
// first app and its database handle are closed (on PGlite the data lives in a directory on disk).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { promote, registerMember } from '../../../test/helpers.js';
import { advanceTestClock, jobRow, restartableApp } from '../../../test/jobs.js';
import { enqueueJob } from './enqueue.js';
import { defineJob } from './registry.js';

const refunds: number[] = [];
const refundPaidQuestion = defineJob<{ questionId: number }>(
  'test.restart-refund',
  async ({ questionId }) => {
    refunds.push(questionId);
  },
);

test('a job scheduled before a restart runs after it, when the clock reaches it', async (t) => {
  // First run: an admin exists, and a refund is scheduled 48 hours ahead.
  const first = await restartableApp(t, { TEST_CLOCK: '1' });
  const firstDatabase = first.database;
  const admin = await registerMember(first.app);
  await promote(firstDatabase, admin.userId, 'admin');
  const dueAt = new Date(first.clock.now().getTime() + 48 * 3600_000);
  const job = await firstDatabase.db.transaction().execute((trx) =>
    enqueueJob(trx, refundPaidQuestion, {
      payload: { questionId: 42 },
      runAt: dueAt,
      dedupeKey: 'refund:42',
    }),
  );
  assert.deepEqual(await first.app.jobs.runDueJobs(), { done: 0, retried: 0, failed: 0 }, 'not due yet');

  // Second run: a new process's app on the same data, its clock starting at real time again.
  const second = await first.restart();
  const secondDatabase = second.database;
  const early = await advanceTestClock(second.app, admin, 47 * 3600);
  assert.equal(early.statusCode, 200, early.body);
  assert.deepEqual(refunds, [], 'an hour early, nothing runs');

  const due = await advanceTestClock(second.app, admin, 3600 + 60);
  assert.equal(due.statusCode, 200, due.body);
  assert.deepEqual(due.json().jobs, { done: 1, retried: 0, failed: 0 });
  assert.deepEqual(refunds, [42]);
  const row = await jobRow(secondDatabase, job.id);
  assert.equal(row.state, 'done');
  assert.equal(row.attempts, 1);
});
