// Races that only PostgreSQL runs truly in parallel (set DATABASE_URL); on PGlite the same
// transactions run one at a time, and the outcome must be the same.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { jobsContext } from '../../../test/jobs.js';
import { ManualClock } from '../../platform/clock.js';
import type { ServiceContext } from '../../platform/context.js';
import { type Database, IN_MEMORY, openDatabase } from '../../platform/db/index.js';
import type { Actor } from '../../platform/http/auth.js';
import { AppError } from '../../platform/http/errors.js';
import {
  assertBooksBalance,
  cny,
  insertMember,
  topUp,
  walletBalance,
} from '../ledger/ledger.test-support.js';
import { ask, becomeExpert } from './experts.test-support.js';
import { getPaidQuestion } from './paid-questions.service.js';
import { answerPaidQuestion, declinePaidQuestion } from './settle.service.js';
import { unlockPaidAnswer } from './unlock.service.js';

const RACERS = 20;
let database: TestDatabase;
/** A handle with a pool big enough for real parallelism (createTestDatabase's has 5). */
let wide: Database;
let ctx: ServiceContext;

before(async () => {
  database = await createTestDatabase();
  wide = database.url
    ? await openDatabase({ databaseUrl: database.url, dataDir: IN_MEMORY, poolSize: RACERS + 2 })
    : database;
  ctx = jobsContext(wide, new ManualClock());
});
after(async () => {
  if (wide !== database) await wide.close();
  await database.close();
});

async function actor(topUpMinor = 0): Promise<Actor> {
  const userId = await insertMember(database.db);
  if (topUpMinor > 0) await topUp(database.db, userId, cny(topUpMinor));
  return { userId, username: `u${userId}`, displayName: `u${userId}`, role: 'user', via: 'token' };
}

async function answeredQuestion() {
  const [asker, expert] = [await actor(10_000), await actor()];
  await becomeExpert(ctx, expert, 5000);
  const question = await ask(ctx, asker, expert);
  await answerPaidQuestion(ctx, expert, question.id, {
    body: 'Partition the table by month and detach old partitions instead of deleting rows.',
  });
  return { asker, expert, question };
}

describe('unlocks race safely', () => {
  test(`${RACERS} concurrent unlocks by one member charge exactly once`, async () => {
    const { asker, expert, question } = await answeredQuestion();
    const reader = await actor(1000);
    const results = await Promise.allSettled(
      Array.from({ length: RACERS }, () => unlockPaidAnswer(ctx, reader, question.id)),
    );
    const failures = results.filter((r) => r.status === 'rejected');
    assert.deepEqual(failures, []);
    const charged = results.filter((r) => r.status === 'fulfilled' && r.value.charged).length;
    assert.equal(charged, 1);
    assert.equal(await walletBalance(database.db, reader.userId, 'CNY'), 900);
    assert.equal(await walletBalance(database.db, asker.userId, 'CNY'), 5045);
    assert.equal(await walletBalance(database.db, expert.userId, 'CNY'), 4545);
    assert.equal((await getPaidQuestion(ctx, reader, question.id)).question.unlockCount, 1);
    await assertBooksBalance(database.db);
  });

  test(`${RACERS} members unlocking at once are each charged once and counted`, async () => {
    const { asker, expert, question } = await answeredQuestion();
    const readers = await Promise.all(Array.from({ length: RACERS }, () => actor(100)));
    const results = await Promise.allSettled(
      readers.map((reader) => unlockPaidAnswer(ctx, reader, question.id)),
    );
    assert.deepEqual(
      results.filter((r) => r.status === 'rejected'),
      [],
    );
    for (const reader of readers) assert.equal(await walletBalance(database.db, reader.userId, 'CNY'), 0);
    assert.equal(await walletBalance(database.db, asker.userId, 'CNY'), 5000 + RACERS * 45);
    assert.equal(await walletBalance(database.db, expert.userId, 'CNY'), 4500 + RACERS * 45);
    assert.equal((await getPaidQuestion(ctx, asker, question.id)).question.unlockCount, RACERS);
    await assertBooksBalance(database.db);
  });
});

describe('settling races safely', () => {
  test('answer and decline at once: exactly one wins, the money moves once', async () => {
    const [asker, expert] = [await actor(10_000), await actor()];
    await becomeExpert(ctx, expert, 5000);
    const question = await ask(ctx, asker, expert);
    const results = await Promise.allSettled([
      answerPaidQuestion(ctx, expert, question.id, { body: 'Use a partial index on the hot rows only.' }),
      declinePaidQuestion(ctx, expert, question.id),
      answerPaidQuestion(ctx, expert, question.id, { body: 'Use a partial index on the hot rows only.' }),
      declinePaidQuestion(ctx, expert, question.id),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    assert.equal(won.length, 1);
    for (const r of results) {
      if (r.status === 'rejected') {
        assert.ok(r.reason instanceof AppError, String(r.reason));
        assert.equal(r.reason.status, 409);
      }
    }
    const state = (await getPaidQuestion(ctx, asker, question.id)).question.state;
    const askerWallet = await walletBalance(database.db, asker.userId, 'CNY');
    const expertWallet = await walletBalance(database.db, expert.userId, 'CNY');
    if (state === 'answered') assert.deepEqual([askerWallet, expertWallet], [5000, 4500]);
    else assert.deepEqual([state, askerWallet, expertWallet], ['declined', 10_000, 0]);
    await assertBooksBalance(database.db);
  });
});
