// The bounty use cases against a real database, with the clock moved past the deadlines: every
// path checks the wallets, the platform's commission and the books afterwards.
import assert from 'node:assert/strict';
import { describe, type TestContext, test } from 'node:test';
import { askViaApi } from '../../../test/community.js';
import { assertBooksBalance } from '../ledger/ledger.test-support.js';
import { awardBounty } from './award-bounty.service.js';
import { settleJobKey } from './bounties.jobs.js';
import { findBountyById } from './bounties.repository.js';
import { bountyPanel, getBounty, openBountiesByQuestion } from './bounties.service.js';
import {
  answerWithScore,
  type BountyWorld,
  bountyWorld,
  DAY,
  footprint,
  HOUR,
  heldMinor,
  member,
  oldQuestion,
  platformRevenueMinor,
  refusal,
  requestKey,
  wallets,
  yuan,
} from './bounties.test-support.js';
import { offerBounty } from './offer-bounty.service.js';
import { settleBounty } from './settle-bounty.service.js';

const WALLET = 10_000; // ¥100.00
const AMOUNT = 5_000; // ¥50.00

/** An asker's two-day-old question, an offerer with ¥100 who put ¥50 on it, two answerers. */
async function scene(t: TestContext) {
  const world = await bountyWorld(t);
  const asker = await member(world);
  const offerer = await member(world, { wallet: WALLET });
  const alice = await member(world, { reputation: 1 });
  const bob = await member(world, { reputation: 1 });
  const questionId = await oldQuestion(world, asker);
  const bounty = await offerBounty(
    world.ctx,
    offerer.actor,
    questionId,
    { amount: yuan(AMOUNT) },
    requestKey(),
  );
  return { world, asker, offerer, alice, bob, questionId, bounty };
}

async function jobState(world: BountyWorld, bountyId: number): Promise<string | undefined> {
  const row = await world.database.db
    .selectFrom('jobs')
    .select('state')
    .where('dedupe_key', '=', settleJobKey(bountyId))
    .executeTakeFirst();
  return row?.state;
}

