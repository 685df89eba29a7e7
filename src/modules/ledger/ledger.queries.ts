import { type Kysely, sql } from 'kysely';
import type { Page } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { type Currency, type Money, signedMoney } from '../../platform/money.js';
import { onNormalSide, type TransactionKind } from './ledger.chart.js';
import type { StatementFacts } from './ledger.rules.js';

/** Read-only views of the ledger: a member's balances and statement, and the trial balance. */

type Db = Kysely<DB>;

/** A member's money: spendable (`balances`, their wallets) and `held` in escrow, per currency. */
export interface MemberBalances {
  readonly balances: Money[];
  readonly held: Money[];
}

/** A member's wallets and escrow totals, one Money per currency that has an account; held only where > 0. */
export async function getMemberBalances(db: Db, userId: number): Promise<MemberBalances> {
  const rows = await db
    .selectFrom('ledger_accounts')
    .select(['kind', 'currency', sql<number>`sum(balance_minor)::int8`.as('total')])
    .where('owner_user_id', '=', userId)
    .where('kind', 'in', ['wallet', 'escrow'])
    .groupBy(['kind', 'currency'])
    .orderBy('currency')
    .execute();
  return {
    balances: rows.filter((row) => row.kind === 'wallet').map((row) => signedMoney(row.total, row.currency)),
    held: rows
      .filter((row) => row.kind === 'escrow' && row.total !== 0)
      .map((row) => signedMoney(row.total, row.currency)),
  };
}

/** One line of a wallet statement, from the member's side: `amount` > 0 is money in. */
export interface StatementLine {
  readonly id: number;
  readonly transactionId: number;
  readonly kind: TransactionKind;
  readonly amount: Money;
  readonly balanceAfter: Money;
  readonly memo: string | null;
  /** What the line says, as data (rendered in the reader's language); null: say the kind and memo. */
  readonly facts: StatementFacts | null;
  readonly createdAt: Date;
}

export interface StatementQuery {
  readonly userId: number;
  readonly currency?: Currency | undefined;
  /** Only these transaction kinds (topup, release…). */
  readonly kinds?: readonly TransactionKind[] | undefined;
  /** Entries at or after this instant. */
  readonly from?: Date | undefined;
  /** Entries before this instant. */
  readonly to?: Date | undefined;
  readonly page?: number | undefined;
  /** 1–100; default 20. */
  readonly pageSize?: number | undefined;
}

/** The entries of a member's wallets, newest first, filtered and paged. */
export async function listWalletStatement(db: Db, query: StatementQuery): Promise<Page<StatementLine>> {
  const page = Math.max(1, Math.trunc(query.page ?? 1) || 1);
  const pageSize = Math.min(100, Math.max(1, Math.trunc(query.pageSize ?? 20) || 20));
  let base = db
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_accounts as a', 'a.id', 'e.account_id')
    .innerJoin('ledger_transactions as t', 't.id', 'e.transaction_id')
    .where('a.kind', '=', 'wallet')
    .where('a.owner_user_id', '=', query.userId);
  if (query.currency) base = base.where('a.currency', '=', query.currency);
  if (query.kinds && query.kinds.length > 0) base = base.where('t.kind', 'in', [...query.kinds]);
  if (query.from) base = base.where('e.created_at', '>=', query.from);
  if (query.to) base = base.where('e.created_at', '<', query.to);

  // One after the other: `db` may be a transaction, which runs one query at a time anyway.
  const rows = await base
    .select([
      'e.id',
      'e.transaction_id',
      'e.amount_minor',
      'e.currency',
      'e.balance_after_minor',
      'e.created_at',
      't.kind',
      't.memo',
      't.facts',
    ])
    .orderBy('e.id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  const count = await base.select(sql<number>`count(*)::int8`.as('total')).executeTakeFirstOrThrow();
  return {
    items: rows.map((row) => ({
      id: row.id,
      transactionId: row.transaction_id,
      kind: row.kind as TransactionKind,
      amount: onNormalSide('wallet', signedMoney(row.amount_minor, row.currency)),
      balanceAfter: signedMoney(row.balance_after_minor, row.currency),
      memo: row.memo,
      facts: (row.facts as StatementFacts | null) ?? null,
      createdAt: row.created_at,
    })),
    total: count.total,
    page,
    pageSize,
  };
}

/** Debits and credits of one currency over the whole journal. */
export interface TrialBalanceLine {
  readonly currency: Currency;
  readonly debits: Money;
  readonly credits: Money;
}

export interface TrialBalance {
  /** Debits equal credits in every currency, and so do the accounts' balances (assets = liabilities + income). */
  readonly balanced: boolean;
  readonly totals: TrialBalanceLine[];
}

/** The trial balance per currency (must always be balanced: the database refuses anything else). */
export async function getTrialBalance(db: Db): Promise<TrialBalance> {
  const totals = await db
    .selectFrom('ledger_entries')
    .select([
      'currency',
      sql<number>`coalesce(sum(amount_minor) filter (where amount_minor > 0), 0)::int8`.as('debits'),
      sql<number>`coalesce(-sum(amount_minor) filter (where amount_minor < 0), 0)::int8`.as('credits'),
    ])
    .groupBy('currency')
    .orderBy('currency')
    .execute();
  // Σ debit-normal balances − Σ credit-normal balances: zero when the balance sheet balances.
  const sheets = await db
    .selectFrom('ledger_accounts')
    .select([
      'currency',
      sql<number>`sum(case when normal_balance = 'debit' then balance_minor else -balance_minor end)::int8`.as(
        'net',
      ),
    ])
    .groupBy('currency')
    .execute();
  return {
    balanced: totals.every((row) => row.debits === row.credits) && sheets.every((row) => row.net === 0),
    totals: totals.map((row) => ({
      currency: row.currency as Currency,
      debits: signedMoney(row.debits, row.currency),
      credits: signedMoney(row.credits, row.currency),
    })),
  };
}
