import type { Transaction } from 'kysely';
import type { ServiceContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { runTransaction } from '../../platform/db/transaction.js';
import { BadRequestError, NotFoundError } from '../../platform/http/errors.js';
import { cancelJob } from '../../platform/jobs/index.js';
import { add, compare, equals, money } from '../../platform/money.js';
import { credit, debit, gatewayClearing, postTransfer, walletKey } from '../ledger/index.js';
import {
  type GatewayEvent,
  type GatewayName,
  isGatewayName,
  NotificationRejected,
  type NotificationRequest,
} from './gateway.port.js';
import { gatewayFor } from './gateways/index.js';
import { expireJobKey } from './payments.jobs.js';
import {
  insertEventIfAbsent,
  listRefundsByOrder,
  lockOrderByExternalId,
  lockOrderByReference,
  lockRefundByReference,
  type PaymentOrder,
  setOrderClosed,
  setOrderPaid,
} from './payments.repository.js';
import { settleRefund } from './refunds.service.js';
import { isInFlight, nextOrderState, paidOf, refundedOf } from './topup.states.js';

/** What became of a verified event: recorded in payment_events.outcome. */
export type EventOutcome = string;

/** The ledger posting of a paid top-up: its idempotency key is the order's (one credit per order, ever). */
export function topupPostingKey(reference: string): string {
  return `topup:${reference}`;
}

/**
 * Handles a notification posted to a gateway's notify endpoint: verifies it (signature, app or
 * merchant id, shape: a forged or altered one is a 400 payments.notification_rejected and nothing
 * is written), applies it in one transaction, and returns the acknowledgement the gateway expects.
 * A replay (same event id) is acknowledged again and changes nothing.
 */
export async function handleNotification(
  ctx: ServiceContext,
  gatewayName: string,
  request: NotificationRequest,
): Promise<{ contentType: string; body: string }> {
  const gateway = isGatewayName(gatewayName) ? gatewayFor(ctx.config, gatewayName) : undefined;
  if (!gateway) throw new NotFoundError('route.not_found');
  try {
    const event = await gateway.verifyNotification(request);
    const outcome = await applyGatewayEvent(ctx, gateway.name, event);
    ctx.log.info(
      { gateway: gateway.name, eventId: event.eventId, kind: event.kind, outcome },
      'payment notification',
    );
  } catch (error) {
    if (!(error instanceof NotificationRejected)) throw error;
    ctx.log.warn({ gateway: gateway.name, reason: error.reason }, 'payment notification rejected');
    throw new BadRequestError('payments.notification_rejected', { params: { reason: error.reason } });
  }
  return gateway.acknowledgement();
}

/**
 * Applies a verified gateway event in ONE transaction: records its id (a replay returns `replay`
 * and does nothing), checks the amount and currency against the order (a mismatch throws
 * NotificationRejected and rolls everything back), moves the order's state and, for a payment,
 * posts gateway_clearing → member wallet under `topup:<reference>`. Also used by the expiry job
 * when the gateway's answer to a query is "paid".
 */
export function applyGatewayEvent(
  ctx: ServiceContext,
  gateway: GatewayName,
  event: GatewayEvent,
): Promise<EventOutcome> {
  const now = ctx.clock.now();
  return runTransaction(ctx, async (trx) => {
    const order = await orderOf(trx, gateway, event);
    const fresh = await insertEventIfAbsent(trx, {
      gateway,
      eventId: event.eventId,
      kind: event.kind,
      orderId: order?.id ?? null,
      outcome: 'received',
      now,
    });
    if (!fresh) return 'replay';
    const outcome = await apply(trx, event, order, now);
    await trx
      .updateTable('payment_events')
      .set({ outcome })
      .where('gateway', '=', gateway)
      .where('event_id', '=', event.eventId)
      .execute();
    return outcome;
  });
}

async function orderOf(
  trx: Transaction<DB>,
  gateway: GatewayName,
  event: GatewayEvent,
): Promise<PaymentOrder | undefined> {
  if (event.kind === 'ignored') return undefined;
  if (event.reference) return lockOrderByReference(trx, gateway, event.reference);
  if (event.kind === 'refund.succeeded' && event.externalId) {
    return lockOrderByExternalId(trx, gateway, event.externalId);
  }
  return undefined;
}

async function apply(
  trx: Transaction<DB>,
  event: GatewayEvent,
  order: PaymentOrder | undefined,
  now: Date,
): Promise<EventOutcome> {
  if (event.kind === 'ignored') return `ignored: ${event.reason}`;
  // Genuine, but for no order of ours (another environment on the same merchant account).
  if (!order) return 'ignored: unknown order';
  switch (event.kind) {
    case 'payment.succeeded':
      return pay(trx, order, event, now);
    case 'payment.failed': {
      const transition = nextOrderState(order.status, { kind: 'fail' }, now);
      if (!transition.ok) return `ignored: ${transition.reason}`;
      await setOrderClosed(trx, order.id, 'failed', now);
      await cancelJob(trx, expireJobKey(order.id));
      return 'failed';
    }
    case 'payment.expired': {
      const transition = nextOrderState(
        order.status,
        { kind: 'expire', expiresAt: order.expiresAt, byGateway: true },
        now,
      );
      if (!transition.ok) return `ignored: ${transition.reason}`;
      await setOrderClosed(trx, order.id, 'expired', now);
      await cancelJob(trx, expireJobKey(order.id));
      return 'expired';
    }
    case 'refund.succeeded':
      return refunded(trx, order, event, now);
  }
}

async function pay(
  trx: Transaction<DB>,
  order: PaymentOrder,
  event: Extract<GatewayEvent, { kind: 'payment.succeeded' }>,
  now: Date,
): Promise<EventOutcome> {
  const amount = paidOf(order);
  // Checked before anything else: an altered amount must not even be recorded as seen.
  if (!equals(event.amount, amount)) throw new NotificationRejected('amount');
  const transition = nextOrderState(order.status, { kind: 'pay' }, now);
  if (!transition.ok) return `ignored: ${transition.reason}`;
  const posted = await postTransfer(trx, {
    kind: 'topup',
    idempotencyKey: topupPostingKey(order.reference),
    entries: [
      debit(gatewayClearing(order.gateway, order.currency), amount),
      credit(walletKey(order.userId, order.currency), amount),
    ],
    memo: `Top-up ${order.reference} via ${order.gateway}`,
    facts: { what: 'topup', reference: order.reference, gateway: order.gateway },
    metadata: {
      orderId: order.id,
      reference: order.reference,
      gateway: order.gateway,
      eventId: event.eventId,
    },
    now,
  });
  await setOrderPaid(trx, order.id, {
    externalId: event.externalId || order.externalId,
    ledgerTransactionId: posted.id,
    late: transition.late,
    now,
  });
  await cancelJob(trx, expireJobKey(order.id));
  return transition.late ? 'credited_late' : 'credited';
}

/**
 * A refund the gateway reports done. With our refund reference: that refund settles. Without
 * (Stripe's charge.refunded reports the payment's refunded total): our refunds in flight settle,
 * oldest first, as far as that total covers them. Refunds made outside the app are not ours to
 * post (no member asked): they are recorded and left to reconciliation.
 */
async function refunded(
  trx: Transaction<DB>,
  order: PaymentOrder,
  event: Extract<GatewayEvent, { kind: 'refund.succeeded' }>,
  now: Date,
): Promise<EventOutcome> {
  if (event.amount.currency !== order.currency) throw new NotificationRejected('currency');
  if (event.refundReference) {
    const refund = await lockRefundByReference(trx, event.refundReference);
    if (!refund || refund.orderId !== order.id) return 'ignored: unknown refund';
    const changed = await settleRefund(trx, refund, { status: 'succeeded', externalId: null }, now);
    return changed ? 'refund_settled' : 'ignored: refund already settled';
  }
  let covered = refundedOf(order);
  let settled = 0;
  for (const refund of await listRefundsByOrder(trx, order.id)) {
    if (!isInFlight(refund)) continue;
    const coveredAfter = add(covered, money(refund.amountMinor, refund.currency));
    if (compare(coveredAfter, event.amount) > 0) break;
    const locked = await lockRefundByReference(trx, refund.reference);
    if (locked && (await settleRefund(trx, locked, { status: 'succeeded', externalId: null }, now))) {
      covered = coveredAfter;
      settled += 1;
    }
  }
  return settled > 0 ? `refund_settled: ${settled}` : 'ignored: no refund in flight';
}
