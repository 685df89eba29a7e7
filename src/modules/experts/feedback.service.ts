import type { ServiceContext } from '../../platform/context.js';
import { runTransaction } from '../../platform/db/transaction.js';
import { type Actor, requireActor } from '../../platform/http/auth.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import { subtract } from '../../platform/money.js';
import { credit, debit, findHoldById, platformRevenue, postTransfer, walletKey } from '../ledger/index.js';
import { checkRating, checkText, expertLimits } from './expert.rules.js';
import { refusalError } from './experts.errors.js';
import {
  type Dispute,
  findDisputeByQuestion,
  findRating,
  insertDispute,
  insertRating,
  lockPaidQuestionById,
  type Rating,
  setDisputeDecided,
  setPaidQuestionRefunded,
} from './experts.repository.js';
import {
  type DisputeOutcome,
  decideDispute,
  decideDisputeOutcome,
  decideRating,
} from './paid-question.states.js';
import { factsOf, postingKeys } from './settle.service.js';

function isModerator(actor: Actor): boolean {
  return actor.role === 'moderator' || actor.role === 'admin';
}

/**
 * The asker rates the answer: 1–5 stars and an optional review, once, within 7 days of the answer.
 * 422 bad stars or review; 404 unknown or private; 403 paid_question.not_asker; 409 not answered,
 * refunded, already rated, rating closed.
 */
export async function rateAnswer(
  ctx: ServiceContext,
  actor: Actor | null,
  id: number,
  input: { stars?: unknown; review?: unknown },
): Promise<Rating> {
  const member = requireActor(actor);
  const checked = checkRating(input ?? {});
  if (!checked.ok) throw new ValidationError(checked.fields);
  const now = ctx.clock.now();
  return runTransaction(ctx, async (trx) => {
    const question = Number.isSafeInteger(id) ? await lockPaidQuestionById(trx, id) : undefined;
    if (!question) throw new NotFoundError('paid_question.not_found');
    const alreadyRated = (await findRating(trx, id)) !== undefined;
    const decision = decideRating(factsOf(question), member.userId, now, { alreadyRated });
    if (!decision.ok) throw refusalError(decision.reason);
    return insertRating(trx, {
      paidQuestionId: id,
      askerId: question.asker.id,
      expertId: question.expert.id,
      stars: checked.stars,
      review: checked.review,
      now,
    });
  });
}

/**
 * The asker disputes an answer that does not answer the question: once, within 72 hours of the
 * answer. A moderator then decides. Same refusals as rating (dispute_closed, already_disputed).
 */
export async function openDispute(
  ctx: ServiceContext,
  actor: Actor | null,
  id: number,
  input: { reason?: unknown },
): Promise<Dispute> {
  const member = requireActor(actor);
  const reason = checkText(input?.reason, expertLimits.reason);
  if ('problem' in reason) throw new ValidationError({ reason: reason.problem });
  const now = ctx.clock.now();
  return runTransaction(ctx, async (trx) => {
    const question = Number.isSafeInteger(id) ? await lockPaidQuestionById(trx, id) : undefined;
    if (!question) throw new NotFoundError('paid_question.not_found');
    const alreadyDisputed = (await findDisputeByQuestion(trx, id)) !== undefined;
    const decision = decideDispute(factsOf(question), member.userId, now, { alreadyDisputed });
    if (!decision.ok) throw refusalError(decision.reason);
    return insertDispute(trx, { paidQuestionId: id, openedBy: member.userId, reason: reason.value, now });
  });
}

/**
 * A moderator decides an open dispute. `refund`: the release is mirrored back — the expert's net
 * and the platform's commission go back to the asker's wallet in one transaction (409
 * wallet.insufficient_funds if the expert has already spent it) — and the question becomes
 * refunded. `release`: the expert keeps the money. 403 dispute.moderator_only; 404 no dispute;
 * 409 dispute.already_decided.
 */
export async function decideDisputeOf(
  ctx: ServiceContext,
  actor: Actor | null,
  id: number,
  input: { outcome?: unknown; note?: unknown },
): Promise<Dispute> {
  const member = requireActor(actor);
  if (!isModerator(member)) throw new ForbiddenError('dispute.moderator_only');
  const outcome = input?.outcome;
  if (outcome !== 'refund' && outcome !== 'release')
    throw new ValidationError({ outcome: { code: 'dispute.outcome_invalid' } });
  const note = checkText(input?.note ?? '', expertLimits.note);
  if ('problem' in note) throw new ValidationError({ note: note.problem });
  const now = ctx.clock.now();
  return runTransaction(ctx, async (trx) => {
    const question = Number.isSafeInteger(id) ? await lockPaidQuestionById(trx, id) : undefined;
    if (!question) throw new NotFoundError('dispute.not_found');
    const dispute = await findDisputeByQuestion(trx, id);
    if (!dispute) throw new NotFoundError('dispute.not_found');
    const decision = decideDisputeOutcome(dispute, factsOf(question), outcome as DisputeOutcome, now);
    if (!decision.ok) throw refusalError(decision.reason);
    let refundTransactionId: number | null = null;
    if (decision.next === 'refunded') {
      refundTransactionId = (await refundRelease(trx, question.id, question.holdId, now)).id;
      await setPaidQuestionRefunded(trx, id, now);
    }
    return setDisputeDecided(trx, dispute.id, {
      state: decision.next,
      moderatorId: member.userId,
      note: note.value === '' ? null : note.value,
      refundTransactionId,
      now,
    });
  });
}

/**
 * Mirrors a released hold back to its payer: the payee's net and the platform's fee, debited,
 * the gross credited to the payer. (The ledger refuses reverseTransaction on a hold's settlement,
 * so this is the correcting transfer, keyed by the event.)
 */
async function refundRelease(
  trx: Parameters<typeof postTransfer>[0],
  paidQuestionId: number,
  holdId: number,
  now: Date,
) {
  const hold = await findHoldById(trx, holdId);
  if (hold?.state !== 'released' || hold.payeeUserId === null)
    throw new Error(`paid question ${paidQuestionId}: hold ${holdId} is not released`);
  const currency = hold.amount.currency;
  const gross = hold.released;
  const fee = hold.fee;
  const net = subtract(gross, fee);
  const entries = [credit(walletKey(hold.payerUserId, currency), gross)];
  if (net.amountMinor > 0) entries.push(debit(walletKey(hold.payeeUserId, currency), net));
  if (fee.amountMinor > 0) entries.push(debit(platformRevenue(currency), fee));
  return postTransfer(trx, {
    kind: 'refund',
    idempotencyKey: postingKeys.disputeRefund(paidQuestionId),
    entries,
    memo: `paid question ${paidQuestionId}: refunded after a dispute`,
    facts: { what: 'paid_question.dispute_refunded', paidQuestionId },
    metadata: { paidQuestionId, holdId, refundsTransactionId: hold.resolvedTransactionId },
    now,
  });
}
