// What the database itself guarantees, shown with raw SQL that bypasses postTransfer. Runs on
// PGlite, and on PostgreSQL when DATABASE_URL is set.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Kysely, sql, type Transaction } from 'kysely';
import { databaseForFile } from '../../../test/db.js';
import type { DB } from '../../platform/db/schema.js';
import { placeHold } from './holds.service.js';
import { checkLedgerIntegrity } from './ledger.integrity.js';
import { cny, insertMember, topUp, walletBalance } from './ledger.test-support.js';

let db: Kysely<DB>;
let member: number;
let walletId: number;
let clearingId: number;

/** The SQLSTATE and message of a database error (pg and PGlite both put the state in `code`). */
async function dbFailure(work: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await work;
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return { code: String(code), message: String(message) };
  }
  assert.fail('expected the database to refuse');
}

async function rawTransaction(trx: Kysely<DB>, key: string): Promise<number> {
  const { rows } = await sql<{ id: number }>`
    insert into ledger_transactions (kind, idempotency_key) values ('adjustment', ${key}) returning id`.execute(
    trx,
  );
  return rows[0]?.id as number;
}

async function rawEntry(
  trx: Kysely<DB>,
  transactionId: number,
  accountId: number,
  amount: number,
  currency = 'CNY',
) {
  await sql`insert into ledger_entries (transaction_id, account_id, amount_minor, currency)
            values (${transactionId}, ${accountId}, ${amount}, ${currency})`.execute(trx);
}

databaseForFile(async (database) => {
  db = database.db;
  member = await insertMember(db);
  const topup = await topUp(db, member, cny(10_000));
  walletId = topup.entries.find((e) => e.amount.amountMinor < 0)?.accountId as number;
  clearingId = topup.entries.find((e) => e.amount.amountMinor > 0)?.accountId as number;
});

describe('zero-sum, checked at commit', () => {
  test('an unbalanced transaction fails to commit and leaves nothing behind', async () => {
    const failure = await dbFailure(
      db.transaction().execute(async (trx) => {
        const id = await rawTransaction(trx, 'raw:unbalanced');
        await rawEntry(trx, id, clearingId, 500);
        await rawEntry(trx, id, walletId, -400);
      }),
    );
    assert.equal(failure.code, '23514');
    assert.match(failure.message, /does not balance in CNY: its entries sum to 100/);
    const found = await db
      .selectFrom('ledger_transactions')
      .where('idempotency_key', '=', 'raw:unbalanced')
      .execute();
    assert.equal(found.length, 0);
    assert.equal(await walletBalance(db, member, 'CNY'), 10_000);
  });

  test('balanced per currency, not overall: +CNY −USD is refused', async () => {
    const usdWallet = (await topUp(db, member, { amountMinor: 100, currency: 'USD' })).entries.find(
      (e) => e.amount.amountMinor < 0,
    )?.accountId as number;
    const failure = await dbFailure(
      db.transaction().execute(async (trx) => {
        const id = await rawTransaction(trx, 'raw:mixed');
        await rawEntry(trx, id, walletId, 100);
        await rawEntry(trx, id, usdWallet, -100, 'USD');
      }),
    );
    assert.equal(failure.code, '23514');
    assert.match(failure.message, /does not balance/);
  });

  test('the check is deferred: entries may arrive in several statements before the commit', async () => {
    await db.transaction().execute(async (trx) => {
      const id = await rawTransaction(trx, 'raw:balanced');
      await rawEntry(trx, id, clearingId, 250);
      await rawEntry(trx, id, walletId, -250);
    });
    assert.equal(await walletBalance(db, member, 'CNY'), 10_250);
    assert.deepEqual(await checkLedgerIntegrity(db), []);
  });

  test('a transaction without entries (or with one) fails to commit', async () => {
    const none = await dbFailure(db.transaction().execute((trx) => rawTransaction(trx, 'raw:empty')));
    assert.equal(none.code, '23514');
    assert.match(none.message, /fewer than two entries/);
  });
});

