import type { ServiceContext } from '../../platform/context.js';
import { runTransaction } from '../../platform/db/transaction.js';
import { ConflictError, NotFoundError } from '../../platform/http/errors.js';
import { netOfFee } from '../../platform/money.js';
import { refundHold, releaseHoldPartially } from '../ledger/index.js';
import { type Bounty, listAnswerFacts, lockBountyById, setBountySettlement } from './bounties.repository.js';
import { settleUnawarded } from './bounty.states.js';

/**
 * Settles a bounty nobody awarded, once its grace period is over, in one transaction (the
 * deadline job calls this): half (rounded down) to the author of the highest-scored answer posted
 * after the bounty started with a score of at least 2, less the bounty commission, and the rest
 * back to the offerer (ledger key `bounty:<id>:auto_award`); or, with no such answer, everything
 * back (`bounty:<id>:refund`). A bounty already settled is returned as it is (the job may run
 * twice, or after an award); 409 bounty.not_due before the end of grace (the job retries).
 */
export async function settleBounty(ctx: ServiceContext, bountyId: number): Promise<Bounty> {
  const now = ctx.clock.now();
  return runTransaction(ctx, async (trx) => {
    const bounty = await lockBountyById(trx, bountyId);
    if (!bounty) throw new NotFoundError('bounty.not_found');
    if (bounty.state !== 'open') return bounty;
    const answers = await listAnswerFacts(trx, bounty.questionId);
    const settlement = settleUnawarded(bounty, answers, now);
    if (!settlement.ok) throw new ConflictError(settlement.reason);

    // A 0.01 bounty has no half to give (the minimum is far above it; settled as a refund then).
    if (
      settlement.next === 'auto_awarded' &&
      settlement.winner.authorId !== null &&
      settlement.toWinner.amountMinor > 0
    ) {
      const { hold, transaction } = await releaseHoldPartially(trx, bounty.holdId, {
        payeeUserId: settlement.winner.authorId,
        payeeAmount: settlement.toWinner,
        idempotencyKey: `bounty:${bounty.id}:auto_award`,
        now,
        feeBasisPoints: ctx.config.commission.bounty,
        memo: `bounty ${bounty.id}: half to answer ${settlement.winner.id}, rest refunded`,
        facts: {
          what: 'bounty.auto_awarded',
          bountyId: bounty.id,
          questionId: bounty.questionId,
          answerId: settlement.winner.id,
        },
      });
      return setBountySettlement(trx, bounty.id, {
        state: 'auto_awarded',
        awardedAnswerId: settlement.winner.id,
        recipientId: settlement.winner.authorId,
        recipientMinor: netOfFee(hold.released, hold.fee).amountMinor,
        feeMinor: hold.fee.amountMinor,
        refundMinor: hold.refunded.amountMinor,
        settledTransactionId: transaction.id,
        settledAt: now,
      });
    }

    const { transaction } = await refundHold(trx, bounty.holdId, {
      idempotencyKey: `bounty:${bounty.id}:refund`,
      now,
      memo: `bounty ${bounty.id} refunded: no answer qualified`,
      facts: { what: 'bounty.refunded', bountyId: bounty.id, questionId: bounty.questionId },
    });
    return setBountySettlement(trx, bounty.id, {
      state: 'refunded',
      awardedAnswerId: null,
      recipientId: null,
      recipientMinor: 0,
      feeMinor: 0,
      refundMinor: bounty.amount.amountMinor,
      settledTransactionId: transaction.id,
      settledAt: now,
    });
  });
}
