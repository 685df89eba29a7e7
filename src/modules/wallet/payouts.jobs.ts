import type { ServiceContext } from '../../platform/context.js';
import { defineJob, PermanentJobError } from '../../platform/jobs/index.js';
import { paymentGatewayFor } from '../payments/index.js';
import { findPayoutById } from './payouts.repository.js';
import { settlePayout } from './settle-payout.service.js';

/**
 * The payout outbox: approving a payout enqueues `wallet.send_payout` in the same transaction;
 * this handler, outside any transaction, asks the payout's gateway to transfer the money, then
 * settles the payout with the answer. It may run more than once: it does nothing for a payout
 * that is no longer approved, and the gateway de-duplicates the transfer on its reference
 * (`payout_<id>`), so a retry after a crash between the transfer and the settlement finds the
 * first transfer. A `pending` answer is asked again later (the job retries with backoff).
 */

/** True when payouts can go through the named gateway (it is configured and has what it needs). */
export function payoutGatewayAvailable(ctx: ServiceContext, name: string): boolean {
  return paymentGatewayFor(ctx, name) !== undefined;
}

/** Our reference for a payout's transfer, unique per payout: what the gateway de-duplicates on. */
export function transferReference(payoutId: number): string {
  return `payout_${payoutId}`;
}

export const sendPayout = defineJob<{ payoutId: number }>(
  'wallet.send_payout',
  async ({ payoutId }, { ctx }) => {
    if (!Number.isSafeInteger(payoutId)) throw new PermanentJobError(`bad payout id ${String(payoutId)}`);
    const payout = await findPayoutById(ctx.db, payoutId);
    if (!payout) throw new PermanentJobError(`payout ${payoutId} does not exist`);
    if (payout.status !== 'approved') return;
    const gateway = paymentGatewayFor(ctx, payout.gateway);
    // Configuration can be fixed and the process restarted: keep trying rather than fail the payout.
    if (!gateway) throw new Error(`payout ${payoutId}: gateway ${payout.gateway} is not available`);
    const result = await gateway.transfer({
      reference: transferReference(payout.id),
      amount: payout.amount,
      destination: payout.destination,
      memo: `TechQ&A payout #${payout.id}`,
    });
    if (result.status === 'pending')
      throw new Error(`payout ${payoutId}: transfer pending at ${payout.gateway}`);
    const settled = await settlePayout(
      ctx,
      payout.id,
      result.status === 'succeeded'
        ? { status: 'succeeded', externalId: result.externalId }
        : { status: 'failed', failure: result.failure ?? 'refused by the gateway' },
    );
    ctx.log.info({ payoutId, status: settled?.status ?? payout.status }, 'payout settled');
  },
);
