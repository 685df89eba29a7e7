// Every path of a paid question against a real database, with the clock moved past deadlines:
// the wallets of asker, expert and unlockers, the platform's commission, and the books after each.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertBooksBalance, cny, topUp } from '../ledger/ledger.test-support.js';
import { askExpert } from './ask.service.js';
import {
  ask,
  becomeExpert,
  countOf,
  expertsWorld,
  moneyOf,
  refused,
  revenueOf,
} from './experts.test-support.js';
import { decideDisputeOf, openDispute, rateAnswer } from './feedback.service.js';
import { getPaidQuestion } from './paid-questions.service.js';
import { answerPaidQuestion, declinePaidQuestion } from './settle.service.js';
import { unlockPaidAnswer } from './unlock.service.js';

const HOUR = 3600;
const ANSWER = { body: 'Lower autovacuum_vacuum_scale_factor for that table and raise the cost limit.' };

describe('asking', () => {
  test('the price goes into escrow; nothing else moves', async (t) => {
    const { ctx, member } = await expertsWorld(t);
    const [asker, expert] = [await member({ topUpMinor: 10_000 }), await member()];
    await becomeExpert(ctx, expert, 5000, { answerHours: 24 });
    const question = await ask(ctx, asker, expert);
    assert.equal(question.state, 'paid');
    assert.deepEqual(question.price, { amountMinor: 5000, currency: 'CNY' });
    assert.equal(question.deadlineAt.getTime() - question.createdAt.getTime(), 24 * HOUR * 1000);
    assert.deepEqual(await moneyOf(ctx, asker), { wallet: 5000, held: 5000 });
    assert.deepEqual(await moneyOf(ctx, expert), { wallet: 0, held: 0 });
    await assertBooksBalance(ctx.db);
  });

  test('a repeat of the same request returns the first question and charges once', async (t) => {
    const { ctx, member } = await expertsWorld(t);
    const [asker, expert] = [await member({ topUpMinor: 10_000 }), await member()];
    await becomeExpert(ctx, expert, 5000);
    const first = await ask(ctx, asker, expert, { requestKey: 'same' });
    const again = await ask(ctx, asker, expert, { requestKey: 'same' });
    assert.equal(again.id, first.id);
    assert.deepEqual(await moneyOf(ctx, asker), { wallet: 5000, held: 5000 });
    assert.equal(await countOf(ctx, 'paid_questions'), 1);
  });

  test('insufficient funds: 409, and nothing is written', async (t) => {
    const { ctx, member } = await expertsWorld(t);
    const [asker, expert] = [await member({ topUpMinor: 1000 }), await member()];
    await becomeExpert(ctx, expert, 5000);
    const transactions = await countOf(ctx, 'ledger_transactions');
    await refused(ask(ctx, asker, expert), 409, 'wallet.insufficient_funds');
    assert.deepEqual(await moneyOf(ctx, asker), { wallet: 1000, held: 0 });
    assert.equal(await countOf(ctx, 'paid_questions'), 0);
    assert.equal(await countOf(ctx, 'ledger_holds'), 0);
    assert.equal(await countOf(ctx, 'ledger_transactions'), transactions);
    const jobs = await ctx.db
      .selectFrom('jobs')
      .select('id')
      .where('name', '=', 'experts.expire_paid_question')
      .execute();
    assert.deepEqual(jobs, []);
    await assertBooksBalance(ctx.db);
  });

  test('not yourself, not a paused expert, not a member who is no expert, not bad fields', async (t) => {
    const { ctx, member } = await expertsWorld(t);
    const [asker, expert, nobody] = [await member({ topUpMinor: 10_000 }), await member(), await member()];
    await becomeExpert(ctx, expert, 5000, { accepting: false });
    await becomeExpert(ctx, asker, 5000);
    await refused(ask(ctx, asker, asker), 403, 'paid_question.ask_self');
    await refused(ask(ctx, asker, expert), 409, 'expert.not_accepting');
    await refused(ask(ctx, asker, nobody), 404, 'expert.not_found');
    await refused(
      askExpert(ctx, asker, expert.userId, { title: 'x', body: '' }, { requestKey: 'k' }),
      422,
      'request.invalid',
    );
    assert.deepEqual(await moneyOf(ctx, asker), { wallet: 10_000, held: 0 });
  });

  test('a price change after payment does not touch the paid question', async (t) => {
    const { ctx, member } = await expertsWorld(t);
    const [asker, expert] = [await member({ topUpMinor: 20_000 }), await member()];
    await becomeExpert(ctx, expert, 5000);
    const question = await ask(ctx, asker, expert);
    await becomeExpert(ctx, expert, 8000);
    await answerPaidQuestion(ctx, expert, question.id, ANSWER);
    const view = await getPaidQuestion(ctx, asker, question.id);
    assert.deepEqual(view.question.price, { amountMinor: 5000, currency: 'CNY' });
    assert.deepEqual(await moneyOf(ctx, asker), { wallet: 15_000, held: 0 });
    assert.deepEqual(await moneyOf(ctx, expert), { wallet: 4500, held: 0 });
    assert.equal(await revenueOf(ctx), 500);
    // The next question pays the new price.
    const next = await ask(ctx, asker, expert);
    assert.deepEqual(next.price, { amountMinor: 8000, currency: 'CNY' });
    assert.deepEqual(await moneyOf(ctx, asker), { wallet: 7000, held: 8000 });
    await assertBooksBalance(ctx.db);
  });
});

