// Races that only PostgreSQL runs truly in parallel (set DATABASE_URL); on PGlite the same
// transactions run one at a time, and the outcome must be the same.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { type Database, IN_MEMORY, openDatabase } from '../../platform/db/index.js';
import { AppError } from '../../platform/http/errors.js';
import { placeHold } from './holds.service.js';
import { walletKey } from './ledger.chart.js';
import { checkLedgerIntegrity } from './ledger.integrity.js';
import { getMemberBalances } from './ledger.queries.js';
import { cny, insertMember, NOW, topUp, walletBalance } from './ledger.test-support.js';
import { credit, debit, postTransfer } from './transfers.service.js';

const SPENDS = 100;

let database: TestDatabase;
/** A handle with a pool big enough for real parallelism (createTestDatabase's has 5). */
let wide: Database;

before(async () => {
  database = await createTestDatabase();
  wide = database.url
    ? await openDatabase({ databaseUrl: database.url, dataDir: IN_MEMORY, poolSize: 20 })
    : database;
});
after(async () => {
  if (wide !== database) await wide.close();
  await database.close();
});

/** Splits settled results into successes and the error codes of the failures (anything else is rethrown). */
function outcomes(results: PromiseSettledResult<unknown>[]): { ok: number; codes: string[] } {
  const codes = results.flatMap((r) => {
    if (r.status === 'fulfilled') return [];
    if (r.reason instanceof AppError) return [r.reason.code];
    throw r.reason;
  });
  return { ok: results.length - codes.length, codes };
}

describe('a wallet never goes below zero under concurrency', () => {
  test(`${SPENDS} concurrent spends of 1.00 from 50.00: exactly 50 succeed, balance 0.00`, async () => {
    const [payer, payee] = [await insertMember(database.db), await insertMember(database.db)];
    await topUp(database.db, payer, cny(5000));
    // The payee's wallet does not exist yet: the racers also race to create it.
    const results = await Promise.allSettled(
      Array.from({ length: SPENDS }, (_, i) =>
        wide.db.transaction().execute((trx) =>
          postTransfer(trx, {
            kind: 'adjustment',
            idempotencyKey: `spend:${payer}:${i}`,
            entries: [debit(walletKey(payer, 'CNY'), cny(100)), credit(walletKey(payee, 'CNY'), cny(100))],
            now: NOW,
          }),
        ),
      ),
    );
    const { ok, codes } = outcomes(results);
    assert.equal(ok, 50);
    assert.deepEqual(codes, Array(50).fill('wallet.insufficient_funds'));
    assert.equal(await walletBalance(database.db, payer, 'CNY'), 0);
    assert.equal(await walletBalance(database.db, payee, 'CNY'), 5000);
    assert.deepEqual(await checkLedgerIntegrity(database.db), []);
  });

  test(`${SPENDS} concurrent holds of 1.00 from 50.00: exactly 50 holds, nothing left, 50.00 held`, async () => {
    const payer = await insertMember(database.db);
    await topUp(database.db, payer, cny(5000));
    const results = await Promise.allSettled(
      Array.from({ length: SPENDS }, (_, i) =>
        wide.db.transaction().execute((trx) =>
          placeHold(trx, {
            payerUserId: payer,
            amount: cny(100),
            product: { kind: 'unlock', ref: `a${i}` },
            idempotencyKey: `hold:${payer}:${i}`,
            now: NOW,
          }),
        ),
      ),
    );
    const { ok, codes } = outcomes(results);
    assert.equal(ok, 50);
    assert.deepEqual(codes, Array(50).fill('wallet.insufficient_funds'));
    assert.deepEqual(await getMemberBalances(database.db, payer), { balances: [cny(0)], held: [cny(5000)] });
    assert.deepEqual(await checkLedgerIntegrity(database.db), []);
  });

  test('crossing transfers (A→B and B→A at once) never deadlock and conserve money', async () => {
    const [a, b] = [await insertMember(database.db), await insertMember(database.db)];
    await topUp(database.db, a, cny(1000));
    await topUp(database.db, b, cny(1000));
    const transfer = (from: number, to: number, key: string) =>
      wide.db.transaction().execute((trx) =>
        postTransfer(trx, {
          kind: 'adjustment',
          idempotencyKey: key,
          entries: [debit(walletKey(from, 'CNY'), cny(10)), credit(walletKey(to, 'CNY'), cny(10))],
          now: NOW,
        }),
      );
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) =>
        i % 2 ? transfer(a, b, `x:${a}:${i}`) : transfer(b, a, `x:${b}:${i}`),
      ),
    );
    assert.deepEqual(outcomes(results), { ok: 60, codes: [] });
    assert.equal(
      (await walletBalance(database.db, a, 'CNY')) + (await walletBalance(database.db, b, 'CNY')),
      2000,
    );
    assert.deepEqual(await checkLedgerIntegrity(database.db), []);
  });
});
