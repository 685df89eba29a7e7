import type { Kysely, Selectable } from 'kysely';
import type { DB, LedgerHoldsTable } from '../../platform/db/schema.js';
import { type Currency, type Money, signedMoney } from '../../platform/money.js';
import type { ProductKind } from './commission.rules.js';
import type { HoldState } from './hold.states.js';

type Db = Kysely<DB>;

/** Money taken from a payer's wallet into its own escrow account until it is settled. */
export interface Hold {
  id: number;
  payerUserId: number;
  payerAccountId: number;
  escrowAccountId: number;
  amount: Money;
  state: HoldState;
  product: { kind: ProductKind; ref: string };
  /** Who was paid (released or partially released); null otherwise. */
  payeeUserId: number | null;
  /** Paid out of the hold, commission included. */
  released: Money;
  /** The platform's commission, part of `released`. */
  fee: Money;
  /** Returned to the payer. */
  refunded: Money;
  placedTransactionId: number;
  resolvedTransactionId: number | null;
  expiresAt: Date | null;
  createdAt: Date;
  resolvedAt: Date | null;
}

function toHold(row: Selectable<LedgerHoldsTable>): Hold {
  const currency = row.currency as Currency;
  return {
    id: row.id,
    payerUserId: row.payer_user_id,
    payerAccountId: row.payer_account_id,
    escrowAccountId: row.escrow_account_id,
    amount: signedMoney(row.amount_minor, currency),
    state: row.state as HoldState,
    product: { kind: row.product_kind as ProductKind, ref: row.product_ref },
    payeeUserId: row.payee_user_id,
    released: signedMoney(row.released_minor, currency),
    fee: signedMoney(row.fee_minor, currency),
    refunded: signedMoney(row.refunded_minor, currency),
    placedTransactionId: row.placed_transaction_id,
    resolvedTransactionId: row.resolved_transaction_id,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
  };
}

export async function findHoldById(db: Db, id: number): Promise<Hold | undefined> {
  const row = await db.selectFrom('ledger_holds').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toHold(row);
}

/** The hold, locked `FOR NO KEY UPDATE` until the end of the transaction. */
export async function lockHoldById(db: Db, id: number): Promise<Hold | undefined> {
  const row = await db
    .selectFrom('ledger_holds')
    .selectAll()
    .where('id', '=', id)
    .forNoKeyUpdate()
    .executeTakeFirst();
  return row && toHold(row);
}

/** The hold a ledger transaction placed or settled, if any. */
export async function findHoldByTransactionId(db: Db, transactionId: number): Promise<Hold | undefined> {
  const row = await db
    .selectFrom('ledger_holds')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('placed_transaction_id', '=', transactionId),
        eb('resolved_transaction_id', '=', transactionId),
      ]),
    )
    .executeTakeFirst();
  return row && toHold(row);
}

/** Holds placed for one product (a bounty, a paid question…), oldest first. */
export async function findHoldsByProduct(db: Db, kind: ProductKind, ref: string): Promise<Hold[]> {
  const rows = await db
    .selectFrom('ledger_holds')
    .selectAll()
    .where('product_kind', '=', kind)
    .where('product_ref', '=', ref)
    .orderBy('id')
    .execute();
  return rows.map(toHold);
}

export async function insertHold(
  db: Db,
  hold: {
    id: number;
    payerUserId: number;
    payerAccountId: number;
    escrowAccountId: number;
    amount: Money;
    product: { kind: ProductKind; ref: string };
    placedTransactionId: number;
    expiresAt: Date | null;
    createdAt: Date;
  },
): Promise<Hold> {
  const row = await db
    .insertInto('ledger_holds')
    .values({
      id: hold.id,
      payer_user_id: hold.payerUserId,
      payer_account_id: hold.payerAccountId,
      escrow_account_id: hold.escrowAccountId,
      amount_minor: hold.amount.amountMinor,
      currency: hold.amount.currency,
      product_kind: hold.product.kind,
      product_ref: hold.product.ref,
      placed_transaction_id: hold.placedTransactionId,
      expires_at: hold.expiresAt,
      created_at: hold.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toHold(row);
}

/** Records how a hold was settled (the database checks the amounts fit the state). */
export async function setHoldSettlement(
  db: Db,
  id: number,
  settlement: {
    state: HoldState;
    payeeUserId: number | null;
    releasedMinor: number;
    feeMinor: number;
    refundedMinor: number;
    resolvedTransactionId: number;
    resolvedAt: Date;
  },
): Promise<Hold> {
  const row = await db
    .updateTable('ledger_holds')
    .set({
      state: settlement.state,
      payee_user_id: settlement.payeeUserId,
      released_minor: settlement.releasedMinor,
      fee_minor: settlement.feeMinor,
      refunded_minor: settlement.refundedMinor,
      resolved_transaction_id: settlement.resolvedTransactionId,
      resolved_at: settlement.resolvedAt,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toHold(row);
}