describe('answered, declined, expired', () => {
  test('answered: the escrow goes to the expert less 10 %; the expiry job then does nothing', async (t) => {
    const { ctx, clock, runner, member } = await expertsWorld(t);
    const [asker, expert] = [await member({ topUpMinor: 10_000 }), await member()];
    await becomeExpert(ctx, expert, 5000);
    const question = await ask(ctx, asker, expert);
    const answered = await answerPaidQuestion(ctx, expert, question.id, ANSWER);
    assert.equal(answered.state, 'answered');
    assert.equal(answered.answerBody, ANSWER.body);
    assert.match(answered.answerHtml ?? '', /autovacuum_vacuum_scale_factor/);
    assert.deepEqual(await moneyOf(ctx, asker), { wallet: 5000, held: 0 });
    assert.deepEqual(await moneyOf(ctx, expert), { wallet: 4500, held: 0 });
    assert.equal(await revenueOf(ctx), 500);
    await assertBooksBalance(ctx.db);

    clock.advance(49 * HOUR);
    assert.deepEqual(await runner.runDueJobs(), { done: 0, retried: 0, failed: 0 }, 'the job was cancelled');
    assert.equal((await getPaidQuestion(ctx, asker, question.id)).question.state, 'answered');
    assert.deepEqual(await moneyOf(ctx, expert), { wallet: 4500, held: 0 });
    await refused(
      answerPaidQuestion(ctx, expert, question.id, ANSWER),
      409,
      'paid_question.already_answered',
    );
    await refused(declinePaidQuestion(ctx, expert, question.id), 409, 'paid_question.already_answered');
    await assertBooksBalance(ctx.db);
  });

  test('only the expert answers or declines; a private question is not found for others', async (t) => {
    const { ctx, member } = await expertsWorld(t);
    const [asker, expert, other] = [await member({ topUpMinor: 10_000 }), await member(), await member()];
    await becomeExpert(ctx, expert, 5000);
    const open = await ask(ctx, asker, expert);
    const secret = await ask(ctx, asker, expert, { visibility: 'private' });
    await refused(answerPaidQuestion(ctx, asker, open.id, ANSWER), 403, 'paid_question.not_expert');
    await refused(answerPaidQuestion(ctx, other, open.id, ANSWER), 403, 'paid_question.not_expert');
    await refused(declinePaidQuestion(ctx, asker, open.id), 403, 'paid_question.not_expert');
    await refused(answerPaidQuestion(ctx, other, secret.id, ANSWER), 404, 'paid_question.not_found');
    await refused(getPaidQuestion(ctx, other, secret.id), 404, 'paid_question.not_found');
    await refused(getPaidQuestion(ctx, null, secret.id), 404, 'paid_question.not_found');
    await refused(answerPaidQuestion(ctx, expert, 999_999, ANSWER), 404, 'paid_question.not_found');
    await refused(answerPaidQuestion(ctx, expert, open.id, { body: 'short' }), 422, 'request.invalid');
    assert.deepEqual(await moneyOf(ctx, asker), { wallet: 0, held: 10_000 });
    assert.deepEqual(await moneyOf(ctx, expert), { wallet: 0, held: 0 });
  });

  test('declined: the asker gets everything back; answering afterwards is refused', async (t) => {
    const { ctx, clock, runner, member } = await expertsWorld(t);
    const [asker, expert] = [await member({ topUpMinor: 10_000 }), await member()];
    await becomeExpert(ctx, expert, 5000);
    const question = await ask(ctx, asker, expert);
    const declined = await declinePaidQuestion(ctx, expert, question.id);
    assert.equal(declined.state, 'declined');
    assert.deepEqual(await moneyOf(ctx, asker), { wallet: 10_000, held: 0 });
    assert.deepEqual(await moneyOf(ctx, expert), { wallet: 0, held: 0 });
    assert.equal(await revenueOf(ctx), 0);
    await refused(
      answerPaidQuestion(ctx, expert, question.id, ANSWER),
      409,
      'paid_question.already_declined',
    );
    await refused(declinePaidQuestion(ctx, expert, question.id), 409, 'paid_question.already_declined');
    clock.advance(49 * HOUR);
    assert.deepEqual(await runner.runDueJobs(), { done: 0, retried: 0, failed: 0 });
    assert.deepEqual(await moneyOf(ctx, asker), { wallet: 10_000, held: 0 });
    await assertBooksBalance(ctx.db);
  });

  test('expired: no answer by the deadline, the job refunds in full; answering then is refused', async (t) => {
    const { ctx, clock, runner, member } = await expertsWorld(t);
    const [asker, expert] = [await member({ topUpMinor: 10_000 }), await member()];
    await becomeExpert(ctx, expert, 5000, { answerHours: 48 });
    const question = await ask(ctx, asker, expert);

    clock.advance(47 * HOUR);
    assert.deepEqual(await runner.runDueJobs(), { done: 0, retried: 0, failed: 0 }, 'not due an hour early');
    clock.advance(HOUR);
    // Past the deadline the expert can no longer answer, even before the job has run.
    await refused(answerPaidQuestion(ctx, expert, question.id, ANSWER), 409, 'paid_question.deadline_passed');
    assert.deepEqual(await runner.runDueJobs(), { done: 1, retried: 0, failed: 0 });
    const view = await getPaidQuestion(ctx, asker, question.id);
    assert.equal(view.question.state, 'expired');
    assert.deepEqual(await moneyOf(ctx, asker), { wallet: 10_000, held: 0 });
    assert.deepEqual(await moneyOf(ctx, expert), { wallet: 0, held: 0 });
    assert.equal(await revenueOf(ctx), 0);
    await refused(answerPaidQuestion(ctx, expert, question.id, ANSWER), 409, 'paid_question.already_expired');
    await refused(declinePaidQuestion(ctx, expert, question.id), 409, 'paid_question.already_expired');
    await assertBooksBalance(ctx.db);
  });
});

