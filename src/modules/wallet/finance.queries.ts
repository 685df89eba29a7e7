import { type Kysely, sql } from 'kysely';
import type { Page } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { type Money, signedMoney } from '../../platform/money.js';

/** Read-only views for admin finance: the journal, gateway orders, and their reconciliation with the ledger. */

type Db = Kysely<DB>;

export interface JournalEntry {
  readonly id: number;
  readonly accountId: number;
  readonly accountKind: string;
  readonly ownerUserId: number | null;
  readonly ref: string;
  /** Signed: positive debits the account, negative credits it. */
  readonly amount: Money;
  readonly balanceAfter: Money;
}

export interface JournalTransaction {
  readonly id: number;
  readonly kind: string;
  readonly idempotencyKey: string;
  readonly memo: string | null;
  readonly metadata: Record<string, unknown>;
  readonly createdAt: Date;
  readonly reversesTransactionId: number | null;
  /** The reversal of this transaction, if any. */
  readonly reversedById: number | null;
  readonly entries: JournalEntry[];
}

export interface JournalQuery {
  readonly kind?: string | undefined;
  readonly accountId?: number | undefined;
  readonly userId?: number | undefined;
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  readonly page: number;
  readonly pageSize: number;
}

async function withEntries(
  db: Db,
  rows: {
    id: number;
    kind: string;
    idempotency_key: string;
    memo: string | null;
    metadata: Record<string, unknown>;
    created_at: Date;
    reverses_transaction_id: number | null;
    reversed_by: number | null;
  }[],
): Promise<JournalTransaction[]> {
  if (rows.length === 0) return [];
  const entries = await db
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_accounts as a', 'a.id', 'e.account_id')
    .select([
      'e.id',
      'e.transaction_id',
      'e.account_id',
      'e.amount_minor',
      'e.currency',
      'e.balance_after_minor',
      'a.kind',
      'a.owner_user_id',
      'a.ref',
    ])
    .where(
      'e.transaction_id',
      'in',
      rows.map((row) => row.id),
    )
    .orderBy('e.id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    idempotencyKey: row.idempotency_key,
    memo: row.memo,
    metadata: row.metadata,
    createdAt: row.created_at,
    reversesTransactionId: row.reverses_transaction_id,
    reversedById: row.reversed_by,
    entries: entries
      .filter((entry) => entry.transaction_id === row.id)
      .map((entry) => ({
        id: entry.id,
        accountId: entry.account_id,
        accountKind: entry.kind,
        ownerUserId: entry.owner_user_id,
        ref: entry.ref,
        amount: signedMoney(entry.amount_minor, entry.currency),
        balanceAfter: signedMoney(entry.balance_after_minor, entry.currency),
      })),
  }));
}

function journalBase(db: Db, query: Omit<JournalQuery, 'page' | 'pageSize'>) {
  let base = db.selectFrom('ledger_transactions as t');
  if (query.kind) base = base.where('t.kind', '=', query.kind);
  if (query.from) base = base.where('t.created_at', '>=', query.from);
  if (query.to) base = base.where('t.created_at', '<', query.to);
  if (query.accountId !== undefined) {
    const accountId = query.accountId;
    base = base.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('ledger_entries as e')
          .select('e.id')
          .whereRef('e.transaction_id', '=', 't.id')
          .where('e.account_id', '=', accountId),
      ),
    );
  }
  if (query.userId !== undefined) {
    const userId = query.userId;
    base = base.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('ledger_entries as e')
          .innerJoin('ledger_accounts as a', 'a.id', 'e.account_id')
          .select('e.id')
          .whereRef('e.transaction_id', '=', 't.id')
          .where('a.owner_user_id', '=', userId),
      ),
    );
  }
  return base;
}

const transactionColumns = [
  't.id',
  't.kind',
  't.idempotency_key',
  't.memo',
  't.metadata',
  't.created_at',
  't.reverses_transaction_id',
  sql<number | null>`(select r.id from ledger_transactions r where r.reverses_transaction_id = t.id)`.as(
    'reversed_by',
  ),
] as const;

