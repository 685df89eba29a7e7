import { defineJob, PermanentJobError } from '../../platform/jobs/index.js';
import { expireUnpaidOrder } from './expiry.service.js';
import { sendRefund } from './refunds.service.js';

/**
 * The payments outbox. Each job is enqueued in the transaction that asks for it and does its
 * network call (a gateway query or refund) outside any transaction; both are idempotent, since a
 * job may run more than once.
 */

/** The dedupe key of an order's expiry job (cancelled when the order is paid or fails first). */
export function expireJobKey(orderId: number): string {
  return `payments.expire_order:${orderId}`;
}

/** At the order's expiry: asks the gateway once more, then credits (it was paid) or expires it. */
export const expireOrderJob = defineJob<{ orderId: number }>(
  'payments.expire_order',
  async ({ orderId }, { ctx, job }) => {
    if (!Number.isSafeInteger(orderId)) throw new PermanentJobError(`bad order id ${String(orderId)}`);
    await expireUnpaidOrder(ctx, orderId, { lastAttempt: job.attempt >= job.maxAttempts });
  },
);

/** Sends a requested refund to the order's gateway and settles it with the answer. */
export const refundJob = defineJob<{ refundId: number }>(
  'payments.send_refund',
  async ({ refundId }, { ctx }) => {
    if (!Number.isSafeInteger(refundId)) throw new PermanentJobError(`bad refund id ${String(refundId)}`);
    await sendRefund(ctx, refundId);
  },
);
