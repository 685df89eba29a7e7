import type { Transaction } from 'kysely';
import type { ServiceContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { runTransaction } from '../../platform/db/transaction.js';
import { type Actor, requireActor } from '../../platform/http/auth.js';
import { AppError, ConflictError, NotFoundError } from '../../platform/http/errors.js';
import { enqueueJob, PermanentJobError } from '../../platform/jobs/index.js';
import { compare, isPositive, type Money, MoneyError, positiveMoney } from '../../platform/money.js';
import {
  credit,
  debit,
  gatewayClearing,
  postTransfer,
  reverseTransaction,
  walletKey,
} from '../ledger/index.js';
import type { ProviderResult } from './gateway.port.js';
import { gatewayFor } from './gateways/index.js';
import { refundJob } from './payments.jobs.js';
import {
  findOrderById,
  findRefundById,
  insertRefund,
  listRefundsByOrder,
  lockOrderById,
  lockRefundById,
  type PaymentRefund,
  setOrderRefunded,
  setRefundState,
} from './payments.repository.js';
import {
  nextOrderState,
  nextRefundState,
  paidOf,
  type RefundOutcome,
  refundable,
  refundedAfter,
} from './topup.states.js';
import { plainAmount } from './topups.service.js';

/** The ledger posting that takes a refund out of the wallet; its reversal returns it on failure. */
export function refundPostingKey(refundReference: string): string {
  return `topup_refund:${refundReference}`;
}

/**
 * A member asks for (part of) a paid top-up back through its gateway. In one transaction: the
 * order is locked, the amount checked against what is still refundable, the money moved out of
 * the wallet (D wallet · C gateway_clearing; 409 wallet.insufficient_funds if it was spent) and
 * the refund job enqueued. The gateway is called by the job, never here. Without `amount`, all
 * that is refundable.
 */
export async function requestRefund(
  ctx: ServiceContext,
  actor: Actor | null,
  orderId: number,
  input: { amount?: { amountMinor: unknown; currency: unknown } | undefined } = {},
): Promise<PaymentRefund> {
  const member = requireActor(actor);
  const found = Number.isSafeInteger(orderId) ? await findOrderById(ctx.db, orderId) : undefined;
  if (!found || found.userId !== member.userId) throw new NotFoundError('payments.order_not_found');
  let asked: Money | undefined;
  if (input.amount) {
    try {
      asked = positiveMoney(input.amount.amountMinor as number, input.amount.currency as string);
    } catch (error) {
      if (error instanceof MoneyError) {
        throw new AppError(422, error.code, {
          ...(error.params ? { params: error.params } : {}),
          fields: { amount: { code: error.code } },
        });
      }
      throw error;
    }
    if (asked.currency !== found.currency) {
      const params = { expected: found.currency, actual: asked.currency };
      throw new AppError(422, 'money.currency_mismatch', {
        params,
        fields: { amount: { code: 'money.currency_mismatch', params } },
      });
    }
  }
  const now = ctx.clock.now();

  return runTransaction(ctx, async (trx) => {
    const order = await lockOrderById(trx, found.id);
    if (!order) throw new NotFoundError('payments.order_not_found');
    if (order.status !== 'paid') throw new ConflictError('payments.refund_not_paid');
    const refunds = await listRefundsByOrder(trx, order.id);
    const left = refundable(order, refunds);
    const amount = asked ?? left;
    if (!isPositive(amount) || compare(amount, left) > 0) {
      throw new ConflictError('payments.refund_too_large', { params: { max: plainAmount(left) } });
    }
    const reference = `${order.reference}_r${refunds.length + 1}`;
    const posted = await postTransfer(trx, {
      kind: 'topup_refund',
      idempotencyKey: refundPostingKey(reference),
      entries: [
        debit(walletKey(order.userId, order.currency), amount),
        credit(gatewayClearing(order.gateway, order.currency), amount),
      ],
      memo: `Refund ${reference} of top-up ${order.reference}`,
      facts: { what: 'topup_refund', reference, order: order.reference },
      metadata: { orderId: order.id, reference: order.reference, refundReference: reference },
      now,
    });
    const refund = await insertRefund(trx, {
      reference,
      orderId: order.id,
      userId: order.userId,
      amountMinor: amount.amountMinor,
      currency: order.currency,
      ledgerTransactionId: posted.id,
      now,
    });
    await enqueueJob(trx, refundJob, {
      payload: { refundId: refund.id },
      dedupeKey: `payments.send_refund:${refund.id}`,
    });
    return refund;
  });
}

/**
 * Settles a refund with the gateway's answer, inside the caller's transaction (the refund row
 * locked by the caller): succeeded → the order's refunded total grows (refunded when all of it);
 * failed → the wallet debit is reversed, the money is back; pending → wait for a notification.
 * False when the answer changes nothing (already settled). The caller has locked the refund's order
 * before the refund (the payments lock order: order, then refund, then ledger).
 */
export async function settleRefund(
  trx: Transaction<DB>,
  refund: PaymentRefund,
  result: { status: RefundOutcome; externalId: string | null; failure?: string | undefined },
  now: Date,
): Promise<boolean> {
  const next = nextRefundState(refund.status, result.status);
  if (!next) return false;
  const externalId = result.externalId ?? refund.externalId;
  if (next === 'pending') {
    await setRefundState(trx, refund.id, { status: 'pending', externalId });
    return true;
  }
  if (next === 'failed') {
    const reversal = await reverseTransaction(trx, refund.ledgerTransactionId, {
      idempotencyKey: `${refundPostingKey(refund.reference)}:reversal`,
      now,
      memo: `Refund ${refund.reference} failed: the money is back in the wallet`,
      facts: { what: 'topup_refund.failed', reference: refund.reference },
    });
    await setRefundState(trx, refund.id, {
      status: 'failed',
      externalId,
      failure: (result.failure ?? 'refused by the gateway').slice(0, 500),
      reversalTransactionId: reversal.id,
      settledAt: now,
    });
    return true;
  }
  const order = await lockOrderById(trx, refund.orderId);
  if (!order) throw new Error(`refund ${refund.id}: order ${refund.orderId} vanished`);
  const refunded = refundedAfter(order, refund);
  const transition = nextOrderState(order.status, { kind: 'refunded', refunded, paid: paidOf(order) }, now);
  if (!transition.ok)
    throw new Error(`refund ${refund.id} cannot settle on order ${order.id}: ${transition.reason}`);
  await setOrderRefunded(trx, order.id, { status: transition.next, refunded, now });
  await setRefundState(trx, refund.id, { status: 'succeeded', externalId, settledAt: now });
  return true;
}

/**
 * The refund job's work: asks the order's gateway for the refund (outside any transaction; the
 * gateway de-duplicates on the refund reference, so a retry after a crash is safe), then settles
 * it in a transaction. A thrown error (network, gateway hiccup) retries the job; an explicit
 * refusal returns the money to the wallet.
 */
export async function sendRefund(ctx: ServiceContext, refundId: number): Promise<void> {
  const refund = await findRefundById(ctx.db, refundId);
  if (!refund) throw new PermanentJobError(`refund ${refundId} does not exist`);
  if (refund.status !== 'requested') return;
  const order = await findOrderById(ctx.db, refund.orderId);
  if (!order) throw new PermanentJobError(`refund ${refundId}: order ${refund.orderId} does not exist`);
  const gateway = gatewayFor(ctx.config, order.gateway);
  const result: ProviderResult = gateway
    ? await gateway.refund({
        reference: order.reference,
        externalId: order.externalId,
        refundReference: refund.reference,
        amount: { amountMinor: refund.amountMinor, currency: refund.currency },
        reason: 'requested by the member',
      })
    : { status: 'failed', externalId: null, failure: `gateway ${order.gateway} is not available` };
  const now = ctx.clock.now();
  await runTransaction(ctx, async (trx) => {
    // The order before its refund, as a gateway's refund notification locks them (one lock order).
    await lockOrderById(trx, refund.orderId);
    const locked = await lockRefundById(trx, refund.id);
    if (locked) await settleRefund(trx, locked, result, now);
  });
  ctx.log.info({ refundId, status: result.status }, 'refund sent to the gateway');
}
