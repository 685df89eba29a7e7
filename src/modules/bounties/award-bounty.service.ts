import type { ServiceContext } from '../../platform/context.js';
import { runTransaction } from '../../platform/db/transaction.js';
import { type Actor, requireActor } from '../../platform/http/auth.js';
import { AppError, ConflictError, NotFoundError } from '../../platform/http/errors.js';
import { cancelJob } from '../../platform/jobs/index.js';
import { netOfFee } from '../../platform/money.js';
import { releaseHold } from '../ledger/index.js';
import { settleJobKey } from './bounties.jobs.js';
import { type Bounty, findAnswerFacts, lockBountyById, setBountySettlement } from './bounties.repository.js';
import { awardRefused } from './bounty.errors.js';
import { decideAward } from './bounty.states.js';

/** What the offerer sends to award: the answer, as sent. */
export interface AwardInput {
  readonly answerId: unknown;
}

/**
 * The offerer awards their open bounty to an answer of its question (during the 7 days or the
 * grace period; not their own answer, not a deleted one), in one transaction: the bounty is locked
 * (so of two concurrent awards exactly one wins; the other gets 409 bounty.already_awarded), the
 * hold is released to the answer's author less the bounty commission (ledger key
 * `bounty:<id>:award`), the bounty records who received what, and its settlement job is cancelled.
 * 404 bounty.not_found / answer.not_found; 403 bounty.not_offerer; 409 for every state refusal.
 */
export async function awardBounty(
  ctx: ServiceContext,
  actor: Actor | null,
  bountyId: number,
  input: AwardInput,
): Promise<Bounty> {
  const me = requireActor(actor);
  if (!Number.isSafeInteger(bountyId) || bountyId < 1) throw new NotFoundError('bounty.not_found');
  const answerId = Number(input.answerId);
  if (input.answerId === '' || input.answerId === null || !Number.isSafeInteger(answerId) || answerId < 1) {
    throw new AppError(422, 'bounty.answer_required', {
      fields: { answerId: { code: 'bounty.answer_required' } },
    });
  }
  const now = ctx.clock.now();

  return runTransaction(ctx, async (trx) => {
    const bounty = await lockBountyById(trx, bountyId);
    if (!bounty) throw new NotFoundError('bounty.not_found');
    const answer = await findAnswerFacts(trx, answerId);
    if (!answer || answer.questionId !== bounty.questionId) throw new NotFoundError('answer.not_found');
    const decision = decideAward(bounty, me.userId, answer, now);
    if (!decision.ok) throw awardRefused(decision.reason);
    if (answer.authorId === null) throw new ConflictError('bounty.answer_no_author');

    const { hold, transaction } = await releaseHold(trx, bounty.holdId, {
      payeeUserId: answer.authorId,
      idempotencyKey: `bounty:${bounty.id}:award`,
      now,
      feeBasisPoints: ctx.config.commission.bounty,
      memo: `bounty ${bounty.id} awarded to answer ${answer.id}`,
      facts: {
        what: 'bounty.awarded',
        bountyId: bounty.id,
        questionId: bounty.questionId,
        answerId: answer.id,
      },
    });
    const awarded = await setBountySettlement(trx, bounty.id, {
      state: decision.next,
      awardedAnswerId: answer.id,
      recipientId: answer.authorId,
      recipientMinor: netOfFee(hold.released, hold.fee).amountMinor,
      feeMinor: hold.fee.amountMinor,
      refundMinor: 0,
      settledTransactionId: transaction.id,
      settledAt: now,
    });
    await cancelJob(trx, settleJobKey(bounty.id));
    return awarded;
  });
}