describe('offering a bounty', () => {
  test('moves the amount from the wallet into escrow and schedules settlement at the end of grace', async (t) => {
    const { world, offerer, questionId, bounty } = await scene(t);
    assert.equal(bounty.state, 'open');
    assert.equal(bounty.questionId, questionId);
    assert.deepEqual(bounty.amount, yuan(AMOUNT));
    assert.equal(bounty.endsAt.getTime() - bounty.startedAt.getTime(), 7 * DAY * 1000);
    assert.equal(bounty.graceEndsAt.getTime() - bounty.endsAt.getTime(), 24 * HOUR * 1000);
    assert.deepEqual(await wallets(world.database.db, [offerer.userId]), [WALLET - AMOUNT]);
    assert.equal(await heldMinor(world.database.db, offerer.userId), AMOUNT);
    const job = await world.database.db
      .selectFrom('jobs')
      .selectAll()
      .where('dedupe_key', '=', settleJobKey(bounty.id))
      .executeTakeFirstOrThrow();
    assert.equal(job.state, 'queued');
    assert.equal(job.run_at.getTime(), bounty.graceEndsAt.getTime());
    const hold = await world.database.db
      .selectFrom('ledger_holds')
      .selectAll()
      .where('id', '=', bounty.holdId)
      .executeTakeFirstOrThrow();
    assert.deepEqual([hold.product_kind, hold.product_ref], ['bounty', String(bounty.id)]);
    await assertBooksBalance(world.database.db);
  });

  test('a retry with the same request key returns the first bounty and holds the money once', async (t) => {
    const world = await bountyWorld(t);
    const offerer = await member(world, { wallet: WALLET });
    const questionId = await oldQuestion(world, offerer);
    const key = requestKey();
    const first = await offerBounty(world.ctx, offerer.actor, questionId, { amount: yuan(AMOUNT) }, key);
    const again = await offerBounty(world.ctx, offerer.actor, questionId, { amount: yuan(AMOUNT) }, key);
    assert.equal(again.id, first.id);
    assert.deepEqual(await wallets(world.database.db, [offerer.userId]), [WALLET - AMOUNT]);
    assert.equal((await footprint(world.database.db)).holds, 1);
  });

  test('is refused, moving nothing, for each broken rule', async (t) => {
    const world = await bountyWorld(t);
    const rich = await member(world, { wallet: WALLET });
    const poor = await member(world, { wallet: 100 });
    const novice = await member(world, { reputation: 74, wallet: WALLET });
    const questionId = await oldQuestion(world, rich);
    const fresh = (await askViaApi(rich)).id;
    const deleted = await oldQuestion(world, rich, 0);
    await world.database.db
      .updateTable('questions')
      .set({ deleted_at: world.clock.now() })
      .where('id', '=', deleted)
      .execute();
    const before = await footprint(world.database.db);
    const offer = (who: typeof rich, id: number, amount: unknown) =>
      offerBounty(world.ctx, who.actor, id, { amount: amount as never }, requestKey());

    assert.deepEqual(await refusal(offer(novice, questionId, yuan(AMOUNT))), {
      status: 403,
      code: 'privilege.required',
    });
    assert.deepEqual(await refusal(offer(rich, deleted, yuan(AMOUNT))), {
      status: 409,
      code: 'bounty.question_closed',
    });
    assert.deepEqual(await refusal(offer(rich, fresh, yuan(AMOUNT))), {
      status: 409,
      code: 'bounty.question_too_new',
    });
    assert.deepEqual(await refusal(offer(rich, questionId, yuan(499))), {
      status: 422,
      code: 'bounty.amount_too_small',
    });
    assert.deepEqual(await refusal(offer(rich, questionId, yuan(1_000_001))), {
      status: 422,
      code: 'bounty.amount_too_large',
    });
    assert.deepEqual(await refusal(offer(rich, questionId, { amountMinor: 12.5, currency: 'CNY' })), {
      status: 422,
      code: 'money.invalid_amount',
    });
    assert.deepEqual(await refusal(offer(rich, questionId, { amountMinor: 500, currency: 'XYZ' })), {
      status: 422,
      code: 'money.unknown_currency',
    });
    assert.deepEqual(await refusal(offer(rich, 9_999_999, yuan(AMOUNT))), {
      status: 404,
      code: 'question.not_found',
    });
    // Insufficient funds: 409, and nothing moved.
    assert.deepEqual(await refusal(offer(poor, questionId, yuan(AMOUNT))), {
      status: 409,
      code: 'wallet.insufficient_funds',
    });
    assert.deepEqual(await footprint(world.database.db), before);
    assert.deepEqual(await wallets(world.database.db, [rich.userId, poor.userId, novice.userId]), [
      WALLET,
      100,
      WALLET,
    ]);
    await assertBooksBalance(world.database.db);
  });

  test('one open bounty per question, at most three per member', async (t) => {
    const world = await bountyWorld(t);
    const offerer = await member(world, { wallet: 10 * WALLET });
    const other = await member(world, { wallet: WALLET });
    const questions = [];
    for (let i = 0; i < 4; i += 1) questions.push((await askViaApi(offerer)).id);
    world.clock.advance(3 * DAY);
    const [q1, q2, q3, q4] = questions as [number, number, number, number];
    for (const id of [q1, q2, q3]) {
      await offerBounty(world.ctx, offerer.actor, id, { amount: yuan(AMOUNT) }, requestKey());
    }
    assert.deepEqual(
      await refusal(offerBounty(world.ctx, other.actor, q1, { amount: yuan(AMOUNT) }, requestKey())),
      { status: 409, code: 'bounty.already_active' },
    );
    assert.deepEqual(
      await refusal(offerBounty(world.ctx, offerer.actor, q4, { amount: yuan(AMOUNT) }, requestKey())),
      { status: 409, code: 'bounty.too_many_active' },
    );
    assert.deepEqual(await wallets(world.database.db, [offerer.userId, other.userId]), [
      10 * WALLET - 3 * AMOUNT,
      WALLET,
    ]);
    assert.equal(await heldMinor(world.database.db, offerer.userId), 3 * AMOUNT);
    await assertBooksBalance(world.database.db);
  });
});

