import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { databaseForFile } from '../../../test/db.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/http/errors.js';
import type { Money } from '../../platform/money.js';
import { gatewayClearing, payoutsPayable, platformRevenue, walletKey } from './ledger.chart.js';
import { checkLedgerIntegrity } from './ledger.integrity.js';
import { getTrialBalance } from './ledger.queries.js';
import {
  cny,
  countRows,
  insertMember,
  NOW,
  newKey,
  topUp,
  usd,
  walletBalance,
} from './ledger.test-support.js';
import { credit, debit, postTransfer, type TransferInput, walletOf } from './transfers.service.js';

let db: Kysely<DB>;
databaseForFile((database) => {
  db = database.db;
});

function post(input: TransferInput) {
  return db.transaction().execute((trx) => postTransfer(trx, input));
}

/** A wallet-to-wallet transfer of `amount`. */
function pay(from: number, to: number, amount: Money, idempotencyKey = newKey('pay')): TransferInput {
  return {
    kind: 'adjustment',
    idempotencyKey,
    entries: [
      debit(walletKey(from, amount.currency), amount),
      credit(walletKey(to, amount.currency), amount),
    ],
    now: NOW,
  };
}

async function refusedWith(work: Promise<unknown>, status: number, code: string): Promise<void> {
  await assert.rejects(work, (error: unknown) => {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.equal(error.status, status);
    return true;
  });
}

/** Asserts that `work` changed no ledger row and no balance of `members`. */
async function nothingChanges(members: number[], work: () => Promise<void>): Promise<void> {
  const before = await snapshot(members);
  await work();
  assert.deepEqual(await snapshot(members), before);
  assert.deepEqual(await checkLedgerIntegrity(db), []);
}

async function snapshot(members: number[]) {
  return {
    transactions: await countRows(db, 'ledger_transactions'),
    entries: await countRows(db, 'ledger_entries'),
    wallets: await Promise.all(members.map((m) => walletBalance(db, m, 'CNY'))),
  };
}

describe('postTransfer', () => {
  test('posts a balanced transaction: entries, balances on their normal side, balance_after', async () => {
    const member = await insertMember(db);
    const posted = await topUp(db, member, cny(12_345), { idempotencyKey: 'topup:first' });
    assert.equal(posted.kind, 'topup');
    assert.equal(posted.replayed, false);
    assert.equal(posted.idempotencyKey, 'topup:first');
    assert.deepEqual(
      posted.entries.map((e) => [e.amount.amountMinor, e.balanceAfter.amountMinor]),
      [
        [12_345, 12_345], // gateway clearing (asset, debit-normal) goes up with the debit
        [-12_345, 12_345], // the wallet (liability, credit-normal) goes up with the credit
      ],
    );
    assert.equal(await walletBalance(db, member, 'CNY'), 12_345);
    const trial = await getTrialBalance(db);
    assert.ok(trial.balanced);
    assert.deepEqual(await checkLedgerIntegrity(db), []);
  });

  test('moves money between wallets, to revenue and payouts payable, several lines at once', async () => {
    const [a, b] = [await insertMember(db), await insertMember(db)];
    await topUp(db, a, cny(1000));
    const posted = await post({
      kind: 'adjustment',
      idempotencyKey: newKey(),
      entries: [
        debit(walletKey(a, 'CNY'), cny(1000)),
        credit(walletKey(b, 'CNY'), cny(600)),
        credit(platformRevenue('CNY'), cny(100)),
        credit(payoutsPayable('CNY'), cny(300)),
      ],
      memo: 'split',
      metadata: { reason: 'test' },
      now: NOW,
    });
    assert.equal(posted.entries.length, 4);
    assert.equal(posted.memo, 'split');
    assert.deepEqual(posted.metadata, { reason: 'test' });
    assert.equal(await walletBalance(db, a, 'CNY'), 0);
    assert.equal(await walletBalance(db, b, 'CNY'), 600);
    assert.deepEqual(await checkLedgerIntegrity(db), []);
  });

  test('posts by account id as well as by key', async () => {
    const [a, b] = [await insertMember(db), await insertMember(db)];
    await topUp(db, a, cny(500));
    const walletA = await walletOf(db, a, 'CNY');
    await post({
      kind: 'adjustment',
      idempotencyKey: newKey(),
      entries: [debit({ id: walletA.id }, cny(200)), credit(walletKey(b, 'CNY'), cny(200))],
      now: NOW,
    });
    assert.equal(await walletBalance(db, a, 'CNY'), 300);
  });

  test('is part of the caller’s transaction: a rollback there undoes the posting', async () => {
    const member = await insertMember(db);
    await nothingChanges([member], async () => {
      await assert.rejects(
        db.transaction().execute(async (trx) => {
          await postTransfer(trx, {
            kind: 'topup',
            idempotencyKey: newKey(),
            entries: [
              debit(gatewayClearing('dev', 'CNY'), cny(100)),
              credit(walletKey(member, 'CNY'), cny(100)),
            ],
            now: NOW,
          });
          throw new Error('the caller fails later');
        }),
        /the caller fails later/,
      );
    });
  });

  test('refuses to run outside a transaction', async () => {
    const member = await insertMember(db);
    await assert.rejects(postTransfer(db as never, pay(member, member, cny(1))), /transaction/);
  });
});

