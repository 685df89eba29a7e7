import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { databaseForFile } from '../../../test/db.js';
import type { DB } from '../../platform/db/schema.js';
import { placeHold, releaseHold } from './holds.service.js';
import { gatewayClearing, walletKey } from './ledger.chart.js';
import { getMemberBalances, getTrialBalance, listWalletStatement } from './ledger.queries.js';
import { cny, insertMember, NOW, newKey, topUp, usd } from './ledger.test-support.js';
import { credit, debit, postTransfer } from './transfers.service.js';

let db: Kysely<DB>;
let payer: number;
let payee: number;
const day = 24 * 3600_000;

databaseForFile(async (database) => {
  db = database.db;
  payer = await insertMember(db);
  payee = await insertMember(db);
  // Five top-ups on five days, a USD one, then a hold released to the payee.
  for (let i = 0; i < 5; i++) {
    await db.transaction().execute((trx) =>
      postTransfer(trx, {
        kind: 'topup',
        idempotencyKey: newKey(),
        entries: [
          debit(gatewayClearing('dev', 'CNY'), cny(1000 * (i + 1))),
          credit(walletKey(payer, 'CNY'), cny(1000 * (i + 1))),
        ],
        memo: `top-up ${i + 1}`,
        now: new Date(NOW.getTime() + i * day),
      }),
    );
  }
  await topUp(db, payer, usd(500));
  await db.transaction().execute(async (trx) => {
    const { hold } = await placeHold(trx, {
      payerUserId: payer,
      amount: cny(2000),
      product: { kind: 'bounty', ref: 'q1' },
      idempotencyKey: newKey(),
      now: new Date(NOW.getTime() + 5 * day),
    });
    await releaseHold(trx, hold.id, {
      payeeUserId: payee,
      idempotencyKey: newKey(),
      now: new Date(NOW.getTime() + 6 * day),
    });
  });
  await db.transaction().execute((trx) =>
    placeHold(trx, {
      payerUserId: payer,
      amount: cny(300),
      product: { kind: 'consultation', ref: 'c1' },
      idempotencyKey: newKey(),
      now: new Date(NOW.getTime() + 7 * day),
    }),
  );
});

describe('getMemberBalances', () => {
  test('available per currency in wallets, and what is held in escrow', async () => {
    assert.deepEqual(await getMemberBalances(db, payer), {
      balances: [cny(15_000 - 2000 - 300), usd(500)],
      held: [cny(300)],
    });
    assert.deepEqual(await getMemberBalances(db, payee), { balances: [cny(1800)], held: [] });
    assert.deepEqual(await getMemberBalances(db, 987_654_321), { balances: [], held: [] });
  });
});

describe('listWalletStatement', () => {
  test('newest first, from the member’s side (money in is positive), with balance after', async () => {
    const page = await listWalletStatement(db, { userId: payer, currency: 'CNY' });
    assert.equal(page.total, 7);
    assert.deepEqual(
      page.items.map((line) => [line.kind, line.amount.amountMinor, line.balanceAfter.amountMinor]),
      [
        ['hold', -300, 12_700],
        ['hold', -2000, 13_000],
        ['topup', 5000, 15_000],
        ['topup', 4000, 10_000],
        ['topup', 3000, 6000],
        ['topup', 2000, 3000],
        ['topup', 1000, 1000],
      ],
    );
    assert.equal(page.items[2]?.memo, 'top-up 5');
  });

  test('pages', async () => {
    const second = await listWalletStatement(db, { userId: payer, currency: 'CNY', page: 2, pageSize: 3 });
    assert.deepEqual([second.total, second.page, second.pageSize, second.items.length], [7, 2, 3, 3]);
    assert.deepEqual(
      second.items.map((l) => l.amount.amountMinor),
      [4000, 3000, 2000],
    );
    const clamped = await listWalletStatement(db, { userId: payer, page: 0, pageSize: 1000 });
    assert.deepEqual([clamped.page, clamped.pageSize], [1, 100]);
  });

  test('filters by kind, currency and time', async () => {
    const holds = await listWalletStatement(db, { userId: payer, kinds: ['hold'] });
    assert.equal(holds.total, 2);
    const dollars = await listWalletStatement(db, { userId: payer, currency: 'USD' });
    assert.deepEqual(
      dollars.items.map((l) => l.amount),
      [usd(500)],
    );
    const window = await listWalletStatement(db, {
      userId: payer,
      kinds: ['topup'],
      currency: 'CNY',
      from: new Date(NOW.getTime() + day),
      to: new Date(NOW.getTime() + 3 * day),
    });
    assert.deepEqual(
      window.items.map((l) => l.amount.amountMinor),
      [3000, 2000],
    );
  });

  test('the payee sees the release net of commission', async () => {
    const page = await listWalletStatement(db, { userId: payee });
    assert.deepEqual(
      page.items.map((l) => [l.kind, l.amount.amountMinor]),
      [['release', 1800]],
    );
  });
});

describe('getTrialBalance', () => {
  test('debits equal credits per currency', async () => {
    const trial = await getTrialBalance(db);
    assert.equal(trial.balanced, true);
    assert.deepEqual(
      trial.totals.map((t) => [t.currency, t.debits.amountMinor === t.credits.amountMinor]),
      [
        ['CNY', true],
        ['USD', true],
      ],
    );
    // Top-ups 15 000 + hold 2000 + release 2000 + hold 300 (each debited once).
    assert.deepEqual(trial.totals[0]?.debits, cny(15_000 + 2000 + 2000 + 300));
  });
});