describe('awarding a bounty', () => {
  test('during the 7 days: the answerer gets it minus commission, the settlement job is cancelled', async (t) => {
    const { world, offerer, alice, questionId, bounty } = await scene(t);
    const answerId = await answerWithScore(world, alice, questionId);
    world.clock.advance(2 * DAY);
    const awarded = await awardBounty(world.ctx, offerer.actor, bounty.id, { answerId });
    assert.equal(awarded.state, 'awarded');
    assert.equal(awarded.awardedAnswerId, answerId);
    assert.equal(awarded.recipientId, alice.userId);
    assert.deepEqual(
      [awarded.recipientAmount, awarded.fee, awarded.refund],
      [yuan(4_500), yuan(500), yuan(0)],
    );
    assert.deepEqual(await wallets(world.database.db, [offerer.userId, alice.userId]), [
      WALLET - AMOUNT,
      4_500,
    ]);
    assert.equal(await heldMinor(world.database.db, offerer.userId), 0);
    assert.equal(await platformRevenueMinor(world.database.db), 500);
    assert.equal(await jobState(world, bounty.id), 'cancelled');
    await assertBooksBalance(world.database.db);

    // Past grace nothing else happens: the job was cancelled, and settling an awarded bounty is a no-op.
    world.clock.advance(7 * DAY);
    await world.app.jobs.runDueJobs();
    assert.equal((await settleBounty(world.ctx, bounty.id)).state, 'awarded');
    assert.deepEqual(await wallets(world.database.db, [offerer.userId, alice.userId]), [
      WALLET - AMOUNT,
      4_500,
    ]);
    await assertBooksBalance(world.database.db);
  });

  test('during grace, to an answer older than the bounty', async (t) => {
    const world = await bountyWorld(t);
    const offerer = await member(world, { wallet: WALLET });
    const bob = await member(world, { reputation: 1 });
    const questionId = await oldQuestion(world, offerer);
    const early = await answerWithScore(world, bob, questionId);
    world.clock.advance(HOUR);
    const bounty = await offerBounty(
      world.ctx,
      offerer.actor,
      questionId,
      { amount: yuan(AMOUNT) },
      requestKey(),
    );
    world.clock.advance(7 * DAY + 23 * HOUR);
    assert.equal((await bountyPanel(world.ctx, offerer.actor, questionId)).phase, 'grace');
    const awarded = await awardBounty(world.ctx, offerer.actor, bounty.id, { answerId: early });
    assert.equal(awarded.state, 'awarded');
    assert.deepEqual(await wallets(world.database.db, [offerer.userId, bob.userId]), [
      WALLET - AMOUNT,
      4_500,
    ]);
    await assertBooksBalance(world.database.db);
  });

  test('is refused, moving nothing: twice, own answer, not the offerer, after grace, deleted or foreign answers', async (t) => {
    const { world, asker, offerer, alice, bob, questionId, bounty } = await scene(t);
    const aliceAnswer = await answerWithScore(world, alice, questionId);
    const ownAnswer = await answerWithScore(world, offerer, questionId);
    const gone = await answerWithScore(world, bob, questionId);
    await world.database.db
      .updateTable('answers')
      .set({ deleted_at: world.clock.now() })
      .where('id', '=', gone)
      .execute();
    const otherQuestion = await oldQuestion(world, asker, 0);
    const elsewhere = await answerWithScore(world, bob, otherQuestion);
    const before = await footprint(world.database.db);
    const award = (who: typeof offerer, answerId: unknown, id = bounty.id) =>
      awardBounty(world.ctx, who.actor, id, { answerId });

    assert.deepEqual(await refusal(award(offerer, ownAnswer)), { status: 409, code: 'bounty.own_answer' });
    assert.deepEqual(await refusal(award(asker, aliceAnswer)), { status: 403, code: 'bounty.not_offerer' });
    assert.deepEqual(await refusal(award(alice, aliceAnswer)), { status: 403, code: 'bounty.not_offerer' });
    assert.deepEqual(await refusal(award(offerer, gone)), { status: 409, code: 'bounty.answer_deleted' });
    assert.deepEqual(await refusal(award(offerer, elsewhere)), { status: 404, code: 'answer.not_found' });
    assert.deepEqual(await refusal(award(offerer, 'x')), { status: 422, code: 'bounty.answer_required' });
    assert.deepEqual(await refusal(award(offerer, aliceAnswer, 9_999_999)), {
      status: 404,
      code: 'bounty.not_found',
    });
    assert.deepEqual(await footprint(world.database.db), before);

    await award(offerer, aliceAnswer);
    const afterAward = await wallets(world.database.db, [offerer.userId, alice.userId, bob.userId]);
    assert.deepEqual(afterAward, [WALLET - AMOUNT, 4_500, 0]);
    assert.deepEqual(await refusal(award(offerer, aliceAnswer)), {
      status: 409,
      code: 'bounty.already_awarded',
    });
    assert.deepEqual(
      await wallets(world.database.db, [offerer.userId, alice.userId, bob.userId]),
      afterAward,
    );
    assert.equal(await platformRevenueMinor(world.database.db), 500);
    await assertBooksBalance(world.database.db);
  });

  test('after grace the offerer can no longer award; settlement decides', async (t) => {
    const { world, offerer, alice, questionId, bounty } = await scene(t);
    const answerId = await answerWithScore(world, alice, questionId, 1);
    world.clock.advance(8 * DAY);
    assert.deepEqual(await refusal(awardBounty(world.ctx, offerer.actor, bounty.id, { answerId })), {
      status: 409,
      code: 'bounty.award_closed',
    });
    assert.equal((await findBountyById(world.database.db, bounty.id))?.state, 'open');
    assert.deepEqual(await wallets(world.database.db, [offerer.userId, alice.userId]), [WALLET - AMOUNT, 0]);
  });
});

