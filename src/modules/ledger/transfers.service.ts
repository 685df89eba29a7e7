import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/http/errors.js';
import { type Currency, type Money, negate } from '../../platform/money.js';
import {
  type AccountKey,
  type AccountRef,
  isAccountKey,
  type TransactionKind,
  walletKey,
} from './ledger.chart.js';
import {
  findAccountById,
  findAccountByKey,
  findTransactionByKey,
  insertAccountIfAbsent,
  insertEntries,
  insertTransactionIfAbsent,
  type LedgerAccount,
  type LedgerTransaction,
  lockAccountsByIds,
  userExists,
} from './ledger.repository.js';
import {
  applyEntries,
  checkEntryAmounts,
  checkIdempotencyKey,
  checkStatementFacts,
  checkTransactionKind,
  MAX_MEMO_LENGTH,
  type PlannedEntry,
  type StatementFacts,
  sameEntries,
} from './ledger.rules.js';

/** One line of a transfer: a signed amount on an account (positive = debit, negative = credit). */
export interface TransferEntry {
  readonly account: AccountRef;
  readonly amount: Money;
}

export interface TransferInput {
  /** Why the money moves. */
  readonly kind: TransactionKind;
  /** Unique per posting, made by the caller from the event (`bounty:42:award`) or the client. */
  readonly idempotencyKey: string;
  /** At least two; they must sum to zero per currency. */
  readonly entries: readonly TransferEntry[];
  /** A note for the journal, in English; members see the facts rendered in their language instead. */
  readonly memo?: string | undefined;
  readonly metadata?: Readonly<Record<string, unknown>> | undefined;
  /** What the statement line says (`{ what: 'bounty.awarded', bountyId: 42 }`), rendered when shown. */
  readonly facts?: StatementFacts | undefined;
  /** From the caller's clock: the transaction's and entries' time. */
  readonly now: Date;
}

/** A posted transaction; `replayed` when an earlier posting with the same key and content was returned. */
export interface PostedTransaction extends LedgerTransaction {
  readonly replayed: boolean;
}

/** Debits `account` by a positive amount (raises an asset such as gateway clearing, lowers a wallet). */
export function debit(account: AccountRef, amount: Money): TransferEntry {
  return { account, amount };
}

/** Credits `account` by a positive amount (raises a wallet, escrow or revenue; lowers an asset). */
export function credit(account: AccountRef, amount: Money): TransferEntry {
  return { account, amount: negate(amount) };
}

function assertTransaction(trx: Kysely<DB>): void {
  // Locks taken outside a transaction are released at once: a posting there would not be safe.
  if (!trx.isTransaction) throw new Error('ledger postings need the caller’s transaction (trx), not db');
}

function idempotencyMismatch(): AppError {
  return new AppError(422, 'ledger.idempotency_mismatch');
}

/** The account for a key, created on first use; a key naming a member who does not exist is a 422. */
async function ensureAccount(db: Kysely<DB>, key: AccountKey): Promise<LedgerAccount> {
  const found = await findAccountByKey(db, key);
  if (found) return found;
  if (key.ownerUserId !== null && !(await userExists(db, key.ownerUserId))) {
    throw new AppError(422, 'ledger.unknown_account');
  }
  await insertAccountIfAbsent(db, key);
  const created = await findAccountByKey(db, key);
  if (!created) throw new Error(`ledger account ${key.kind}/${key.ref} vanished after insert`);
  return created;
}

/** A member's wallet in `currency`, created on first use (works on db or a transaction). */
export function walletOf(db: Kysely<DB>, userId: number, currency: Currency): Promise<LedgerAccount> {
  return ensureAccount(db, walletKey(userId, currency));
}

/** The account ids of the entries: keys are found or created, in a stable order so racing creators never deadlock. */
async function resolveAccounts(trx: Kysely<DB>, refs: readonly AccountRef[]): Promise<number[]> {
  const ids = new Map<AccountRef, number>();
  const keyed = refs.filter(isAccountKey);
  const order = (key: AccountKey) =>
    `${key.kind}\u0000${key.ownerUserId ?? ''}\u0000${key.ref}\u0000${key.currency}`;
  for (const key of [...keyed].sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0))) {
    ids.set(key, (await ensureAccount(trx, key)).id);
  }
  for (const ref of refs) {
    if (isAccountKey(ref)) continue;
    if (!Number.isSafeInteger(ref.id) || !(await findAccountById(trx, ref.id))) {
      throw new AppError(422, 'ledger.unknown_account');
    }
    ids.set(ref, ref.id);
  }
  return refs.map((ref) => ids.get(ref) as number);
}

