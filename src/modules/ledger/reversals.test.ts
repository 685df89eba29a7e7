import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { databaseForFile } from '../../../test/db.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/http/errors.js';
import { placeHold } from './holds.service.js';
import { walletKey } from './ledger.chart.js';
import {
  assertBooksBalance,
  cny,
  insertMember,
  NOW,
  newKey,
  topUp,
  walletBalance,
} from './ledger.test-support.js';
import { reverseTransaction } from './reversals.service.js';
import { credit, debit, postTransfer } from './transfers.service.js';

let db: Kysely<DB>;
databaseForFile((database) => {
  db = database.db;
});
afterEach(() => assertBooksBalance(db));

const reverse = (transactionId: number, idempotencyKey = newKey('reverse')) =>
  db
    .transaction()
    .execute((trx) => reverseTransaction(trx, transactionId, { idempotencyKey, now: NOW, memo: 'mistake' }));

async function refusedWith(work: Promise<unknown>, status: number, code: string): Promise<void> {
  await assert.rejects(work, (error: unknown) => {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.deepEqual([error.status, error.code], [status, code]);
    return true;
  });
}

describe('reverseTransaction', () => {
  test('posts the mirror image of a transaction, pointing back at it', async () => {
    const member = await insertMember(db);
    const topup = await topUp(db, member, cny(800));
    const reversal = await reverse(topup.id);
    assert.equal(reversal.kind, 'reversal');
    assert.equal(reversal.reversesTransactionId, topup.id);
    assert.equal(reversal.memo, 'mistake');
    assert.deepEqual(
      reversal.entries.map((e) => [e.accountId, e.amount.amountMinor]),
      topup.entries.map((e) => [e.accountId, -e.amount.amountMinor]),
    );
    assert.equal(await walletBalance(db, member, 'CNY'), 0);
  });

  test('reverses a transaction once: a repeat of the key returns it, another key is a 409', async () => {
    const member = await insertMember(db);
    const topup = await topUp(db, member, cny(800));
    const first = await reverse(topup.id, 'reverse:once');
    const again = await reverse(topup.id, 'reverse:once');
    assert.equal(again.id, first.id);
    assert.equal(again.replayed, true);
    await refusedWith(reverse(topup.id), 409, 'ledger.already_reversed');
    assert.equal(await walletBalance(db, member, 'CNY'), 0);
  });

  test('racing reversals of one transaction: one wins, the others get ledger.already_reversed', async () => {
    const member = await insertMember(db);
    const topup = await topUp(db, member, cny(800));
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => reverse(topup.id)));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) {
      if (r.status === 'rejected') assert.equal((r.reason as AppError).code, 'ledger.already_reversed');
    }
    assert.equal(await walletBalance(db, member, 'CNY'), 0);
  });

  test('a reversal that would overdraw a wallet is a 409 and posts nothing', async () => {
    const [a, b] = [await insertMember(db), await insertMember(db)];
    const topup = await topUp(db, a, cny(800));
    await db.transaction().execute((trx) =>
      postTransfer(trx, {
        kind: 'adjustment',
        idempotencyKey: newKey(),
        entries: [debit(walletKey(a, 'CNY'), cny(500)), credit(walletKey(b, 'CNY'), cny(500))],
        now: NOW,
      }),
    );
    await refusedWith(reverse(topup.id), 409, 'wallet.insufficient_funds');
    assert.equal(await walletBalance(db, a, 'CNY'), 300);
  });

  test('hold transactions are settled, not reversed; unknown ones are a 404', async () => {
    const member = await insertMember(db);
    await topUp(db, member, cny(800));
    const { transaction } = await db.transaction().execute((trx) =>
      placeHold(trx, {
        payerUserId: member,
        amount: cny(100),
        product: { kind: 'paid_question', ref: 'p1' },
        idempotencyKey: newKey(),
        now: NOW,
      }),
    );
    await refusedWith(reverse(transaction.id), 409, 'ledger.not_reversible');
    await refusedWith(reverse(987_654_321), 404, 'ledger.transaction_not_found');
  });

  test('the same key used for another posting is a 422', async () => {
    const member = await insertMember(db);
    const first = await topUp(db, member, cny(100));
    const second = await topUp(db, member, cny(200));
    await reverse(first.id, 'reverse:shared');
    await refusedWith(reverse(second.id, 'reverse:shared'), 422, 'ledger.idempotency_mismatch');
  });
});
