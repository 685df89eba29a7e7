import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { databaseForFile } from '../../../test/db.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/http/errors.js';
import { type Money, split } from '../../platform/money.js';
import { DEFAULT_COMMISSION_RATES } from './commission.rules.js';
import {
  expireHold,
  type PlaceHoldInput,
  placeHold,
  type ReleaseHoldOptions,
  type ReleasePartiallyOptions,
  refundHold,
  releaseHold,
  releaseHoldPartially,
} from './holds.service.js';
import { platformRevenue } from './ledger.chart.js';
import { getMemberBalances } from './ledger.queries.js';
import { findAccountByKey } from './ledger.repository.js';
import {
  assertBooksBalance,
  cny,
  countRows,
  insertMember,
  NOW,
  newKey,
  topUp,
  usd,
  walletBalance,
} from './ledger.test-support.js';

let db: Kysely<DB>;
databaseForFile((database) => {
  db = database.db;
});
afterEach(() => assertBooksBalance(db));

const place = (input: Partial<PlaceHoldInput> & { payerUserId: number }) =>
  db.transaction().execute((trx) =>
    placeHold(trx, {
      amount: cny(1000),
      product: { kind: 'bounty', ref: 'q42' },
      idempotencyKey: newKey('hold'),
      now: NOW,
      ...input,
    }),
  );
const release = (holdId: number, options: Partial<ReleaseHoldOptions> & { payeeUserId: number }) =>
  db
    .transaction()
    .execute((trx) => releaseHold(trx, holdId, { idempotencyKey: newKey('release'), now: NOW, ...options }));
const releasePartially = (
  holdId: number,
  options: Partial<ReleasePartiallyOptions> & Pick<ReleasePartiallyOptions, 'payeeUserId' | 'payeeAmount'>,
) =>
  db
    .transaction()
    .execute((trx) =>
      releaseHoldPartially(trx, holdId, { idempotencyKey: newKey('partial'), now: NOW, ...options }),
    );
const refund = (holdId: number, idempotencyKey = newKey('refund'), now = NOW) =>
  db.transaction().execute((trx) => refundHold(trx, holdId, { idempotencyKey, now }));

async function refusedWith(work: Promise<unknown>, status: number, code: string): Promise<void> {
  await assert.rejects(work, (error: unknown) => {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.deepEqual([error.status, error.code], [status, code]);
    return true;
  });
}

async function revenue(): Promise<number> {
  return (await findAccountByKey(db, platformRevenue('CNY')))?.balance.amountMinor ?? 0;
}

/** A payer with `funds` in their wallet and a payee with nothing. */
async function parties(funds = 5000): Promise<{ payer: number; payee: number }> {
  const payer = await insertMember(db);
  const payee = await insertMember(db);
  await topUp(db, payer, cny(funds));
  return { payer, payee };
}

