import type { ServiceContext } from '../../platform/context.js';
import { runTransaction } from '../../platform/db/transaction.js';
import { NotificationRejected, type PaymentStatus } from './gateway.port.js';
import { gatewayFor } from './gateways/index.js';
import { applyGatewayEvent } from './notifications.service.js';
import { findOrderById, lockOrderById, setOrderClosed } from './payments.repository.js';
import { nextOrderState } from './topup.states.js';

/**
 * The expiry job's work for one order: nothing if it is no longer unpaid; otherwise the gateway
 * is asked once more (outside any transaction) whether it was paid after all — a lost
 * notification — and the order is credited if so, else expired. If the gateway cannot be asked,
 * the job retries; on its last attempt the order expires anyway (a payment arriving later still
 * credits: see topup.states.ts).
 */
export async function expireUnpaidOrder(
  ctx: ServiceContext,
  orderId: number,
  options: { lastAttempt: boolean },
): Promise<'not_found' | 'not_open' | 'credited' | 'expired' | 'not_due' | 'mismatch'> {
  const order = await findOrderById(ctx.db, orderId);
  if (!order) return 'not_found';
  if (order.status !== 'created') return 'not_open';
  if (ctx.clock.now() < order.expiresAt) throw new Error(`order ${orderId} is not due to expire yet`);

  const gateway = gatewayFor(ctx.config, order.gateway);
  let status: PaymentStatus = { status: 'unknown', externalId: null, amount: null };
  if (gateway) {
    try {
      status = await gateway.queryPayment(order.reference, {
        checkoutId: order.checkoutId,
        externalId: order.externalId,
      });
    } catch (error) {
      if (!options.lastAttempt) throw error;
      ctx.log.warn({ err: error, orderId }, 'payment query failed on the last attempt: expiring the order');
    }
  }

  if (gateway && status.status === 'paid' && status.amount) {
    try {
      await applyGatewayEvent(ctx, gateway.name, {
        kind: 'payment.succeeded',
        eventId: `query:${order.reference}`,
        reference: order.reference,
        externalId: status.externalId ?? '',
        amount: status.amount,
      });
      return 'credited';
    } catch (error) {
      if (!(error instanceof NotificationRejected)) throw error;
      // The gateway says paid, but not what we asked: neither credit nor expire; an admin decides.
      ctx.log.error(
        { orderId, reason: error.reason },
        'gateway reports a payment that does not match the order',
      );
      return 'mismatch';
    }
  }

  const now = ctx.clock.now();
  return runTransaction(ctx, async (trx) => {
    const locked = await lockOrderById(trx, orderId);
    if (!locked) return 'not_found';
    const transition = nextOrderState(locked.status, { kind: 'expire', expiresAt: locked.expiresAt }, now);
    if (!transition.ok) return transition.reason === 'not_due' ? 'not_due' : 'not_open';
    await setOrderClosed(trx, locked.id, 'expired', now);
    return 'expired';
  });
}