describe('settling an unawarded bounty when grace ends (the job)', () => {
  test('half to the highest-scored new answer with score ≥ 2, less commission; the rest back', async (t) => {
    const world = await bountyWorld(t);
    const offerer = await member(world, { wallet: WALLET });
    const [alice, bob, carol] = [
      await member(world, { reputation: 1 }),
      await member(world, { reputation: 1 }),
      await member(world, { reputation: 1 }),
    ];
    const questionId = await oldQuestion(world, offerer);
    await answerWithScore(world, carol, questionId, 10); // before the bounty: does not count
    world.clock.advance(HOUR);
    const bounty = await offerBounty(
      world.ctx,
      offerer.actor,
      questionId,
      { amount: yuan(5_001) },
      requestKey(),
    );
    world.clock.advance(HOUR);
    const best = await answerWithScore(world, alice, questionId, 3);
    await answerWithScore(world, bob, questionId, 2);
    await answerWithScore(world, offerer, questionId, 9); // the offerer's own: does not count

    // The clock follows real time too: ten seconds early is early, whatever the machine's speed.
    world.clock.advance(8 * DAY - HOUR - 10);
    assert.deepEqual(await world.app.jobs.runDueJobs(), { done: 0, retried: 0, failed: 0 }, 'just early');
    assert.deepEqual(await refusal(settleBounty(world.ctx, bounty.id)), {
      status: 409,
      code: 'bounty.not_due',
    });
    world.clock.advance(10);
    assert.deepEqual(await world.app.jobs.runDueJobs(), { done: 1, retried: 0, failed: 0 });

    const settled = await findBountyById(world.database.db, bounty.id);
    assert.equal(settled?.state, 'auto_awarded');
    assert.equal(settled?.awardedAnswerId, best);
    assert.equal(settled?.recipientId, alice.userId);
    // 50.01: half rounded down (25.00) to the winner, of which 10 % commission; 25.01 back.
    assert.deepEqual(
      [settled?.recipientAmount, settled?.fee, settled?.refund],
      [yuan(2_250), yuan(250), yuan(2_501)],
    );
    assert.deepEqual(
      await wallets(world.database.db, [offerer.userId, alice.userId, bob.userId, carol.userId]),
      [WALLET - 5_001 + 2_501, 2_250, 0, 0],
    );
    assert.equal(await heldMinor(world.database.db, offerer.userId), 0);
    assert.equal(await platformRevenueMinor(world.database.db), 250);
    await assertBooksBalance(world.database.db);

    // Settling again (a job that runs twice) moves nothing; awarding is refused.
    assert.equal((await settleBounty(world.ctx, bounty.id)).state, 'auto_awarded');
    assert.deepEqual(await refusal(awardBounty(world.ctx, offerer.actor, bounty.id, { answerId: best })), {
      status: 409,
      code: 'bounty.already_awarded',
    });
    assert.deepEqual(await wallets(world.database.db, [offerer.userId, alice.userId]), [
      WALLET - 2_500,
      2_250,
    ]);
    await assertBooksBalance(world.database.db);
  });

  test('everything back to the offerer when no answer qualifies', async (t) => {
    const { world, offerer, alice, bob, questionId, bounty } = await scene(t);
    const low = await answerWithScore(world, alice, questionId, 1);
    const gone = await answerWithScore(world, bob, questionId, 5);
    await world.database.db
      .updateTable('answers')
      .set({ deleted_at: world.clock.now() })
      .where('id', '=', gone)
      .execute();
    world.clock.advance(8 * DAY);
    assert.deepEqual(await world.app.jobs.runDueJobs(), { done: 1, retried: 0, failed: 0 });
    const settled = await findBountyById(world.database.db, bounty.id);
    assert.equal(settled?.state, 'refunded');
    assert.equal(settled?.awardedAnswerId, null);
    assert.deepEqual(
      [settled?.recipientAmount, settled?.fee, settled?.refund],
      [yuan(0), yuan(0), yuan(AMOUNT)],
    );
    assert.deepEqual(await wallets(world.database.db, [offerer.userId, alice.userId, bob.userId]), [
      WALLET,
      0,
      0,
    ]);
    assert.equal(await heldMinor(world.database.db, offerer.userId), 0);
    assert.equal(await platformRevenueMinor(world.database.db), 0);
    assert.deepEqual(await refusal(awardBounty(world.ctx, offerer.actor, bounty.id, { answerId: low })), {
      status: 409,
      code: 'bounty.already_refunded',
    });
    await assertBooksBalance(world.database.db);
  });
});