describe('unlocks', () => {
  async function answeredQuestion(
    t: Parameters<typeof expertsWorld>[0],
    visibility: 'public' | 'private' = 'public',
  ) {
    const world = await expertsWorld(t);
    const [asker, expert, reader] = [
      await world.member({ topUpMinor: 10_000 }),
      await world.member(),
      await world.member({ topUpMinor: 1000 }),
    ];
    await becomeExpert(world.ctx, expert, 5000);
    const question = await ask(world.ctx, asker, expert, { visibility });
    await answerPaidQuestion(world.ctx, expert, question.id, ANSWER);
    return { ...world, asker, expert, reader, question };
  }

  test('¥1.00: 10 fen commission, 45 to the asker, 45 to the expert; the reader then sees the answer', async (t) => {
    const { ctx, asker, expert, reader, question } = await answeredQuestion(t);
    const before = await getPaidQuestion(ctx, reader, question.id);
    assert.equal(before.answerVisible, false);
    assert.equal(before.question.answerBody, null, 'the answer text is not sent before the unlock');
    assert.equal(before.abilities.unlock, true);

    const outcome = await unlockPaidAnswer(ctx, reader, question.id);
    assert.equal(outcome.charged, true);
    assert.equal(outcome.question.unlockCount, 1);
    assert.deepEqual(await moneyOf(ctx, reader), { wallet: 900, held: 0 });
    assert.deepEqual(await moneyOf(ctx, asker), { wallet: 5045, held: 0 });
    assert.deepEqual(await moneyOf(ctx, expert), { wallet: 4545, held: 0 });
    assert.equal(await revenueOf(ctx), 510);
    const after = await getPaidQuestion(ctx, reader, question.id);
    assert.equal(after.answerVisible, true);
    assert.equal(after.question.answerBody, ANSWER.body);
    assert.equal(after.abilities.unlock, false);
    await assertBooksBalance(ctx.db);
  });

  test('unlocking twice charges once', async (t) => {
    const { ctx, reader, question } = await answeredQuestion(t);
    await unlockPaidAnswer(ctx, reader, question.id);
    const again = await unlockPaidAnswer(ctx, reader, question.id);
    assert.equal(again.charged, false);
    assert.equal(again.question.unlockCount, 1);
    assert.deepEqual(await moneyOf(ctx, reader), { wallet: 900, held: 0 });
    assert.equal(await countOf(ctx, 'paid_question_unlocks'), 1);
    await assertBooksBalance(ctx.db);
  });

  test('refused: private, unanswered, your own, short of money — nothing moves', async (t) => {
    const { ctx, member, asker, expert, reader, question } = await answeredQuestion(t);
    await topUp(ctx.db, asker.userId, cny(10_000));
    const secret = await ask(ctx, asker, expert, { visibility: 'private' });
    await answerPaidQuestion(ctx, expert, secret.id, ANSWER);
    const waiting = await ask(ctx, asker, expert);
    const broke = await member();
    const before = await countOf(ctx, 'ledger_transactions');
    await refused(unlockPaidAnswer(ctx, reader, secret.id), 404, 'paid_question.not_found');
    await refused(unlockPaidAnswer(ctx, reader, waiting.id), 409, 'paid_question.not_answered');
    await refused(unlockPaidAnswer(ctx, asker, question.id), 409, 'paid_question.unlock_not_needed');
    await refused(unlockPaidAnswer(ctx, expert, question.id), 409, 'paid_question.unlock_not_needed');
    await refused(unlockPaidAnswer(ctx, broke, question.id), 409, 'wallet.insufficient_funds');
    await refused(unlockPaidAnswer(ctx, reader, 999_999), 404, 'paid_question.not_found');
    assert.equal(await countOf(ctx, 'ledger_transactions'), before);
    assert.equal(await countOf(ctx, 'paid_question_unlocks'), 0);
    assert.deepEqual(await moneyOf(ctx, reader), { wallet: 1000, held: 0 });
    await assertBooksBalance(ctx.db);
  });

  test('an expired question cannot be unlocked', async (t) => {
    const { ctx, clock, runner, member } = await expertsWorld(t);
    const [asker, expert, reader] = [
      await member({ topUpMinor: 10_000 }),
      await member(),
      await member({ topUpMinor: 1000 }),
    ];
    await becomeExpert(ctx, expert, 5000, { answerHours: 1 });
    const question = await ask(ctx, asker, expert);
    clock.advance(2 * HOUR);
    await runner.runDueJobs();
    await refused(unlockPaidAnswer(ctx, reader, question.id), 409, 'paid_question.not_answered');
  });
});

