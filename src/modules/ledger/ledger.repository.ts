import { type Kysely, type Selectable, sql } from 'kysely';
import type {
  DB,
  LedgerAccountsTable,
  LedgerEntriesTable,
  LedgerTransactionsTable,
} from '../../platform/db/schema.js';
import { type Currency, type Money, signedMoney } from '../../platform/money.js';
import { ACCOUNT_KINDS, type AccountKey, type AccountKind, type TransactionKind } from './ledger.chart.js';
import type { StatementFacts } from './ledger.rules.js';

/** A database handle or an open transaction. */
type Db = Kysely<DB>;

export interface LedgerAccount {
  id: number;
  kind: AccountKind;
  ownerUserId: number | null;
  ref: string;
  currency: Currency;
  /** On the account's normal side: a wallet of ¥50 has a balance of 5000 CNY. */
  balance: Money;
  createdAt: Date;
}

export interface LedgerEntry {
  id: number;
  transactionId: number;
  accountId: number;
  /** Signed: positive debits the account, negative credits it. */
  amount: Money;
  /** The account's balance (normal side) once this entry was applied. */
  balanceAfter: Money;
  createdAt: Date;
}

export interface LedgerTransaction {
  id: number;
  kind: TransactionKind;
  idempotencyKey: string;
  reversesTransactionId: number | null;
  memo: string | null;
  metadata: Record<string, unknown>;
  /** What its statement line says, as data; null for postings made without (shown by kind and memo). */
  facts: StatementFacts | null;
  createdAt: Date;
  entries: LedgerEntry[];
}

function toAccount(row: Selectable<LedgerAccountsTable>): LedgerAccount {
  return {
    id: row.id,
    kind: row.kind as AccountKind,
    ownerUserId: row.owner_user_id,
    ref: row.ref,
    currency: row.currency as Currency,
    balance: signedMoney(row.balance_minor, row.currency),
    createdAt: row.created_at,
  };
}

function toEntry(row: Selectable<LedgerEntriesTable>): LedgerEntry {
  return {
    id: row.id,
    transactionId: row.transaction_id,
    accountId: row.account_id,
    amount: signedMoney(row.amount_minor, row.currency),
    balanceAfter: signedMoney(row.balance_after_minor, row.currency),
    createdAt: row.created_at,
  };
}

function toTransaction(row: Selectable<LedgerTransactionsTable>, entries: LedgerEntry[]): LedgerTransaction {
  return {
    id: row.id,
    kind: row.kind as TransactionKind,
    idempotencyKey: row.idempotency_key,
    reversesTransactionId: row.reverses_transaction_id,
    memo: row.memo,
    metadata: row.metadata,
    facts: (row.facts as StatementFacts | null) ?? null,
    createdAt: row.created_at,
    entries,
  };
}

export async function findAccountById(db: Db, id: number): Promise<LedgerAccount | undefined> {
  const row = await db.selectFrom('ledger_accounts').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toAccount(row);
}

export async function findAccountByKey(db: Db, key: AccountKey): Promise<LedgerAccount | undefined> {
  const row = await db
    .selectFrom('ledger_accounts')
    .selectAll()
    .where('kind', '=', key.kind)
    .where((eb) =>
      key.ownerUserId === null ? eb('owner_user_id', 'is', null) : eb('owner_user_id', '=', key.ownerUserId),
    )
    .where('ref', '=', key.ref)
    .where('currency', '=', key.currency)
    .executeTakeFirst();
  return row && toAccount(row);
}

/** Inserts the account unless one with this key exists (racing inserts: one wins, the others wait and skip). */
export async function insertAccountIfAbsent(db: Db, key: AccountKey): Promise<void> {
  await db
    .insertInto('ledger_accounts')
    .values({
      kind: key.kind,
      normal_balance: ACCOUNT_KINDS[key.kind].normalBalance,
      owner_user_id: key.ownerUserId,
      ref: key.ref,
      currency: key.currency,
    })
    .onConflict((oc) => oc.constraint('ledger_accounts_key').doNothing())
    .execute();
}

export async function userExists(db: Db, userId: number): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
  return row !== undefined;
}