describe('reading bounties', () => {
  test('the panel, the list badges and one bounty, as each viewer sees them', async (t) => {
    const { world, asker, offerer, alice, questionId, bounty } = await scene(t);
    const answerId = await answerWithScore(world, alice, questionId);
    const ownAnswer = await answerWithScore(world, offerer, questionId);

    const forOfferer = await bountyPanel(world.ctx, offerer.actor, questionId);
    assert.equal(forOfferer.bounty?.id, bounty.id);
    assert.equal(forOfferer.phase, 'running');
    assert.equal(forOfferer.canOffer, false);
    assert.deepEqual([...forOfferer.awardable], [answerId], 'not their own answer');
    const forAsker = await bountyPanel(world.ctx, asker.actor, questionId);
    assert.deepEqual([...forAsker.awardable], []);
    assert.equal(forAsker.canOffer, false, 'the question already has a bounty');
    assert.equal((await bountyPanel(world.ctx, null, questionId)).canOffer, false);
    assert.ok(ownAnswer);

    const other = await oldQuestion(world, asker);
    const rich = await member(world, { wallet: 700 });
    const panel = await bountyPanel(world.ctx, rich.actor, other);
    assert.equal(panel.canOffer, true);
    assert.deepEqual(panel.balances, [yuan(700)]);
    const poorPanel = await bountyPanel(world.ctx, (await member(world, { reputation: 10 })).actor, other);
    assert.equal(poorPanel.canOffer, false, 'too little reputation');

    const badges = await openBountiesByQuestion(world.ctx, [questionId, other]);
    assert.deepEqual([...badges.keys()], [questionId]);
    const details = await getBounty(world.ctx, bounty.id);
    assert.equal(details.question.id, questionId);
    assert.deepEqual(await refusal(getBounty(world.ctx, 9_999_999)), {
      status: 404,
      code: 'bounty.not_found',
    });
  });
});