describe('idempotency', () => {
  test('the same key and body returns the first transaction and moves nothing twice', async () => {
    const member = await insertMember(db);
    const first = await topUp(db, member, cny(700), { idempotencyKey: 'topup:same' });
    const again = await topUp(db, member, cny(700), { idempotencyKey: 'topup:same' });
    assert.equal(again.id, first.id);
    assert.equal(again.replayed, true);
    assert.deepEqual(again.entries, first.entries);
    assert.equal(await walletBalance(db, member, 'CNY'), 700);
  });

  test('the same key with another amount, account or kind is a 422 and moves nothing', async () => {
    const [member, other] = [await insertMember(db), await insertMember(db)];
    await topUp(db, member, cny(700), { idempotencyKey: 'topup:other' });
    await nothingChanges([member, other], async () => {
      await refusedWith(
        topUp(db, member, cny(701), { idempotencyKey: 'topup:other' }),
        422,
        'ledger.idempotency_mismatch',
      );
      await refusedWith(
        topUp(db, other, cny(700), { idempotencyKey: 'topup:other' }),
        422,
        'ledger.idempotency_mismatch',
      );
      await refusedWith(
        post({ ...pay(member, other, cny(700)), idempotencyKey: 'topup:other' }),
        422,
        'ledger.idempotency_mismatch',
      );
    });
  });

  test('racing repeats of one key post once (all succeed with the same transaction)', async () => {
    const member = await insertMember(db);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => topUp(db, member, cny(100), { idempotencyKey: 'topup:race' })),
    );
    assert.equal(new Set(results.map((r) => r.id)).size, 1);
    assert.equal(results.filter((r) => !r.replayed).length, 1);
    assert.equal(await walletBalance(db, member, 'CNY'), 100);
  });
});