/** The journal, newest first, filtered by kind, account, member (owner of a touched account) and time. */
export async function listJournal(db: Db, query: JournalQuery): Promise<Page<JournalTransaction>> {
  const base = journalBase(db, query);
  const rows = await base
    .select(transactionColumns)
    .orderBy('t.id', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const count = await base.select(sql<number>`count(*)::int8`.as('n')).executeTakeFirstOrThrow();
  return { items: await withEntries(db, rows), total: count.n, page: query.page, pageSize: query.pageSize };
}

export async function findJournalTransaction(db: Db, id: number): Promise<JournalTransaction | undefined> {
  const rows = await db
    .selectFrom('ledger_transactions as t')
    .select(transactionColumns)
    .where('t.id', '=', id)
    .execute();
  return (await withEntries(db, rows))[0];
}

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

/** One difference between gateway orders and the ledger. */
export interface ReconciliationProblem {
  readonly problem:
    | 'paid_order_without_transaction'
    | 'unpaid_order_with_transaction'
    | 'transaction_not_a_topup'
    | 'amount_mismatch'
    | 'gateway_mismatch'
    | 'topup_without_order';
  readonly orderId: number | null;
  readonly transactionId: number | null;
  readonly detail: string;
}

export interface Reconciliation {
  readonly ordersChecked: number;
  readonly topupsChecked: number;
  readonly problems: ReconciliationProblem[];
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
  const topups = await db
    .selectFrom('ledger_transactions as t')
    .leftJoin('ledger_entries as e', 'e.transaction_id', 't.id')
    .leftJoin('ledger_accounts as a', 'a.id', 'e.account_id')
    .select([
      't.id',
      't.kind',
      'e.amount_minor',
      'e.currency',
      'a.kind as account_kind',
      'a.owner_user_id',
      'a.ref',
    ])
    .where((eb) =>
      eb.or([
        eb('t.kind', '=', 'topup'),
        eb(
          't.id',
          'in',
          eb
            .selectFrom('payment_orders')
            .select('ledger_transaction_id')
            .where('ledger_transaction_id', 'is not', null),
        ),
      ]),
    )
    .execute();
  const byTransaction = new Map<number, typeof topups>();
  for (const row of topups) byTransaction.set(row.id, [...(byTransaction.get(row.id) ?? []), row]);

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
          detail: order.status,
        });
      continue;
    }
    if (txId === null) {
      problems.push({
        problem: 'paid_order_without_transaction',
        orderId: order.id,
        transactionId: null,
        detail: order.status,
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
        detail: entries[0]?.kind ?? 'missing',
      });
      continue;
    }
    const wallet = entries.find((e) => e.account_kind === 'wallet');
    const clearing = entries.find((e) => e.account_kind === 'gateway_clearing');
    const expected = `${order.amount_minor} ${order.currency} to member ${order.user_id}`;
    const credited = wallet
      ? `${-(wallet.amount_minor ?? 0)} ${wallet.currency} to member ${wallet.owner_user_id}`
      : 'nothing';
    if (credited !== expected) {
      problems.push({
        problem: 'amount_mismatch',
        orderId: order.id,
        transactionId: txId,
        detail: `order ${expected}, ledger ${credited}`,
      });
    }
    if (clearing?.ref !== order.gateway || clearing.amount_minor !== order.amount_minor) {
      problems.push({
        problem: 'gateway_mismatch',
        orderId: order.id,
        transactionId: txId,
        detail: `order ${order.gateway}, ledger ${clearing?.ref ?? 'none'}`,
      });
    }
  }
  for (const [id, entries] of byTransaction) {
    if (entries[0]?.kind === 'topup' && !claimed.has(id)) {
      problems.push({
        problem: 'topup_without_order',
        orderId: null,
        transactionId: id,
        detail: 'no paid order points at it',
      });
    }
  }
  return {
    ordersChecked: orders.length,
    topupsChecked: [...byTransaction.values()].filter((entries) => entries[0]?.kind === 'topup').length,
    problems,
  };
}
