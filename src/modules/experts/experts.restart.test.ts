// The "survive a restart" test for paid questions: a question asked in one run of the app
// is refunded by the next run when the test clock reaches its deadline (on PGlite the data lives in
// a directory on disk; on PostgreSQL in a throw-away database both runs open).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { promote, registerMember } from '../../../test/helpers.js';
import { advanceTestClock, restartableApp } from '../../../test/jobs.js';
import { assertBooksBalance, cny, topUp } from '../ledger/ledger.test-support.js';
import { walletMinor } from '../payments/payments.test-support.js';
import { askExpertViaApi, becomeExpertViaApi } from './experts.test-support.js';

test('a paid question asked before a restart is refunded after it, at its deadline', async (t) => {
  // First run: an expert answering within 48 hours, and a question paid into escrow.
  const first = await restartableApp(t, { TEST_CLOCK: '1' });
  const firstDatabase = first.database;
  const [admin, asker, expert] = [
    await registerMember(first.app),
    await registerMember(first.app),
    await registerMember(first.app),
  ];
  await promote(firstDatabase, admin.userId, 'admin');
  await topUp(firstDatabase.db, asker.userId, cny(10_000));
  await becomeExpertViaApi(expert, {
    bio: 'Kernels',
    tags: ['linux'],
    price: { amountMinor: 3000, currency: 'CNY' },
    answerHours: 48,
  });
  const id = await askExpertViaApi(asker, expert, {
    title: 'Why is my process stuck in D state?',
    body: 'ps shows D for minutes under heavy disk load.',
    tags: undefined,
  });
  assert.equal(await walletMinor(firstDatabase.db, asker.userId), 7000);

  // Second run: a new process on the same data, its clock starting at real time again.
  const second = await first.restart();
  const secondDatabase = second.database;
  const clock = (advanceSeconds: number) => advanceTestClock(second.app, admin, advanceSeconds);
  const read = async () =>
    (
      await second.app.inject({
        method: 'GET',
        url: `/api/v1/paid-questions/${id}`,
        headers: { cookie: asker.cookie },
      })
    ).json().paidQuestion.status as string;

  assert.equal((await clock(47 * 3600)).statusCode, 200);
  assert.equal(await read(), 'paid', 'an hour early, nothing happens');
  assert.equal(await walletMinor(secondDatabase.db, asker.userId), 7000);

  const due = await clock(3600 + 60);
  assert.equal(due.statusCode, 200, due.body);
  assert.ok(due.json().jobs.done >= 1, due.body);
  assert.equal(await read(), 'expired');
  assert.equal(await walletMinor(secondDatabase.db, asker.userId), 10_000);
  assert.equal(await walletMinor(secondDatabase.db, expert.userId), 0);
  await assertBooksBalance(secondDatabase.db);
});