describe('refusals: nothing is posted', () => {
  test('insufficient funds is a 409 wallet.insufficient_funds', async () => {
    const [a, b] = [await insertMember(db), await insertMember(db)];
    await topUp(db, a, cny(999));
    await nothingChanges([a, b], () =>
      refusedWith(post(pay(a, b, cny(1000))), 409, 'wallet.insufficient_funds'),
    );
  });

  test('a wallet that never existed has nothing to spend', async () => {
    const [a, b] = [await insertMember(db), await insertMember(db)];
    await refusedWith(post(pay(a, b, cny(1))), 409, 'wallet.insufficient_funds');
  });

  test('unbalanced entries are a 422 ledger.unbalanced', async () => {
    const [a, b] = [await insertMember(db), await insertMember(db)];
    await topUp(db, a, cny(500));
    await nothingChanges([a, b], async () => {
      await refusedWith(
        post({
          kind: 'adjustment',
          idempotencyKey: newKey(),
          entries: [debit(walletKey(a, 'CNY'), cny(100)), credit(walletKey(b, 'CNY'), cny(99))],
          now: NOW,
        }),
        422,
        'ledger.unbalanced',
      );
    });
  });

  test('currencies do not mix: CNY against USD is unbalanced; USD on a CNY account is refused', async () => {
    const [a, b] = [await insertMember(db), await insertMember(db)];
    await topUp(db, a, cny(500));
    await nothingChanges([a, b], async () => {
      await refusedWith(
        post({
          kind: 'adjustment',
          idempotencyKey: newKey(),
          entries: [debit(walletKey(a, 'CNY'), cny(100)), credit(walletKey(b, 'USD'), usd(100))],
          now: NOW,
        }),
        422,
        'ledger.unbalanced',
      );
      await refusedWith(
        post({
          kind: 'adjustment',
          idempotencyKey: newKey(),
          entries: [debit(walletKey(a, 'CNY'), usd(100)), credit(walletKey(b, 'USD'), usd(100))],
          now: NOW,
        }),
        422,
        'ledger.account_currency_mismatch',
      );
    });
  });

  const badAmounts: Array<[string, unknown, string]> = [
    ['zero', 0, 'money.not_positive'],
    ['a fraction', 1.5, 'money.invalid_amount'],
    ['NaN', Number.NaN, 'money.invalid_amount'],
    ['Infinity', Number.POSITIVE_INFINITY, 'money.invalid_amount'],
    ['an unsafe integer', 2 ** 53, 'money.invalid_amount'],
    ['a huge amount', 10 ** 13, 'money.too_large'],
    ['a numeric string', '100', 'money.invalid_amount'],
  ];
  for (const [what, amountMinor, code] of badAmounts) {
    test(`${what} is a 422 ${code}`, async () => {
      const [a, b] = [await insertMember(db), await insertMember(db)];
      await topUp(db, a, cny(500));
      const amount = { amountMinor, currency: 'CNY' } as Money;
      const negative = {
        amountMinor: typeof amountMinor === 'number' ? -amountMinor : amountMinor,
        currency: 'CNY',
      } as Money;
      await nothingChanges([a, b], () =>
        refusedWith(
          post({
            kind: 'adjustment',
            idempotencyKey: newKey(),
            entries: [
              { account: walletKey(a, 'CNY'), amount },
              { account: walletKey(b, 'CNY'), amount: negative },
            ],
            now: NOW,
          }),
          422,
          code,
        ),
      );
    });
  }

  test('an unknown currency is a 422 money.unknown_currency', async () => {
    const [a, b] = [await insertMember(db), await insertMember(db)];
    const eur = { amountMinor: 100, currency: 'EUR' } as unknown as Money;
    await refusedWith(
      post({
        kind: 'adjustment',
        idempotencyKey: newKey(),
        entries: [debit(walletKey(a, 'CNY'), eur), credit(walletKey(b, 'CNY'), eur)],
        now: NOW,
      }),
      422,
      'money.unknown_currency',
    );
  });

  test('unknown accounts (an id, a member who does not exist) are a 422 ledger.unknown_account', async () => {
    const member = await insertMember(db);
    await topUp(db, member, cny(100));
    await nothingChanges([member], async () => {
      await refusedWith(
        post({
          kind: 'adjustment',
          idempotencyKey: newKey(),
          entries: [debit(walletKey(member, 'CNY'), cny(10)), credit({ id: 987_654_321 }, cny(10))],
          now: NOW,
        }),
        422,
        'ledger.unknown_account',
      );
      await refusedWith(post(pay(member, 987_654_321, cny(10))), 422, 'ledger.unknown_account');
    });
  });

  test('one entry, no entries, a bad key or kind are 422s', async () => {
    const member = await insertMember(db);
    await topUp(db, member, cny(100));
    const base = pay(member, member, cny(10));
    await refusedWith(post({ ...base, entries: base.entries.slice(0, 1) }), 422, 'ledger.too_few_entries');
    await refusedWith(post({ ...base, entries: [] }), 422, 'ledger.too_few_entries');
    await refusedWith(post({ ...base, idempotencyKey: '' }), 422, 'ledger.idempotency_key_invalid');
    await refusedWith(post({ ...base, idempotencyKey: 'has space' }), 422, 'ledger.idempotency_key_invalid');
    await refusedWith(
      post({ ...base, idempotencyKey: 'k'.repeat(201) }),
      422,
      'ledger.idempotency_key_invalid',
    );
    await refusedWith(post({ ...base, kind: 'Top Up' as never }), 422, 'ledger.invalid_kind');
  });
});
