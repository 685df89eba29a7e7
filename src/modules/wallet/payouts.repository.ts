import { type Kysely, type Selectable, sql } from 'kysely';
import type { DB, PayoutsTable } from '../../platform/db/schema.js';
import { type Currency, type Money, money } from '../../platform/money.js';
import type { PayoutState } from './payout.states.js';

/** Kysely only: payouts rows in, camelCase records out. */

type Db = Kysely<DB>;

export interface Payout {
  readonly id: number;
  readonly userId: number;
  readonly amount: Money;
  readonly gateway: string;
  readonly destination: string;
  readonly status: PayoutState;
  readonly requestKey: string;
  readonly requestTransactionId: number;
  readonly settledTransactionId: number | null;
  readonly reviewedBy: number | null;
  readonly reviewedAt: Date | null;
  readonly reviewNote: string | null;
  readonly externalId: string | null;
  readonly failure: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly settledAt: Date | null;
}

/** A payout with its member's name, for admin lists. */
export interface PayoutWithMember extends Payout {
  readonly username: string;
}

function toPayout(row: Selectable<PayoutsTable>): Payout {
  return {
    id: row.id,
    userId: row.user_id,
    amount: money(row.amount_minor, row.currency),
    gateway: row.gateway,
    destination: row.destination,
    status: row.status as PayoutState,
    requestKey: row.request_key,
    requestTransactionId: row.request_transaction_id,
    settledTransactionId: row.settled_transaction_id,
    reviewedBy: row.reviewed_by,
    reviewedAt: row.reviewed_at,
    reviewNote: row.review_note,
    externalId: row.external_id,
    failure: row.failure,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    settledAt: row.settled_at,
  };
}

export async function findPayoutById(db: Db, id: number): Promise<Payout | undefined> {
  const row = await db.selectFrom('payouts').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toPayout(row);
}

/** The payout, locked `FOR NO KEY UPDATE` for a read-modify-write of its state. */
export async function lockPayoutById(db: Db, id: number): Promise<Payout | undefined> {
  const row = await db
    .selectFrom('payouts')
    .selectAll()
    .where('id', '=', id)
    .forNoKeyUpdate()
    .executeTakeFirst();
  return row && toPayout(row);
}

export async function findPayoutByRequestKey(db: Db, requestKey: string): Promise<Payout | undefined> {
  const row = await db
    .selectFrom('payouts')
    .selectAll()
    .where('request_key', '=', requestKey)
    .executeTakeFirst();
  return row && toPayout(row);
}

export async function insertPayout(
  db: Db,
  values: {
    userId: number;
    amount: Money;
    gateway: string;
    destination: string;
    requestKey: string;
    requestTransactionId: number;
    now: Date;
  },
): Promise<Payout> {
  const row = await db
    .insertInto('payouts')
    .values({
      user_id: values.userId,
      amount_minor: values.amount.amountMinor,
      currency: values.amount.currency,
      gateway: values.gateway,
      destination: values.destination,
      request_key: values.requestKey,
      request_transaction_id: values.requestTransactionId,
      created_at: values.now,
      updated_at: values.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPayout(row);
}

/** Records a review (approve, or reject together with its settlement). */
export async function setPayoutReviewed(
  db: Db,
  id: number,
  values: {
    status: PayoutState;
    reviewedBy: number;
    note: string | null;
    now: Date;
    /** A rejection settles the payout at once: the transaction that returned its money. */
    settledTransactionId?: number;
  },
): Promise<void> {
  await db
    .updateTable('payouts')
    .set({
      status: values.status,
      reviewed_by: values.reviewedBy,
      reviewed_at: values.now,
      review_note: values.note,
      updated_at: values.now,
      ...(values.settledTransactionId === undefined
        ? {}
        : { settled_transaction_id: values.settledTransactionId, settled_at: values.now }),
    })
    .where('id', '=', id)
    .execute();
}

/** Records how the payout's money left payouts payable. */
export async function setPayoutSettled(
  db: Db,
  id: number,
  values: {
    status: PayoutState;
    transactionId: number;
    externalId?: string | null;
    failure?: string | null;
    now: Date;
  },
): Promise<void> {
  await db
    .updateTable('payouts')
    .set({
      status: values.status,
      settled_transaction_id: values.transactionId,
      settled_at: values.now,
      updated_at: values.now,
      ...(values.externalId !== undefined ? { external_id: values.externalId } : {}),
      ...(values.failure !== undefined ? { failure: values.failure } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** A member's payouts, newest first. */
export async function findPayoutsByUser(
  db: Db,
  userId: number,
  page: { page: number; pageSize: number },
): Promise<{ items: Payout[]; total: number }> {
  const rows = await db
    .selectFrom('payouts')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .execute();
  const count = await db
    .selectFrom('payouts')
    .select(sql<number>`count(*)::int8`.as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return { items: rows.map(toPayout), total: count.n };
}

/** Every member's payouts (optionally in one state), oldest requests first when waiting, else newest first. */
export async function findPayouts(
  db: Db,
  query: { status?: PayoutState | undefined; page: number; pageSize: number },
): Promise<{ items: PayoutWithMember[]; total: number }> {
  let base = db.selectFrom('payouts as p').innerJoin('users as u', 'u.id', 'p.user_id');
  if (query.status) base = base.where('p.status', '=', query.status);
  const rows = await base
    .selectAll('p')
    .select('u.username')
    .orderBy('p.id', query.status === 'requested' ? 'asc' : 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const count = await base.select(sql<number>`count(*)::int8`.as('n')).executeTakeFirstOrThrow();
  return {
    items: rows.map((row) => ({ ...toPayout(row), username: row.username })),
    total: count.n,
  };
}

/** Sum of a member's payouts still in payouts payable (requested or approved), per currency. */
export async function sumPendingPayouts(db: Db, userId: number): Promise<Money[]> {
  const rows = await db
    .selectFrom('payouts')
    .select(['currency', sql<number>`sum(amount_minor)::int8`.as('total')])
    .where('user_id', '=', userId)
    .where('status', 'in', ['requested', 'approved'])
    .groupBy('currency')
    .orderBy('currency')
    .execute();
  return rows.map((row) => money(row.total, row.currency as Currency));
}