describe('placeHold', () => {
  test('moves the amount from the wallet into the hold’s own escrow', async () => {
    const { payer } = await parties();
    const { hold, transaction } = await place({ payerUserId: payer, amount: cny(1234) });
    assert.equal(hold.state, 'held');
    assert.deepEqual(hold.amount, cny(1234));
    assert.deepEqual(hold.product, { kind: 'bounty', ref: 'q42' });
    assert.equal(hold.placedTransactionId, transaction.id);
    assert.equal(transaction.kind, 'hold');
    assert.equal(await walletBalance(db, payer, 'CNY'), 5000 - 1234);
    assert.deepEqual(await getMemberBalances(db, payer), { balances: [cny(3766)], held: [cny(1234)] });
  });

  test('is idempotent: the same key returns the same hold; another amount with it is a 422', async () => {
    const { payer } = await parties();
    const first = await place({ payerUserId: payer, idempotencyKey: 'hold:once' });
    const again = await place({ payerUserId: payer, idempotencyKey: 'hold:once' });
    assert.equal(again.hold.id, first.hold.id);
    assert.equal(again.transaction.replayed, true);
    await refusedWith(
      place({ payerUserId: payer, idempotencyKey: 'hold:once', amount: cny(999) }),
      422,
      'ledger.idempotency_mismatch',
    );
    assert.equal(await walletBalance(db, payer, 'CNY'), 4000);
  });

  test('racing repeats of one key place one hold', async () => {
    const { payer } = await parties();
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => place({ payerUserId: payer, idempotencyKey: 'hold:race' })),
    );
    assert.equal(new Set(outcomes.map((o) => o.hold.id)).size, 1);
    assert.equal(await walletBalance(db, payer, 'CNY'), 4000);
  });

  test('more than the wallet holds is a 409 and places nothing', async () => {
    const { payer } = await parties(999);
    const holds = await countRows(db, 'ledger_holds');
    await refusedWith(place({ payerUserId: payer, amount: cny(1000) }), 409, 'wallet.insufficient_funds');
    assert.equal(await countRows(db, 'ledger_holds'), holds);
    assert.equal(await walletBalance(db, payer, 'CNY'), 999);
  });

  const bad: Array<[string, unknown, string]> = [
    ['negative', -100, 'money.negative'],
    ['zero', 0, 'money.not_positive'],
    ['fractional', 10.5, 'money.invalid_amount'],
    ['unsafe', 2 ** 60, 'money.invalid_amount'],
    ['NaN', Number.NaN, 'money.invalid_amount'],
    ['huge', 10 ** 13, 'money.too_large'],
  ];
  for (const [what, amountMinor, code] of bad) {
    test(`a ${what} amount is a 422 ${code}`, async () => {
      const { payer } = await parties();
      await refusedWith(
        place({ payerUserId: payer, amount: { amountMinor, currency: 'CNY' } as Money }),
        422,
        code,
      );
      assert.equal(await walletBalance(db, payer, 'CNY'), 5000);
    });
  }

  test('a wallet in another currency does not pay for it', async () => {
    const { payer } = await parties();
    await refusedWith(place({ payerUserId: payer, amount: usd(1) }), 409, 'wallet.insufficient_funds');
  });
});

describe('releaseHold', () => {
  test('pays the payee less the commission; the platform gets the fee; the parts add up exactly', async () => {
    const { payer, payee } = await parties();
    const before = await revenue();
    const { hold } = await place({ payerUserId: payer, amount: cny(3333) });
    const released = await release(hold.id, { payeeUserId: payee });
    assert.equal(released.hold.state, 'released');
    assert.equal(released.hold.payeeUserId, payee);
    assert.deepEqual(
      [released.hold.released, released.hold.fee, released.hold.refunded],
      [cny(3333), cny(333), cny(0)],
    );
    assert.equal(released.transaction.kind, 'release');
    assert.equal(await walletBalance(db, payee, 'CNY'), 3000);
    assert.equal((await revenue()) - before, 333);
    assert.deepEqual(await getMemberBalances(db, payer), { balances: [cny(5000 - 3333)], held: [] });
  });

  test('takes the rate for the product kind, or an explicit one; a 100 % fee pays the payee nothing', async () => {
    const { payer, payee } = await parties();
    const course = await place({ payerUserId: payer, product: { kind: 'course', ref: 'c1' } });
    await release(course.hold.id, {
      payeeUserId: payee,
      rates: { ...DEFAULT_COMMISSION_RATES, course: 3000 },
    });
    assert.equal(await walletBalance(db, payee, 'CNY'), 700);
    const free = await place({ payerUserId: payer });
    await release(free.hold.id, { payeeUserId: payee, feeBasisPoints: 0 });
    assert.equal(await walletBalance(db, payee, 'CNY'), 1700);
    const all = await place({ payerUserId: payer });
    const { transaction } = await release(all.hold.id, { payeeUserId: payee, feeBasisPoints: 10_000 });
    assert.equal(transaction.entries.length, 2);
    assert.equal(await walletBalance(db, payee, 'CNY'), 1700);
  });

  test('a repeat with the same key returns the first release; another key is a 409', async () => {
    const { payer, payee } = await parties();
    const { hold } = await place({ payerUserId: payer });
    const first = await release(hold.id, { payeeUserId: payee, idempotencyKey: 'release:once' });
    const again = await release(hold.id, { payeeUserId: payee, idempotencyKey: 'release:once' });
    assert.equal(again.transaction.id, first.transaction.id);
    assert.equal(again.transaction.replayed, true);
    await refusedWith(release(hold.id, { payeeUserId: payee }), 409, 'hold.already_released');
    assert.equal(await walletBalance(db, payee, 'CNY'), 900);
  });

  test('a released hold cannot be refunded, and nothing moves', async () => {
    const { payer, payee } = await parties();
    const { hold } = await place({ payerUserId: payer });
    await release(hold.id, { payeeUserId: payee });
    const entries = await countRows(db, 'ledger_entries');
    await refusedWith(refund(hold.id), 409, 'hold.already_released');
    assert.equal(await countRows(db, 'ledger_entries'), entries);
    assert.equal(await walletBalance(db, payer, 'CNY'), 4000);
  });

  test('an unknown hold is a 404; an unknown payee a 422', async () => {
    const { payer } = await parties();
    await refusedWith(release(987_654, { payeeUserId: payer }), 404, 'hold.not_found');
    const { hold } = await place({ payerUserId: payer });
    await refusedWith(release(hold.id, { payeeUserId: 987_654_321 }), 422, 'ledger.unknown_account');
  });
});