describe('ratings', () => {
  test('the asker rates once within 7 days; nobody else, nothing after', async (t) => {
    const { ctx, clock, member } = await expertsWorld(t);
    const [asker, expert, other] = [await member({ topUpMinor: 20_000 }), await member(), await member()];
    await becomeExpert(ctx, expert, 5000);
    const question = await ask(ctx, asker, expert);
    await refused(rateAnswer(ctx, asker, question.id, { stars: 5 }), 409, 'paid_question.not_answered');
    await answerPaidQuestion(ctx, expert, question.id, ANSWER);
    await refused(rateAnswer(ctx, expert, question.id, { stars: 5 }), 403, 'paid_question.not_asker');
    await refused(rateAnswer(ctx, other, question.id, { stars: 5 }), 403, 'paid_question.not_asker');
    await refused(rateAnswer(ctx, asker, question.id, { stars: 6 }), 422, 'request.invalid');
    const rating = await rateAnswer(ctx, asker, question.id, { stars: 4, review: 'Clear and practical.' });
    assert.equal(rating.stars, 4);
    await refused(rateAnswer(ctx, asker, question.id, { stars: 5 }), 409, 'paid_question.already_rated');

    const late = await ask(ctx, asker, expert);
    await answerPaidQuestion(ctx, expert, late.id, ANSWER);
    clock.advance(7 * 24 * HOUR);
    await refused(rateAnswer(ctx, asker, late.id, { stars: 5 }), 409, 'paid_question.rating_closed');
    assert.equal((await getPaidQuestion(ctx, asker, question.id)).rating?.stars, 4);
  });
});

