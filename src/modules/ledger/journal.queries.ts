import { type Kysely, sql } from 'kysely';
import type { Page } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { type Money, signedMoney } from '../../platform/money.js';
import type { StatementFacts } from './ledger.rules.js';

/** Read-only views of the whole journal for admin finance and reconciliation. */

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
  /** What its statement line says, as data (rendered in the reader's language). */
  readonly facts: StatementFacts | null;
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
    facts: Record<string, string | number> | null;
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
    facts: (row.facts as StatementFacts | null) ?? null,
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
  't.facts',
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

/** One transaction of the journal with its entries and its reversal's id. */
export async function findJournalTransaction(db: Db, id: number): Promise<JournalTransaction | undefined> {
  const rows = await db
    .selectFrom('ledger_transactions as t')
    .select(transactionColumns)
    .where('t.id', '=', id)
    .execute();
  return (await withEntries(db, rows))[0];
}

/** One entry of a posting as reconciliation compares it: the account it touched and the amount. */
export interface PostingEntry {
  readonly transactionId: number;
  readonly kind: string;
  readonly accountKind: string | null;
  readonly ownerUserId: number | null;
  readonly ref: string | null;
  /** Signed minor units (positive debits); null for a transaction without entries. */
  readonly amountMinor: number | null;
  readonly currency: string | null;
}

/**
 * The entries of every transaction of `kind`, or of the transactions `ids` names, for reconciling
 * another module's records with the journal.
 */
export async function listPostingEntries(
  db: Db,
  query: { kind: string } | { ids: readonly number[] },
): Promise<PostingEntry[]> {
  if ('ids' in query && query.ids.length === 0) return [];
  const rows = await db
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
    .where((eb) => ('ids' in query ? eb('t.id', 'in', [...query.ids]) : eb('t.kind', '=', query.kind)))
    .orderBy('t.id')
    .orderBy('e.id')
    .execute();
  return rows.map((row) => ({
    transactionId: row.id,
    kind: row.kind,
    accountKind: row.account_kind,
    ownerUserId: row.owner_user_id,
    ref: row.ref,
    amountMinor: row.amount_minor,
    currency: row.currency,
  }));
}
