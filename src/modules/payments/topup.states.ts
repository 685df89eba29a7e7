import {
  add,
  type Currency,
  compare,
  equals,
  type Money,
  max,
  money,
  subtract,
  sum,
  zero,
} from '../../platform/money.js';

/**
 * The states of a top-up order and of a refund, as pure functions (README "States"). Every
 * transition returns the next state, or a reason why the event does not apply; a notification
 * whose event does not apply is recorded and otherwise ignored (idempotent, order-independent).
 */

export const ORDER_STATES = ['created', 'paid', 'failed', 'expired', 'refunded'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

export const REFUND_STATES = ['requested', 'pending', 'succeeded', 'failed'] as const;
export type RefundState = (typeof REFUND_STATES)[number];

/** What can happen to an order. */
export type OrderEvent =
  /** The gateway took the money (a notification or a query said so). */
  | { readonly kind: 'pay' }
  /** The gateway says the payment failed or was cancelled. */
  | { readonly kind: 'fail' }
  /** The expiry job, at or after `expiresAt`; `byGateway` when the gateway itself closed the checkout. */
  | { readonly kind: 'expire'; readonly expiresAt: Date; readonly byGateway?: boolean }
  /** A refund settled; `refunded` is the order's refunded total including it, `paid` what the order took. */
  | { readonly kind: 'refunded'; readonly refunded: Money; readonly paid: Money };

export type OrderRefusal =
  | 'already_paid'
  | 'already_failed'
  | 'already_expired'
  | 'already_refunded'
  | 'not_due'
  | 'not_paid'
  | 'refund_exceeds_payment';

export type OrderTransition =
  | {
      readonly ok: true;
      readonly next: OrderState;
      /** Post the top-up to the ledger: the gateway has the member's money. */
      readonly credit: boolean;
      /** A payment that arrived after the order had failed or expired (it still credits). */
      readonly late: boolean;
    }
  | { readonly ok: false; readonly reason: OrderRefusal };

function to(next: OrderState, credit = false, late = false): OrderTransition {
  return { ok: true, next, credit, late };
}

function refuse(reason: OrderRefusal): OrderTransition {
  return { ok: false, reason };
}

/** Why an order in a settled state refuses a `fail` or `expire`. */
function settled(state: OrderState): OrderRefusal {
  if (state === 'paid') return 'already_paid';
  if (state === 'refunded') return 'already_refunded';
  if (state === 'failed') return 'already_failed';
  return 'already_expired';
}

/**
 * The order's next state on `event` at `now`. A payment always wins: money the gateway took is
 * credited even after the order failed or expired (`late`); a failure or expiry after payment
 * changes nothing. Only the gateway or the clock (from `expiresAt`) can expire an order.
 */
export function nextOrderState(state: OrderState, event: OrderEvent, now: Date): OrderTransition {
  switch (event.kind) {
    case 'pay':
      if (state === 'created') return to('paid', true);
      if (state === 'failed' || state === 'expired') return to('paid', true, true);
      return refuse(state === 'refunded' ? 'already_refunded' : 'already_paid');
    case 'fail':
      return state === 'created' ? to('failed') : refuse(settled(state));
    case 'expire':
      if (state !== 'created') return refuse(settled(state));
      if (!event.byGateway && now.getTime() < event.expiresAt.getTime()) return refuse('not_due');
      return to('expired');
    case 'refunded':
      if (state !== 'paid') return refuse(state === 'refunded' ? 'already_refunded' : 'not_paid');
      if (compare(event.refunded, event.paid) > 0) return refuse('refund_exceeds_payment');
      return to(equals(event.refunded, event.paid) ? 'refunded' : 'paid');
  }
}

/** An order's amounts as the states read them: minor units and the currency, as the repository gives them. */
interface OrderAmounts {
  readonly status: OrderState;
  readonly amountMinor: number;
  readonly refundedMinor: number;
  readonly currency: Currency;
}

/** A refund's amount and state, as the repository gives them. */
interface RefundAmount {
  readonly status: RefundState;
  readonly amountMinor: number;
  readonly currency: Currency;
}

/** What the order took from the payer. */
export function paidOf(order: OrderAmounts): Money {
  return money(order.amountMinor, order.currency);
}

/** What of the order has been refunded so far: settled refunds only. */
export function refundedOf(order: OrderAmounts): Money {
  return money(order.refundedMinor, order.currency);
}

/** A refund asked for and not yet settled: its money has left the wallet but not the gateway. */
export function isInFlight(refund: { readonly status: RefundState }): boolean {
  return refund.status === 'requested' || refund.status === 'pending';
}

/** The total of the order's refunds still in flight (requested or pending). */
export function inFlightTotal(currency: Currency, refunds: readonly RefundAmount[]): Money {
  return sum(
    currency,
    refunds.filter(isInFlight).map((refund) => money(refund.amountMinor, refund.currency)),
  );
}

/** The order's refunded total once `refund` settles. */
export function refundedAfter(order: OrderAmounts, refund: RefundAmount): Money {
  return add(refundedOf(order), money(refund.amountMinor, refund.currency));
}

/** What a member may still ask back from a paid order: paid − refunded − refunds in flight, never below zero. */
export function refundable(order: OrderAmounts, refunds: readonly RefundAmount[]): Money {
  const none = zero(order.currency);
  if (order.status !== 'paid') return none;
  const left = subtract(subtract(paidOf(order), refundedOf(order)), inFlightTotal(order.currency, refunds));
  return max(left, none);
}

/** What the gateway answered about a refund (or a notification later told us). */
export type RefundOutcome = 'pending' | 'succeeded' | 'failed';

/**
 * A refund's next state: requested → pending (the gateway will tell us) | succeeded | failed;
 * pending → succeeded | failed. Settled refunds refuse everything (undefined), so a replayed or
 * late answer changes nothing; `pending` again on a pending refund is not a change either.
 */
export function nextRefundState(state: RefundState, outcome: RefundOutcome): RefundState | undefined {
  if (state === 'requested') return outcome;
  if (state === 'pending' && outcome !== 'pending') return outcome;
  return undefined;
}

/** True when the order can take no more payment events that change it (paid orders still take refunds). */
export function isOpen(state: OrderState): boolean {
  return state === 'created';
}
