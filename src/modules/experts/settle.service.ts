import type { ServiceContext } from '../../platform/context.js';
import { runTransaction } from '../../platform/db/transaction.js';
import { type Actor, requireActor } from '../../platform/http/auth.js';
import { NotFoundError, ValidationError } from '../../platform/http/errors.js';
import { cancelJob } from '../../platform/jobs/index.js';
import { renderMarkdown } from '../../platform/markdown/index.js';
import { expireHold, refundHold, releaseHold } from '../ledger/index.js';
import { checkText, expertLimits } from './expert.rules.js';
import { refusalError } from './experts.errors.js';
import {
  findPaidQuestionById,
  lockPaidQuestionById,
  type PaidQuestion,
  setPaidQuestionAnswered,
  setPaidQuestionClosed,
} from './experts.repository.js';
import { decideAnswer, decideDecline, decideExpire } from './paid-question.states.js';

/** The dedupe key of a paid question's expiry job (cancelled when it is answered or declined first). */
export function expireJobKey(paidQuestionId: number): string {
  return `experts.expire_paid_question:${paidQuestionId}`;
}

/** Ledger idempotency keys of a paid question's postings, named after the event. */
export const postingKeys = {
  hold: (id: number) => `paid_question:${id}:hold`,
  release: (id: number) => `paid_question:${id}:release`,
  decline: (id: number) => `paid_question:${id}:decline`,
  expire: (id: number) => `paid_question:${id}:expire`,
  unlock: (id: number, userId: number) => `paid_question:${id}:unlock:${userId}`,
  disputeRefund: (id: number) => `paid_question:${id}:dispute_refund`,
} as const;

async function reread(ctx: ServiceContext, id: number): Promise<PaidQuestion> {
  const question = await findPaidQuestionById(ctx.db, id);
  if (!question) throw new Error(`paid question ${id} vanished`);
  return question;
}

function factsOf(question: PaidQuestion) {
  return {
    state: question.state,
    askerId: question.asker.id,
    expertId: question.expert.id,
    visibility: question.visibility,
    deadlineAt: question.deadlineAt,
    answeredAt: question.answeredAt,
  };
}

export { factsOf };

/**
 * The expert answers: the escrow is released to them less the paid-question commission, the
 * expiry job is cancelled, all in one transaction. 404 (unknown, or private and not theirs),
 * 403 paid_question.not_expert, 409 already answered/declined/expired/refunded or past the deadline.
 */
export async function answerPaidQuestion(
  ctx: ServiceContext,
  actor: Actor | null,
  id: number,
  input: { body?: unknown },
): Promise<PaidQuestion> {
  const member = requireActor(actor);
  const body = checkText(input?.body, expertLimits.answer);
  if ('problem' in body) throw new ValidationError({ body: body.problem });
  const now = ctx.clock.now();
  await runTransaction(ctx, async (trx) => {
    const question = Number.isSafeInteger(id) ? await lockPaidQuestionById(trx, id) : undefined;
    if (!question) throw new NotFoundError('paid_question.not_found');
    const decision = decideAnswer(factsOf(question), member.userId, now);
    if (!decision.ok) throw refusalError(decision.reason);
    const { transaction } = await releaseHold(trx, question.holdId, {
      payeeUserId: question.expert.id,
      idempotencyKey: postingKeys.release(id),
      rates: ctx.config.commission,
      memo: `paid question ${id}: answered`,
      facts: { what: 'paid_question.answered', paidQuestionId: id },
      now,
    });
    await setPaidQuestionAnswered(trx, id, {
      answerBody: body.value,
      answerHtml: renderMarkdown(body.value).html,
      transactionId: transaction.id,
      now,
    });
    await cancelJob(trx, expireJobKey(id));
  });
  return reread(ctx, id);
}

/** The expert declines: the whole price goes back to the asker (same refusals as answering). */
export async function declinePaidQuestion(
  ctx: ServiceContext,
  actor: Actor | null,
  id: number,
): Promise<PaidQuestion> {
  const member = requireActor(actor);
  const now = ctx.clock.now();
  await runTransaction(ctx, async (trx) => {
    const question = Number.isSafeInteger(id) ? await lockPaidQuestionById(trx, id) : undefined;
    if (!question) throw new NotFoundError('paid_question.not_found');
    const decision = decideDecline(factsOf(question), member.userId, now);
    if (!decision.ok) throw refusalError(decision.reason);
    const { transaction } = await refundHold(trx, question.holdId, {
      idempotencyKey: postingKeys.decline(id),
      memo: `paid question ${id}: declined`,
      facts: { what: 'paid_question.declined', paidQuestionId: id },
      now,
    });
    await setPaidQuestionClosed(trx, id, { state: 'declined', transactionId: transaction.id, now });
    await cancelJob(trx, expireJobKey(id));
  });
  return reread(ctx, id);
}

/**
 * The expiry job's work: a question still paid at its deadline is refunded in full. Idempotent:
 * nothing happens to one that is no longer paid. Throws (so the job retries) if run before the deadline.
 */
export async function expirePaidQuestion(
  ctx: ServiceContext,
  id: number,
): Promise<'not_found' | 'not_open' | 'expired'> {
  const now = ctx.clock.now();
  return runTransaction(ctx, async (trx) => {
    const question = await lockPaidQuestionById(trx, id);
    if (!question) return 'not_found';
    const decision = decideExpire(factsOf(question), now);
    if (!decision.ok) {
      if (decision.reason === 'paid_question.not_due') throw new Error(`paid question ${id} is not due yet`);
      return 'not_open';
    }
    const { transaction } = await expireHold(trx, question.holdId, {
      idempotencyKey: postingKeys.expire(id),
      memo: `paid question ${id}: no answer by the deadline`,
      facts: { what: 'paid_question.expired', paidQuestionId: id },
      now,
    });
    await setPaidQuestionClosed(trx, id, { state: 'expired', transactionId: transaction.id, now });
    return 'expired';
  });
}
