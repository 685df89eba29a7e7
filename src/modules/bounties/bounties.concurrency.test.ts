// Races where money could move twice. PostgreSQL (DATABASE_URL) runs them truly in parallel on a
// second pool; PGlite runs the same transactions one at a time, and the outcome must be the same.
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { askViaApi } from '../../../test/community.js';
import { createTestDatabase } from '../../../test/db.js';
import { buildTestApp } from '../../../test/helpers.js';
import { jobsContext } from '../../../test/jobs.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/http/errors.js';
import { assertBooksBalance } from '../ledger/ledger.test-support.js';
import { awardBounty } from './award-bounty.service.js';
import {
  answerWithScore,
  type BountyWorld,
  DAY,
  footprint,
  heldMinor,
  member,
  oldQuestion,
  platformRevenueMinor,
  requestKey,
  wallets,
  yuan,
} from './bounties.test-support.js';
import { offerBounty } from './offer-bounty.service.js';

/** The world, plus a context on another pool onto the same database (the racers use it). */
async function raceWorld(t: TestContext): Promise<BountyWorld & { racing: ServiceContext }> {
  const database = await createTestDatabase();
  const world = await buildTestApp(t, {}, { database });
  const other = await database.openAnother();
  const ctx = jobsContext(world.database, world.clock, world.config);
  return { ...world, ctx, racing: { ...ctx, db: other.db } };
}

/** Successes, and the codes of the failures (anything but an AppError is rethrown). */
function outcomes(results: PromiseSettledResult<unknown>[]): { ok: number; codes: string[] } {
  const codes = results.flatMap((r) => {
    if (r.status === 'fulfilled') return [];
    if (r.reason instanceof AppError) return [r.reason.code];
    throw r.reason;
  });
  return { ok: results.length - codes.length, codes: codes.sort() };
}

test('two awards of one bounty at once: exactly one is paid', async (t) => {
  const world = await raceWorld(t);
  const offerer = await member(world, { wallet: 10_000 });
  const [alice, bob] = [await member(world, { reputation: 1 }), await member(world, { reputation: 1 })];
  const questionId = await oldQuestion(world, offerer);
  const bounty = await offerBounty(
    world.ctx,
    offerer.actor,
    questionId,
    { amount: yuan(5_000) },
    requestKey(),
  );
  const answers = [
    await answerWithScore(world, alice, questionId),
    await answerWithScore(world, bob, questionId),
  ];

  const results = await Promise.allSettled(
    [answers[0], answers[1], answers[0], answers[1]].map((answerId) =>
      awardBounty(world.racing, offerer.actor, bounty.id, { answerId }),
    ),
  );
  assert.deepEqual(outcomes(results), { ok: 1, codes: Array(3).fill('bounty.already_awarded') });
  const paid = await wallets(world.database.db, [alice.userId, bob.userId]);
  assert.deepEqual(
    paid.sort((a, b) => a - b),
    [0, 4_500],
  );
  assert.deepEqual(await wallets(world.database.db, [offerer.userId]), [5_000]);
  assert.equal(await platformRevenueMinor(world.database.db), 500);
  assert.equal(await heldMinor(world.database.db, offerer.userId), 0);
  await assertBooksBalance(world.database.db);
});

test('two offers on one question at once: one bounty, one hold; the other wallet is untouched', async (t) => {
  const world = await raceWorld(t);
  const [a, b] = [await member(world, { wallet: 10_000 }), await member(world, { wallet: 10_000 })];
  const questionId = await oldQuestion(world, a);
  const results = await Promise.allSettled(
    [a, b, a, b].map((who) =>
      offerBounty(world.racing, who.actor, questionId, { amount: yuan(5_000) }, requestKey()),
    ),
  );
  assert.deepEqual(outcomes(results), { ok: 1, codes: Array(3).fill('bounty.already_active') });
  const counts = await footprint(world.database.db);
  assert.equal(counts.bounties, 1);
  assert.equal(counts.holds, 1);
  const balances = await wallets(world.database.db, [a.userId, b.userId]);
  assert.deepEqual(
    balances.sort((x, y) => x - y),
    [5_000, 10_000],
  );
  await assertBooksBalance(world.database.db);
});

test('five offers by one member at once on five questions: three open, two refused', async (t) => {
  const world = await raceWorld(t);
  const offerer = await member(world, { wallet: 100_000 });
  const questions: number[] = [];
  for (let i = 0; i < 5; i += 1) questions.push((await askViaApi(offerer)).id);
  world.clock.advance(3 * DAY);
  const results = await Promise.allSettled(
    questions.map((id) =>
      offerBounty(world.racing, offerer.actor, id, { amount: yuan(1_000) }, requestKey()),
    ),
  );
  assert.deepEqual(outcomes(results), { ok: 3, codes: Array(2).fill('bounty.too_many_active') });
  assert.deepEqual(await wallets(world.database.db, [offerer.userId]), [97_000]);
  assert.equal(await heldMinor(world.database.db, offerer.userId), 3_000);
  await assertBooksBalance(world.database.db);
});
