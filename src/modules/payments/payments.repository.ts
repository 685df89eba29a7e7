import type { Kysely, Selectable } from 'kysely';
import type { DB, PaymentOrdersTable, PaymentRefundsTable } from '../../platform/db/schema.js';
import type { Currency, Money } from '../../platform/money.js';
import type { GatewayName } from './gateway.port.js';
import type { OrderState, RefundState } from './topup.states.js';

/** A top-up order, camelCase. */
export interface PaymentOrder {
  readonly id: number;
  readonly reference: string;
  readonly userId: number;
  readonly gateway: GatewayName;
  readonly amountMinor: number;
  readonly currency: Currency;
  readonly status: OrderState;
  readonly refundedMinor: number;
  readonly checkoutId: string | null;
  readonly externalId: string | null;
  readonly payUrl: string | null;
  readonly expiresAt: Date;
  readonly paidAt: Date | null;
  readonly closedAt: Date | null;
  readonly paidLate: boolean;
  readonly ledgerTransactionId: number | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface PaymentRefund {
  readonly id: number;
  readonly reference: string;
  readonly orderId: number;
  readonly userId: number;
  readonly amountMinor: number;
  readonly currency: Currency;
  readonly status: RefundState;
  readonly externalId: string | null;
  readonly failure: string | null;
  readonly ledgerTransactionId: number;
  readonly reversalTransactionId: number | null;
  readonly createdAt: Date;
  readonly settledAt: Date | null;
}

function toOrder(row: Selectable<PaymentOrdersTable>): PaymentOrder {
  return {
    id: row.id,
    reference: row.reference,
    userId: row.user_id,
    gateway: row.gateway as GatewayName,
    amountMinor: row.amount_minor,
    currency: row.currency as Currency,
    status: row.status as OrderState,
    refundedMinor: row.refunded_minor,
    checkoutId: row.checkout_id,
    externalId: row.external_id,
    payUrl: row.pay_url,
    expiresAt: row.expires_at,
    paidAt: row.paid_at,
    closedAt: row.closed_at,
    paidLate: row.paid_late,
    ledgerTransactionId: row.ledger_transaction_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRefund(row: Selectable<PaymentRefundsTable>): PaymentRefund {
  return {
    id: row.id,
    reference: row.reference,
    orderId: row.order_id,
    userId: row.user_id,
    amountMinor: row.amount_minor,
    currency: row.currency as Currency,
    status: row.status as RefundState,
    externalId: row.external_id,
    failure: row.failure,
    ledgerTransactionId: row.ledger_transaction_id,
    reversalTransactionId: row.reversal_transaction_id,
    createdAt: row.created_at,
    settledAt: row.settled_at,
  };
}

export async function insertOrder(
  db: Kysely<DB>,
  order: {
    reference: string;
    userId: number;
    gateway: GatewayName;
    amountMinor: number;
    currency: Currency;
    expiresAt: Date;
    now: Date;
  },
): Promise<PaymentOrder> {
  const row = await db
    .insertInto('payment_orders')
    .values({
      reference: order.reference,
      user_id: order.userId,
      gateway: order.gateway,
      amount_minor: order.amountMinor,
      currency: order.currency,
      expires_at: order.expiresAt,
      created_at: order.now,
      updated_at: order.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toOrder(row);
}

export async function findOrderById(db: Kysely<DB>, id: number): Promise<PaymentOrder | undefined> {
  const row = await db.selectFrom('payment_orders').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toOrder(row);
}

export async function lockOrderById(db: Kysely<DB>, id: number): Promise<PaymentOrder | undefined> {
  const row = await db
    .selectFrom('payment_orders')
    .selectAll()
    .where('id', '=', id)
    .forNoKeyUpdate()
    .executeTakeFirst();
  return row && toOrder(row);
}

export async function lockOrderByReference(
  db: Kysely<DB>,
  gateway: GatewayName,
  reference: string,
): Promise<PaymentOrder | undefined> {
  const row = await db
    .selectFrom('payment_orders')
    .selectAll()
    .where('gateway', '=', gateway)
    .where('reference', '=', reference)
    .forNoKeyUpdate()
    .executeTakeFirst();
  return row && toOrder(row);
}

export async function lockOrderByExternalId(
  db: Kysely<DB>,
  gateway: GatewayName,
  externalId: string,
): Promise<PaymentOrder | undefined> {
  const row = await db
    .selectFrom('payment_orders')
    .selectAll()
    .where('gateway', '=', gateway)
    .where('external_id', '=', externalId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  return row && toOrder(row);
}

export async function setOrderCheckout(
  db: Kysely<DB>,
  id: number,
  checkout: { payUrl: string; checkoutId: string | null; now: Date },
): Promise<void> {
  await db
    .updateTable('payment_orders')
    .set({ pay_url: checkout.payUrl, checkout_id: checkout.checkoutId, updated_at: checkout.now })
    .where('id', '=', id)
    .execute();
}

export async function setOrderPaid(
  db: Kysely<DB>,
  id: number,
  paid: { externalId: string | null; ledgerTransactionId: number; late: boolean; now: Date },
): Promise<void> {
  await db
    .updateTable('payment_orders')
    .set({
      status: 'paid',
      external_id: paid.externalId,
      ledger_transaction_id: paid.ledgerTransactionId,
      paid_late: paid.late,
      paid_at: paid.now,
      updated_at: paid.now,
    })
    .where('id', '=', id)
    .execute();
}

export async function setOrderClosed(
  db: Kysely<DB>,
  id: number,
  status: 'failed' | 'expired',
  now: Date,
): Promise<void> {
  await db
    .updateTable('payment_orders')
    .set({ status, closed_at: now, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function setOrderRefunded(
  db: Kysely<DB>,
  id: number,
  refund: { status: OrderState; refunded: Money; now: Date },
): Promise<void> {
  await db
    .updateTable('payment_orders')
    .set({ status: refund.status, refunded_minor: refund.refunded.amountMinor, updated_at: refund.now })
    .where('id', '=', id)
    .execute();
}

export async function listOrdersByUser(
  db: Kysely<DB>,
  userId: number,
  page: { limit: number; offset: number },
): Promise<{ items: PaymentOrder[]; total: number }> {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('payment_orders')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db
      .selectFrom('payment_orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toOrder), total: Number(count.n) };
}

/** Records a gateway event once; false when it was already recorded (a replay). */
export async function insertEventIfAbsent(
  db: Kysely<DB>,
  event: {
    gateway: GatewayName;
    eventId: string;
    kind: string;
    orderId: number | null;
    outcome: string;
    now: Date;
  },
): Promise<boolean> {
  const row = await db
    .insertInto('payment_events')
    .values({
      gateway: event.gateway,
      event_id: event.eventId,
      kind: event.kind,
      order_id: event.orderId,
      outcome: event.outcome,
      received_at: event.now,
    })
    .onConflict((conflict) => conflict.columns(['gateway', 'event_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function listEventsByOrder(
  db: Kysely<DB>,
  orderId: number,
): Promise<Array<{ eventId: string; kind: string; outcome: string; receivedAt: Date }>> {
  const rows = await db
    .selectFrom('payment_events')
    .select(['event_id', 'kind', 'outcome', 'received_at'])
    .where('order_id', '=', orderId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    eventId: row.event_id,
    kind: row.kind,
    outcome: row.outcome,
    receivedAt: row.received_at,
  }));
}

export async function insertRefund(
  db: Kysely<DB>,
  refund: {
    reference: string;
    orderId: number;
    userId: number;
    amountMinor: number;
    currency: Currency;
    ledgerTransactionId: number;
    now: Date;
  },
): Promise<PaymentRefund> {
  const row = await db
    .insertInto('payment_refunds')
    .values({
      reference: refund.reference,
      order_id: refund.orderId,
      user_id: refund.userId,
      amount_minor: refund.amountMinor,
      currency: refund.currency,
      ledger_transaction_id: refund.ledgerTransactionId,
      created_at: refund.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRefund(row);
}

export async function findRefundById(db: Kysely<DB>, id: number): Promise<PaymentRefund | undefined> {
  const row = await db.selectFrom('payment_refunds').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toRefund(row);
}

export async function lockRefundById(db: Kysely<DB>, id: number): Promise<PaymentRefund | undefined> {
  const row = await db
    .selectFrom('payment_refunds')
    .selectAll()
    .where('id', '=', id)
    .forNoKeyUpdate()
    .executeTakeFirst();
  return row && toRefund(row);
}

export async function lockRefundByReference(
  db: Kysely<DB>,
  reference: string,
): Promise<PaymentRefund | undefined> {
  const row = await db
    .selectFrom('payment_refunds')
    .selectAll()
    .where('reference', '=', reference)
    .forNoKeyUpdate()
    .executeTakeFirst();
  return row && toRefund(row);
}

export async function listRefundsByOrder(db: Kysely<DB>, orderId: number): Promise<PaymentRefund[]> {
  const rows = await db
    .selectFrom('payment_refunds')
    .selectAll()
    .where('order_id', '=', orderId)
    .orderBy('id')
    .execute();
  return rows.map(toRefund);
}

export async function setRefundState(
  db: Kysely<DB>,
  id: number,
  change: {
    status: RefundState;
    externalId?: string | null;
    failure?: string | null;
    reversalTransactionId?: number;
    settledAt?: Date;
  },
): Promise<void> {
  await db
    .updateTable('payment_refunds')
    .set({
      status: change.status,
      ...(change.externalId !== undefined ? { external_id: change.externalId } : {}),
      ...(change.failure !== undefined ? { failure: change.failure } : {}),
      ...(change.reversalTransactionId !== undefined
        ? { reversal_transaction_id: change.reversalTransactionId }
        : {}),
      ...(change.settledAt !== undefined ? { settled_at: change.settledAt } : {}),
    })
    .where('id', '=', id)
    .execute();
}
