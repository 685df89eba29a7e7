import { type Kysely, sql } from 'kysely';
import type { Page } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { equals, type Money, negate, signedMoney } from '../../platform/money.js';
import { listPostingEntries, type PostingEntry } from '../ledger/index.js';

/** Read-only views for admin finance: gateway (top-up) orders and their reconciliation with the ledger. */

type Db = Kysely<DB>;

export interface GatewayOrder {
  readonly id: number;
  readonly reference: string;
  readonly userId: number;
  readonly username: string;
  readonly gateway: string;
  readonly amount: Money;
  readonly refunded: Money;
  readonly status: string;
  readonly externalId: string | null;
  readonly ledgerTransactionId: number | null;
  readonly createdAt: Date;
  readonly paidAt: Date | null;
}

/** Gateway (top-up) orders, newest first, optionally of one gateway or status. */
export async function listGatewayOrders(
  db: Db,
  query: { gateway?: string | undefined; status?: string | undefined; page: number; pageSize: number },
): Promise<Page<GatewayOrder>> {
  let base = db.selectFrom('payment_orders as o').innerJoin('users as u', 'u.id', 'o.user_id');
  if (query.gateway) base = base.where('o.gateway', '=', query.gateway);
  if (query.status) base = base.where('o.status', '=', query.status);
  const rows = await base
    .selectAll('o')
    .select('u.username')
    .orderBy('o.id', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const count = await base.select(sql<number>`count(*)::int8`.as('n')).executeTakeFirstOrThrow();
  return {
    items: rows.map((row) => ({
      id: row.id,
      reference: row.reference,
      userId: row.user_id,
      username: row.username,
      gateway: row.gateway,
      amount: signedMoney(row.amount_minor, row.currency),
      refunded: signedMoney(row.refunded_minor, row.currency),
      status: row.status,
      externalId: row.external_id,
      ledgerTransactionId: row.ledger_transaction_id,
      createdAt: row.created_at,
      paidAt: row.paid_at,
    })),
    total: count.n,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** An order's or a posting's amount and the member it is for. */
export interface AmountToMember {
  readonly amount: Money;
  readonly memberId: number | null;
}

/**
 * One difference between gateway orders and the ledger, with what it is about as data (`facts`),
 * for the finance pages and API to say in the reader's language.
 */
export type ReconciliationProblem = {
  readonly orderId: number | null;
  readonly transactionId: number | null;
} & (
  | {
      readonly problem: 'paid_order_without_transaction' | 'unpaid_order_with_transaction';
      readonly facts: { readonly status: string };
    }
  | {
      /** `kind` null: the order names a transaction the journal does not have. */
      readonly problem: 'transaction_not_a_topup';
      readonly facts: { readonly kind: string | null };
    }
  | {
      /** What the order says against what the top-up credited to a wallet (null: no wallet entry). */
      readonly problem: 'amount_mismatch';
      readonly facts: { readonly order: AmountToMember; readonly credited: AmountToMember | null };
    }
  | {
      /** The order's gateway and amount against the top-up's clearing entry (null: none). */
      readonly problem: 'gateway_mismatch';
      readonly facts: {
        readonly order: { readonly amount: Money; readonly gateway: string };
        readonly cleared: { readonly amount: Money; readonly gateway: string } | null;
      };
    }
  | {
      /** What the top-up credited (null: no wallet entry). */
      readonly problem: 'topup_without_order';
      readonly facts: { readonly credited: AmountToMember | null };
    }
);

export interface Reconciliation {
  readonly ordersChecked: number;
  readonly topupsChecked: number;
  readonly problems: ReconciliationProblem[];
}

/** The wallet credit of a top-up's entries, from the member's side (a credit is money in). */
function walletCredit(entries: readonly PostingEntry[]): AmountToMember | null {
  const wallet = entries.find((e) => e.accountKind === 'wallet');
  if (!wallet || wallet.amountMinor === null || wallet.currency === null) return null;
  return { amount: negate(signedMoney(wallet.amountMinor, wallet.currency)), memberId: wallet.ownerUserId };
}

/** The clearing entry of a top-up: which gateway's account it debited, and by how much. */
function clearingDebit(entries: readonly PostingEntry[]): { amount: Money; gateway: string } | null {
  const clearing = entries.find((e) => e.accountKind === 'gateway_clearing');
  if (!clearing || clearing.amountMinor === null || clearing.currency === null) return null;
  return { amount: signedMoney(clearing.amountMinor, clearing.currency), gateway: clearing.ref ?? '' };
}

function sameCredit(a: AmountToMember, b: AmountToMember | null): boolean {
  return b !== null && a.memberId === b.memberId && equals(a.amount, b.amount);
}

/**
 * Gateway orders against the ledger: every paid (or refunded) order has exactly one ledger
 * transaction, a `topup` crediting the member's wallet with the order's amount and currency and
 * debiting that gateway's clearing account; every `topup` transaction belongs to a paid order.
 */
export async function reconcileOrders(db: Db): Promise<Reconciliation> {
  const orders = await db
    .selectFrom('payment_orders')
    .select(['id', 'user_id', 'gateway', 'amount_minor', 'currency', 'status', 'ledger_transaction_id'])
    .orderBy('id')
    .execute();
  const claimedIds = orders.flatMap((order) =>
    order.ledger_transaction_id === null ? [] : [order.ledger_transaction_id],
  );
  const byTransaction = new Map<number, PostingEntry[]>();
  const add = (rows: readonly PostingEntry[]) => {
    for (const row of rows) {
      byTransaction.set(row.transactionId, [...(byTransaction.get(row.transactionId) ?? []), row]);
    }
  };
  add(await listPostingEntries(db, { kind: 'topup' }));
  // An order that claims a transaction of another kind (a problem to report) is fetched by id:
  // normally none, so the ids never become one bound parameter per paid order.
  add(await listPostingEntries(db, { ids: claimedIds.filter((id) => !byTransaction.has(id)) }));

  const problems: ReconciliationProblem[] = [];
  const claimed = new Set<number>();
  for (const order of orders) {
    const paid = order.status === 'paid' || order.status === 'refunded';
    const txId = order.ledger_transaction_id;
    if (!paid) {
      if (txId !== null)
        problems.push({
          problem: 'unpaid_order_with_transaction',
          orderId: order.id,
          transactionId: txId,
          facts: { status: order.status },
        });
      continue;
    }
    if (txId === null) {
      problems.push({
        problem: 'paid_order_without_transaction',
        orderId: order.id,
        transactionId: null,
        facts: { status: order.status },
      });
      continue;
    }
    claimed.add(txId);
    const entries = byTransaction.get(txId) ?? [];
    if (entries[0]?.kind !== 'topup') {
      problems.push({
        problem: 'transaction_not_a_topup',
        orderId: order.id,
        transactionId: txId,
        facts: { kind: entries[0]?.kind ?? null },
      });
      continue;
    }
    const amount = signedMoney(order.amount_minor, order.currency);
    const expected = { amount, memberId: order.user_id };
    const credited = walletCredit(entries);
    if (!sameCredit(expected, credited)) {
      problems.push({
        problem: 'amount_mismatch',
        orderId: order.id,
        transactionId: txId,
        facts: { order: expected, credited },
      });
    }
    const cleared = clearingDebit(entries);
    if (cleared?.gateway !== order.gateway || !equals(cleared.amount, amount)) {
      problems.push({
        problem: 'gateway_mismatch',
        orderId: order.id,
        transactionId: txId,
        facts: { order: { amount, gateway: order.gateway }, cleared },
      });
    }
  }
  for (const [id, entries] of byTransaction) {
    if (entries[0]?.kind === 'topup' && !claimed.has(id)) {
      problems.push({
        problem: 'topup_without_order',
        orderId: null,
        transactionId: id,
        facts: { credited: walletCredit(entries) },
      });
    }
  }
  return {
    ordersChecked: orders.length,
    topupsChecked: [...byTransaction.values()].filter((entries) => entries[0]?.kind === 'topup').length,
    problems,
  };
}