/** The entries with account ids, without creating anything; undefined if a keyed account does not exist. */
async function plannedWithoutCreating(
  db: Kysely<DB>,
  entries: readonly TransferEntry[],
  amounts: readonly Money[],
): Promise<PlannedEntry[] | undefined> {
  const planned: PlannedEntry[] = [];
  for (const [i, entry] of entries.entries()) {
    const id = isAccountKey(entry.account)
      ? (await findAccountByKey(db, entry.account))?.id
      : entry.account.id;
    const amount = amounts[i];
    if (id === undefined || amount === undefined) return undefined;
    planned.push({ accountId: id, amount });
  }
  return planned;
}

function sameContent(
  existing: LedgerTransaction,
  kind: string,
  reverses: number | null,
  planned: readonly PlannedEntry[] | undefined,
): boolean {
  return (
    existing.kind === kind &&
    existing.reversesTransactionId === reverses &&
    planned !== undefined &&
    sameEntries(existing.entries, planned)
  );
}

/**
 * The transaction already posted under this key, if its content (kind and entries) is the same;
 * undefined if the key is unused; a 422 ledger.idempotency_mismatch if it was used for other content.
 */
export async function findReplay(
  trx: Kysely<DB>,
  input: Pick<TransferInput, 'kind' | 'idempotencyKey' | 'entries'> & { reversesTransactionId?: number },
): Promise<PostedTransaction | undefined> {
  const key = checkIdempotencyKey(input.idempotencyKey);
  const existing = await findTransactionByKey(trx, key);
  if (!existing) return undefined;
  const amounts = checkEntryAmounts(input.entries.map((entry) => entry.amount));
  const planned = await plannedWithoutCreating(trx, input.entries, amounts);
  if (!sameContent(existing, input.kind, input.reversesTransactionId ?? null, planned))
    throw idempotencyMismatch();
  return { ...existing, replayed: true };
}

/**
 * Posts a balanced transaction inside the caller's transaction: locks the accounts (by id), checks
 * currencies and funds, then writes the transaction and its entries (the database applies the
 * balances). Idempotent on `idempotencyKey`. Throws 409 wallet.insufficient_funds, 422 for bad
 * amounts, keys, accounts or a key reused with other content; nothing is written when it throws.
 */
export function postTransfer(trx: Transaction<DB>, input: TransferInput): Promise<PostedTransaction> {
  return post(trx, input, null);
}

/** postTransfer, optionally marking the posting as the reversal of another (reversals.service.ts). */
export async function post(
  trx: Transaction<DB>,
  input: TransferInput,
  reversesTransactionId: number | null,
): Promise<PostedTransaction> {
  assertTransaction(trx);
  const kind = checkTransactionKind(input.kind);
  const key = checkIdempotencyKey(input.idempotencyKey);
  const amounts = checkEntryAmounts((input.entries ?? []).map((entry) => entry.amount));
  const memo = input.memo ?? null;
  if (memo !== null && (typeof memo !== 'string' || memo.length > MAX_MEMO_LENGTH)) {
    throw new AppError(422, 'validation.too_long', { params: { max: MAX_MEMO_LENGTH } });
  }
  if (!(input.now instanceof Date) || Number.isNaN(input.now.getTime()))
    throw new TypeError('now must be a Date');
  const facts = input.facts === undefined ? null : checkStatementFacts(input.facts);

  const replayInput = { ...input, ...(reversesTransactionId === null ? {} : { reversesTransactionId }) };
  const replay = await findReplay(trx, replayInput);
  if (replay) return replay;

  const accountIds = await resolveAccounts(
    trx,
    input.entries.map((entry) => entry.account),
  );
  const planned = accountIds.map((accountId, i) => ({ accountId, amount: amounts[i] as Money }));
  const locked = await lockAccountsByIds(trx, [...new Set(accountIds)]);
  applyEntries(new Map(locked.map((account) => [account.id, account])), planned);

  const transactionId = await insertTransactionIfAbsent(trx, {
    kind,
    idempotencyKey: key,
    reversesTransactionId,
    memo,
    metadata: { ...(input.metadata ?? {}) },
    facts,
    createdAt: input.now,
  });
  if (transactionId === undefined) {
    // Someone posted this key between our look-up and our insert (and has committed by now).
    const winner = await findReplay(trx, replayInput);
    if (!winner) throw new Error(`ledger transaction ${key} conflicted but cannot be found`);
    return winner;
  }
  const entries = await insertEntries(trx, transactionId, planned, input.now);
  return {
    id: transactionId,
    kind,
    idempotencyKey: key,
    reversesTransactionId,
    memo,
    metadata: { ...(input.metadata ?? {}) },
    facts,
    createdAt: input.now,
    entries,
    replayed: false,
  };
}