describe('balances follow entries and nothing else', () => {
  test('the entry trigger applies the amount on the normal side and records balance_after', async () => {
    const rows = await db
      .selectFrom('ledger_entries')
      .select(['account_id', 'amount_minor', 'balance_after_minor'])
      .where('account_id', '=', walletId)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      rows.map((r) => [r.amount_minor, r.balance_after_minor]),
      [
        [-10_000, 10_000],
        [-250, 10_250],
      ],
    );
  });

  test('a direct UPDATE of a balance is refused', async () => {
    const failure = await dbFailure(
      sql`update ledger_accounts set balance_minor = 1000000 where id = ${walletId}`.execute(db),
    );
    assert.equal(failure.code, '23001');
    assert.match(failure.message, /balances change only by inserting ledger_entries/);
  });

  test('an account cannot be deleted', async () => {
    const failure = await dbFailure(sql`delete from ledger_accounts where id = ${walletId}`.execute(db));
    assert.equal(failure.code, '23001');
  });

  test('a wallet cannot go below zero, even through raw entries', async () => {
    const failure = await dbFailure(
      db.transaction().execute(async (trx) => {
        const id = await rawTransaction(trx, 'raw:overdraw');
        await rawEntry(trx, id, walletId, 1_000_000);
        await rawEntry(trx, id, clearingId, -1_000_000);
      }),
    );
    assert.equal(failure.code, '23514');
    assert.match(failure.message, /ledger_accounts_not_negative/);
    assert.equal(await walletBalance(db, member, 'CNY'), 10_250);
  });

  test('an entry must be in its account’s currency', async () => {
    const failure = await dbFailure(
      db.transaction().execute(async (trx) => {
        const id = await rawTransaction(trx, 'raw:currency');
        await rawEntry(trx, id, walletId, 100, 'USD');
        await rawEntry(trx, id, clearingId, -100, 'USD');
      }),
    );
    assert.equal(failure.code, '23503');
  });

  test('a zero entry is refused', async () => {
    const failure = await dbFailure(
      db.transaction().execute(async (trx) => {
        const id = await rawTransaction(trx, 'raw:zero');
        await rawEntry(trx, id, walletId, 0);
      }),
    );
    assert.equal(failure.code, '23514');
  });
});

describe('the journal is append-only', () => {
  for (const table of ['ledger_entries', 'ledger_transactions'] as const) {
    test(`UPDATE, DELETE and TRUNCATE of ${table} are refused`, async () => {
      const column =
        table === 'ledger_entries' ? sql`amount_minor = amount_minor * 2` : sql`memo = 'changed'`;
      const update = await dbFailure(sql`update ${sql.table(table)} set ${column}`.execute(db));
      assert.equal(update.code, '23001');
      assert.match(update.message, new RegExp(`${table} is append-only: UPDATE refused`));
      const remove = await dbFailure(sql`delete from ${sql.table(table)}`.execute(db));
      assert.match(remove.message, new RegExp(`${table} is append-only: DELETE refused`));
      const truncate = await dbFailure(sql`truncate ${sql.table(table)} cascade`.execute(db));
      assert.match(truncate.message, /append-only: TRUNCATE refused/);
    });
  }

  test('after all those attempts the ledger is intact', async () => {
    assert.deepEqual(await checkLedgerIntegrity(db), []);
    assert.equal(await walletBalance(db, member, 'CNY'), 10_250);
  });
});

describe('checkLedgerIntegrity', () => {
  /** Runs `damage` and the check inside a transaction that is then rolled back. */
  async function problemsAfter(damage: (trx: Transaction<DB>) => Promise<void>) {
    let found: Awaited<ReturnType<typeof checkLedgerIntegrity>> = [];
    const rollback = new Error('roll back');
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await damage(trx);
        found = await checkLedgerIntegrity(trx);
        throw rollback;
      }),
      rollback,
    );
    return found;
  }

  test('reports a balance that drifted from its entries (only possible with the guard switched off)', async () => {
    const problems = await problemsAfter(async (trx) => {
      await sql`alter table ledger_accounts disable trigger ledger_accounts_guard`.execute(trx);
      await sql`update ledger_accounts set balance_minor = balance_minor + 1 where id = ${walletId}`.execute(
        trx,
      );
    });
    assert.deepEqual(problems, [
      { kind: 'balance_drift', accountId: walletId, balanceMinor: 10_251, fromEntriesMinor: 10_250 },
    ]);
  });

  test('reports a hold whose state disagrees with its escrow', async () => {
    const problems = await problemsAfter(async (trx) => {
      const { hold } = await placeHold(trx, {
        payerUserId: member,
        amount: cny(100),
        product: { kind: 'bounty', ref: 'q1' },
        idempotencyKey: 'raw:hold',
        now: new Date(),
      });
      await sql`update ledger_holds set state = 'refunded', refunded_minor = amount_minor,
                resolved_at = now(), resolved_transaction_id = placed_transaction_id where id = ${hold.id}`.execute(
        trx,
      );
    });
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.kind, 'hold_escrow_mismatch');
  });

  test('finds nothing on the healthy ledger afterwards', async () => {
    assert.deepEqual(await checkLedgerIntegrity(db), []);
  });
});
