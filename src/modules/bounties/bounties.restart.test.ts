// The deadline survives a restart: a bounty offered in one run of the app is settled by the next
// one, after the first app and its database handle are closed, when the test clock reaches the
// end of grace (on PGlite the data lives in a directory on disk).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { answerViaApi, askViaApi } from '../../../test/community.js';
import { promote, registerMember } from '../../../test/helpers.js';
import { advanceTestClock, restartableApp } from '../../../test/jobs.js';
import { assertBooksBalance, topUp } from '../ledger/ledger.test-support.js';
import { DAY, HOUR, postOffer, wallets } from './bounties.test-support.js';

test('a bounty offered before a restart is settled after it when the test clock reaches the end of grace', async (t) => {
  // First run: a question, aged three days, a ¥50 bounty on it, and a good answer.
  const first = await restartableApp(t, { TEST_CLOCK: '1' });
  const firstDatabase = first.database;
  const [admin, offerer, answerer] = [
    await registerMember(first.app),
    await registerMember(first.app),
    await registerMember(first.app),
  ];
  await promote(firstDatabase, admin.userId, 'admin');
  await firstDatabase.db
    .updateTable('users')
    .set({ reputation: 100 })
    .where('id', '=', offerer.userId)
    .execute();
  await topUp(firstDatabase.db, offerer.userId, { amountMinor: 10_000, currency: 'CNY' });
  const question = await askViaApi(offerer);
  // The asking app's clock is its own: age the question in the database instead.
  const aged = new Date(first.clock.now().getTime() - 3 * DAY * 1000);
  await sql`update questions set created_at = ${aged} where id = ${question.id}`.execute(firstDatabase.db);
  const offered = await postOffer(offerer, question.id, { amount: { amountMinor: 5_000, currency: 'CNY' } });
  assert.equal(offered.statusCode, 201, offered.body);
  const bountyId = offered.json().bounty.id as number;
  const answerId = await answerViaApi(answerer, question.id);
  await firstDatabase.db.updateTable('answers').set({ score: 2 }).where('id', '=', answerId).execute();
  assert.deepEqual(await first.app.jobs.runDueJobs(), { done: 0, retried: 0, failed: 0 });

  // Second run: a new app on the same data, its clock starting at real time again.
  const second = await first.restart();
  const secondDatabase = second.database;
  const early = await advanceTestClock(second.app, admin, 8 * DAY - HOUR);
  assert.equal(early.statusCode, 200, early.body);
  const still = await second.app.inject({ url: `/api/v1/bounties/${bountyId}` });
  assert.equal(still.json().bounty.status, 'open', 'an hour early, nothing is settled');

  const due = await advanceTestClock(second.app, admin, HOUR + 60);
  assert.equal(due.statusCode, 200, due.body);
  assert.deepEqual(due.json().jobs, { done: 1, retried: 0, failed: 0 });
  const settled = (await second.app.inject({ url: `/api/v1/bounties/${bountyId}` })).json().bounty;
  assert.equal(settled.status, 'auto_awarded');
  assert.deepEqual(settled.settlement, {
    answerId,
    recipientId: answerer.userId,
    recipientReceived: { amountMinor: 2_250, currency: 'CNY' },
    fee: { amountMinor: 250, currency: 'CNY' },
    refunded: { amountMinor: 2_500, currency: 'CNY' },
  });
  assert.deepEqual(await wallets(secondDatabase.db, [offerer.userId, answerer.userId]), [7_500, 2_250]);
  await assertBooksBalance(secondDatabase.db);
});