describe('refundHold', () => {
  test('returns everything to the payer; it cannot then be released', async () => {
    const { payer, payee } = await parties();
    const { hold } = await place({ payerUserId: payer, amount: cny(2500) });
    const refunded = await refund(hold.id);
    assert.equal(refunded.hold.state, 'refunded');
    assert.deepEqual(refunded.hold.refunded, cny(2500));
    assert.equal(await walletBalance(db, payer, 'CNY'), 5000);
    await refusedWith(release(hold.id, { payeeUserId: payee }), 409, 'hold.already_refunded');
    await refusedWith(refund(hold.id), 409, 'hold.already_refunded');
  });
});

describe('releaseHoldPartially', () => {
  test('a bounty’s automatic half award: half to the payee less fee, the rest back to the payer', async () => {
    const { payer, payee } = await parties();
    const { hold } = await place({ payerUserId: payer, amount: cny(1001) });
    const half = split(hold.amount, { payee: 1, payer: 1 }, 'payer').payee;
    const outcome = await releasePartially(hold.id, { payeeUserId: payee, payeeAmount: half });
    assert.equal(outcome.hold.state, 'partially_released');
    assert.deepEqual(
      [outcome.hold.released, outcome.hold.fee, outcome.hold.refunded],
      [cny(500), cny(50), cny(501)],
    );
    assert.equal(outcome.transaction.kind, 'partial_release');
    assert.equal(await walletBalance(db, payee, 'CNY'), 450);
    assert.equal(await walletBalance(db, payer, 'CNY'), 5000 - 1001 + 501);
    await refusedWith(refund(hold.id), 409, 'hold.already_released');
  });

  test('the payee’s part must be more than zero, less than the hold, in its currency', async () => {
    const { payer, payee } = await parties();
    const { hold } = await place({ payerUserId: payer });
    await refusedWith(
      releasePartially(hold.id, { payeeUserId: payee, payeeAmount: cny(0) }),
      422,
      'money.not_positive',
    );
    await refusedWith(
      releasePartially(hold.id, { payeeUserId: payee, payeeAmount: cny(1000) }),
      422,
      'hold.partial_amount_invalid',
    );
    await refusedWith(
      releasePartially(hold.id, { payeeUserId: payee, payeeAmount: usd(10) }),
      422,
      'money.currency_mismatch',
    );
    assert.equal((await refund(hold.id)).hold.state, 'refunded');
  });
});

describe('expiry', () => {
  test('a hold with expiresAt: not expirable before, refundable by expireHold after, not releasable after', async () => {
    const { payer, payee } = await parties();
    const expiresAt = new Date(NOW.getTime() + 3600_000);
    const later = new Date(expiresAt.getTime() + 1);
    const { hold } = await place({ payerUserId: payer, expiresAt });
    const expire = (now: Date) =>
      db.transaction().execute((trx) => expireHold(trx, hold.id, { idempotencyKey: newKey('expire'), now }));
    await refusedWith(expire(NOW), 409, 'hold.not_expired');
    await refusedWith(release(hold.id, { payeeUserId: payee, now: later }), 409, 'hold.expired');
    const expired = await expire(later);
    assert.equal(expired.hold.state, 'expired');
    assert.deepEqual(expired.hold.resolvedAt, later);
    assert.equal(await walletBalance(db, payer, 'CNY'), 5000);
    await refusedWith(refund(hold.id, newKey(), later), 409, 'hold.already_expired');
  });
});