/** Locks the accounts `FOR NO KEY UPDATE` in id order (one order for everyone: no deadlocks) and returns them. */
export async function lockAccountsByIds(db: Db, ids: readonly number[]): Promise<LedgerAccount[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('ledger_accounts')
    .selectAll()
    .where('id', 'in', [...ids])
    .orderBy('id')
    .forNoKeyUpdate()
    .execute();
  return rows.map(toAccount);
}

export async function findEntriesByTransactionId(db: Db, transactionId: number): Promise<LedgerEntry[]> {
  const rows = await db
    .selectFrom('ledger_entries')
    .selectAll()
    .where('transaction_id', '=', transactionId)
    .orderBy('id')
    .execute();
  return rows.map(toEntry);
}

async function withEntries(
  db: Db,
  row: Selectable<LedgerTransactionsTable> | undefined,
): Promise<LedgerTransaction | undefined> {
  return row && toTransaction(row, await findEntriesByTransactionId(db, row.id));
}

export async function findTransactionById(db: Db, id: number): Promise<LedgerTransaction | undefined> {
  const row = await db.selectFrom('ledger_transactions').selectAll().where('id', '=', id).executeTakeFirst();
  return withEntries(db, row);
}

export async function findTransactionByKey(db: Db, key: string): Promise<LedgerTransaction | undefined> {
  const row = await db
    .selectFrom('ledger_transactions')
    .selectAll()
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  return withEntries(db, row);
}

/** The transaction, locked `FOR NO KEY UPDATE` (a lock only: the row itself never changes). */
export async function lockTransactionById(db: Db, id: number): Promise<LedgerTransaction | undefined> {
  const row = await db
    .selectFrom('ledger_transactions')
    .selectAll()
    .where('id', '=', id)
    .forNoKeyUpdate()
    .executeTakeFirst();
  return withEntries(db, row);
}

export async function findReversalOf(db: Db, transactionId: number): Promise<LedgerTransaction | undefined> {
  const row = await db
    .selectFrom('ledger_transactions')
    .selectAll()
    .where('reverses_transaction_id', '=', transactionId)
    .executeTakeFirst();
  return withEntries(db, row);
}

/**
 * Inserts the transaction row unless its idempotency key is taken; undefined then. A concurrent
 * insert of the same key makes this wait for that transaction to commit or roll back.
 */
export async function insertTransactionIfAbsent(
  db: Db,
  row: {
    kind: TransactionKind;
    idempotencyKey: string;
    reversesTransactionId: number | null;
    memo: string | null;
    metadata: Record<string, unknown>;
    facts: StatementFacts | null;
    createdAt: Date;
  },
): Promise<number | undefined> {
  const inserted = await db
    .insertInto('ledger_transactions')
    .values({
      kind: row.kind,
      idempotency_key: row.idempotencyKey,
      reverses_transaction_id: row.reversesTransactionId,
      memo: row.memo,
      metadata: JSON.stringify(row.metadata),
      facts: row.facts === null ? null : JSON.stringify(row.facts),
      created_at: row.createdAt,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}

/** Inserts entries in order; the database applies each to its account and fills balance_after. */
export async function insertEntries(
  db: Db,
  transactionId: number,
  entries: ReadonlyArray<{ accountId: number; amount: Money }>,
  createdAt: Date,
): Promise<LedgerEntry[]> {
  const rows = await db
    .insertInto('ledger_entries')
    .values(
      entries.map((entry) => ({
        transaction_id: transactionId,
        account_id: entry.accountId,
        amount_minor: entry.amount.amountMinor,
        currency: entry.amount.currency,
        created_at: createdAt,
      })),
    )
    .returningAll()
    .execute();
  // A multi-row insert returns rows in VALUES order on PostgreSQL; sort by id to be explicit.
  return rows.map(toEntry).sort((a, b) => a.id - b.id);
}

/** Reserves the next hold id, so the hold's escrow account can be named before the hold row exists. */
export async function nextHoldId(db: Db): Promise<number> {
  const { rows } = await sql<{
    id: number;
  }>`select nextval(pg_get_serial_sequence('ledger_holds', 'id'))::int8 as id`.execute(db);
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('nextval returned no row');
  return id;
}
