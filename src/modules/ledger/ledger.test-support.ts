import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { type Currency, type Money, money } from '../../platform/money.js';
import { gatewayClearing, walletKey } from './ledger.chart.js';
import { checkLedgerIntegrity } from './ledger.integrity.js';
import { getTrialBalance } from './ledger.queries.js';
import { findAccountByKey } from './ledger.repository.js';
import { credit, debit, type PostedTransaction, postTransfer } from './transfers.service.js';

/** Factories for the ledger's tests: members, top-ups, balances. */

/** A fixed instant for postings that do not care about time. */
export const NOW = new Date('2026-01-15T10:00:00Z');

/** A fresh idempotency key. */
export function newKey(prefix = 'test'): string {
  return `${prefix}:${randomBytes(8).toString('hex')}`;
}

/** Inserts a member straight into `users` (no password hashing: tests of money need no sign-in). */
export async function insertMember(
  db: Kysely<DB>,
  name = `m${randomBytes(5).toString('hex')}`,
): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({
      username: name,
      username_key: name,
      email: `${name}@example.com`,
      email_key: `${name}@example.com`,
      display_name: name,
      password_hash: 'x',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Credits a wallet as a dev-gateway top-up would: gateway clearing (asset) ↑, wallet (liability) ↑.
 * At `NOW` with a fresh key and no memo unless told.
 */
export function topUp(
  db: Kysely<DB>,
  userId: number,
  amount: Money,
  options: { idempotencyKey?: string; memo?: string; now?: Date } = {},
): Promise<PostedTransaction> {
  const clearing = gatewayClearing('dev', amount.currency);
  return db.transaction().execute((trx) =>
    postTransfer(trx, {
      kind: 'topup',
      idempotencyKey: options.idempotencyKey ?? newKey('topup'),
      entries: [debit(clearing, amount), credit(walletKey(userId, amount.currency), amount)],
      memo: options.memo,
      now: options.now ?? NOW,
    }),
  );
}

/** A wallet's balance in minor units (0 if it does not exist yet). */
export async function walletBalance(db: Kysely<DB>, userId: number, currency: Currency): Promise<number> {
  return (await findAccountByKey(db, walletKey(userId, currency)))?.balance.amountMinor ?? 0;
}

/** Shorthand for CNY amounts in tests. */
export function cny(amountMinor: number): Money {
  return money(amountMinor, 'CNY');
}

/** Shorthand for USD amounts in tests. */
export function usd(amountMinor: number): Money {
  return money(amountMinor, 'USD');
}

/** Counts rows of a ledger table (to show that nothing was written). */
export async function countRows(
  db: Kysely<DB>,
  table: 'ledger_transactions' | 'ledger_entries' | 'ledger_holds',
): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The books after money moved: the trial balance balances in every currency and the ledger is intact. */
export async function assertBooksBalance(db: Kysely<DB>): Promise<void> {
  const trial = await getTrialBalance(db);
  assert.equal(trial.balanced, true, JSON.stringify(trial));
  for (const line of trial.totals) assert.equal(line.debits.amountMinor, line.credits.amountMinor);
  assert.deepEqual(await checkLedgerIntegrity(db), []);
}
