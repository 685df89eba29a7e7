import type { ServiceContext } from '../../platform/context.js';
import { runTransaction } from '../../platform/db/transaction.js';
import { ConflictError } from '../../platform/http/errors.js';
import { credit, debit, gatewayClearing, payoutsPayable, postTransfer, walletKey } from '../ledger/index.js';
import { nextPayoutState, type PayoutEvent, type PayoutState } from './payout.states.js';
import { lockPayoutById, type Payout, setPayoutSettled } from './payouts.repository.js';

/** The state `event` moves the payout to, or a 409 naming why not. */
export function transition(payout: Payout, event: PayoutEvent): PayoutState {
  const move = nextPayoutState(payout.status, event);
  if (!move.ok) throw new ConflictError(move.reason);
  return move.next;
}

/**
 * Settles an approved payout with the gateway's answer (called by the send job, after the
 * transfer, outside it): paid posts payouts payable → gateway clearing; failed returns the money
 * to the wallet. A payout already settled is left as it is (the job may run twice).
 */
export async function settlePayout(
  ctx: ServiceContext,
  payoutId: number,
  outcome: { status: 'succeeded'; externalId: string | null } | { status: 'failed'; failure: string },
): Promise<Payout | undefined> {
  const now = ctx.clock.now();
  return runTransaction(ctx, async (trx) => {
    const payout = await lockPayoutById(trx, payoutId);
    if (payout?.status !== 'approved') return undefined;
    const { amount } = payout;
    if (outcome.status === 'succeeded') {
      const posted = await postTransfer(trx, {
        kind: 'payout_paid',
        idempotencyKey: `payout:${payout.id}:paid`,
        entries: [
          debit(payoutsPayable(amount.currency), amount),
          credit(gatewayClearing(payout.gateway, amount.currency), amount),
        ],
        memo: `payout #${payout.id} paid`,
        facts: { what: 'payout.paid', payoutId: payout.id },
        metadata: { externalId: outcome.externalId },
        now,
      });
      await setPayoutSettled(trx, payout.id, {
        status: transition(payout, 'transfer_succeeded'),
        transactionId: posted.id,
        externalId: outcome.externalId,
        now,
      });
    } else {
      const posted = await postTransfer(trx, {
        kind: 'payout_failed',
        idempotencyKey: `payout:${payout.id}:failed`,
        entries: [
          debit(payoutsPayable(amount.currency), amount),
          credit(walletKey(payout.userId, amount.currency), amount),
        ],
        memo: `payout #${payout.id} failed`,
        facts: { what: 'payout.failed', payoutId: payout.id },
        now,
      });
      await setPayoutSettled(trx, payout.id, {
        status: transition(payout, 'transfer_failed'),
        transactionId: posted.id,
        failure: outcome.failure.slice(0, 1000),
        now,
      });
    }
    return lockPayoutById(trx, payout.id);
  });
}