describe('disputes', () => {
  async function disputed(t: Parameters<typeof expertsWorld>[0]) {
    const world = await expertsWorld(t);
    const [asker, expert, reader, moderator] = [
      await world.member({ topUpMinor: 10_000 }),
      await world.member(),
      await world.member({ topUpMinor: 1000 }),
      await world.member({ role: 'moderator' }),
    ];
    await becomeExpert(world.ctx, expert, 5000);
    const question = await ask(world.ctx, asker, expert);
    await answerPaidQuestion(world.ctx, expert, question.id, ANSWER);
    const dispute = await openDispute(world.ctx, asker, question.id, {
      reason: 'It does not address my table at all.',
    });
    return { ...world, asker, expert, reader, moderator, question, dispute };
  }

  test('refund: the release is mirrored back; the asker is whole, the expert and platform give back', async (t) => {
    const { ctx, asker, expert, reader, moderator, question, dispute } = await disputed(t);
    assert.equal(dispute.state, 'open');
    await refused(unlockPaidAnswer(ctx, reader, question.id), 409, 'paid_question.disputed');
    await refused(
      openDispute(ctx, asker, question.id, { reason: 'Once more, with feeling.' }),
      409,
      'paid_question.already_disputed',
    );
    await refused(
      decideDisputeOf(ctx, asker, question.id, { outcome: 'refund' }),
      403,
      'dispute.moderator_only',
    );
    await refused(decideDisputeOf(ctx, moderator, question.id, { outcome: 'maybe' }), 422, 'request.invalid');

    const decided = await decideDisputeOf(ctx, moderator, question.id, {
      outcome: 'refund',
      note: 'Off topic.',
    });
    assert.equal(decided.state, 'refunded');
    assert.ok(decided.refundTransactionId);
    assert.deepEqual(await moneyOf(ctx, asker), { wallet: 10_000, held: 0 });
    assert.deepEqual(await moneyOf(ctx, expert), { wallet: 0, held: 0 });
    assert.equal(await revenueOf(ctx), 0);
    const view = await getPaidQuestion(ctx, asker, question.id);
    assert.equal(view.question.state, 'refunded');
    await refused(
      decideDisputeOf(ctx, moderator, question.id, { outcome: 'release' }),
      409,
      'dispute.already_decided',
    );
    await refused(unlockPaidAnswer(ctx, reader, question.id), 409, 'paid_question.already_refunded');
    await refused(
      answerPaidQuestion(ctx, expert, question.id, ANSWER),
      409,
      'paid_question.already_refunded',
    );
    await refused(rateAnswer(ctx, asker, question.id, { stars: 1 }), 409, 'paid_question.already_refunded');
    await assertBooksBalance(ctx.db);
  });

  test('release: the expert keeps the money, and unlocks open again', async (t) => {
    const { ctx, asker, expert, reader, moderator, question } = await disputed(t);
    const decided = await decideDisputeOf(ctx, moderator, question.id, { outcome: 'release' });
    assert.equal(decided.state, 'released');
    assert.equal(decided.refundTransactionId, null);
    assert.deepEqual(await moneyOf(ctx, asker), { wallet: 5000, held: 0 });
    assert.deepEqual(await moneyOf(ctx, expert), { wallet: 4500, held: 0 });
    assert.equal(await revenueOf(ctx), 500);
    assert.equal((await getPaidQuestion(ctx, asker, question.id)).question.state, 'answered');
    const outcome = await unlockPaidAnswer(ctx, reader, question.id);
    assert.equal(outcome.charged, true);
    await assertBooksBalance(ctx.db);
  });

  test('only the asker, only within 72 hours, only of an answer', async (t) => {
    const { ctx, clock, member } = await expertsWorld(t);
    const [asker, expert, other] = [await member({ topUpMinor: 20_000 }), await member(), await member()];
    await becomeExpert(ctx, expert, 5000);
    const waiting = await ask(ctx, asker, expert);
    const reason = { reason: 'This answer misses the point.' };
    await refused(openDispute(ctx, asker, waiting.id, reason), 409, 'paid_question.not_answered');
    const question = await ask(ctx, asker, expert);
    await answerPaidQuestion(ctx, expert, question.id, ANSWER);
    await refused(openDispute(ctx, other, question.id, reason), 403, 'paid_question.not_asker');
    await refused(openDispute(ctx, expert, question.id, reason), 403, 'paid_question.not_asker');
    await refused(openDispute(ctx, asker, question.id, { reason: 'no' }), 422, 'request.invalid');
    clock.advance(72 * HOUR);
    await refused(openDispute(ctx, asker, question.id, reason), 409, 'paid_question.dispute_closed');
  });

  test('a refund the expert can no longer cover is refused and moves nothing', async (t) => {
    const { ctx, expert, moderator, question } = await disputed(t);
    // The expert spent the money (a transfer out of their wallet, as a payout would).
    const { credit, debit, postTransfer, walletKey, payoutsPayable } = await import('../ledger/index.js');
    await ctx.db.transaction().execute((trx) =>
      postTransfer(trx, {
        kind: 'payout',
        idempotencyKey: `spend:${expert.userId}`,
        entries: [
          debit(walletKey(expert.userId, 'CNY'), { amountMinor: 4500, currency: 'CNY' }),
          credit(payoutsPayable('CNY'), { amountMinor: 4500, currency: 'CNY' }),
        ],
        now: ctx.clock.now(),
      }),
    );
    await refused(
      decideDisputeOf(ctx, moderator, question.id, { outcome: 'refund' }),
      409,
      'wallet.insufficient_funds',
    );
    const view = await getPaidQuestion(ctx, moderator, question.id);
    assert.equal(view.question.state, 'answered');
    assert.equal(view.dispute?.state, 'open');
    await assertBooksBalance(ctx.db);
  });
});
