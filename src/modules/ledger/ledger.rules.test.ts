import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../platform/http/errors.js';
import { MAX_AMOUNT_MINOR, money, signedMoney } from '../../platform/money.js';
import { onNormalSide } from './ledger.chart.js';
import { type AccountState, applyEntries, checkEntryAmounts } from './ledger.rules.js';

function refusal(fn: () => unknown): { code: string; params: unknown } | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, params: error.params };
    throw error;
  }
  return undefined;
}

describe('the side an entry lands on', () => {
  test('a debit grows a debit-normal account and shrinks a credit-normal one', () => {
    assert.deepEqual(onNormalSide('gateway_clearing', money(500, 'CNY')), money(500, 'CNY'));
    assert.deepEqual(onNormalSide('wallet', signedMoney(-500, 'CNY')), money(500, 'CNY'));
    assert.deepEqual(onNormalSide('escrow', money(500, 'CNY')), signedMoney(-500, 'CNY'));
  });
});

describe('entry amounts', () => {
  test('balanced per currency: the entries come back checked', () => {
    const entries = [
      money(300, 'CNY'),
      signedMoney(-300, 'CNY'),
      money(7, 'USD'),
      signedMoney(-5, 'USD'),
      signedMoney(-2, 'USD'),
    ];
    assert.deepEqual(checkEntryAmounts(entries), entries);
  });

  test('unbalanced: a 422 naming the currency and what is left over', () => {
    assert.deepEqual(
      refusal(() =>
        checkEntryAmounts([
          money(300, 'CNY'),
          signedMoney(-300, 'CNY'),
          money(5, 'USD'),
          signedMoney(-4, 'USD'),
        ]),
      ),
      { code: 'ledger.unbalanced', params: { currency: 'USD', total: 1 } },
    );
  });

  test('each amount non-zero and at most MAX_AMOUNT_MINOR either way', () => {
    assert.equal(
      refusal(() => checkEntryAmounts([money(0, 'CNY'), money(0, 'CNY')]))?.code,
      'money.not_positive',
    );
    const over = MAX_AMOUNT_MINOR + 1;
    assert.equal(
      refusal(() => checkEntryAmounts([signedMoney(-over, 'CNY'), money(over, 'CNY')]))?.code,
      'money.too_large',
    );
    assert.deepEqual(
      checkEntryAmounts([signedMoney(-MAX_AMOUNT_MINOR, 'CNY'), money(MAX_AMOUNT_MINOR, 'CNY')]).length,
      2,
    );
  });
});

describe('applying entries', () => {
  const accounts = new Map<number, AccountState>([
    [1, { id: 1, kind: 'gateway_clearing', balance: money(0, 'CNY') }],
    [2, { id: 2, kind: 'wallet', balance: money(1_000, 'CNY') }],
  ]);

  test('a credit grows the wallet; the clearing account may go negative', () => {
    const after = applyEntries(accounts, [
      { accountId: 1, amount: signedMoney(-400, 'CNY') },
      { accountId: 2, amount: signedMoney(-400, 'CNY') },
    ]);
    assert.deepEqual(after.get(1), signedMoney(-400, 'CNY'));
    assert.deepEqual(after.get(2), money(1_400, 'CNY'));
  });

  test('a wallet may not go below zero, even between two of its entries', () => {
    assert.equal(
      refusal(() =>
        applyEntries(accounts, [
          { accountId: 2, amount: money(1_500, 'CNY') },
          { accountId: 2, amount: signedMoney(-1_000, 'CNY') },
          { accountId: 1, amount: signedMoney(-500, 'CNY') },
        ]),
      )?.code,
      'wallet.insufficient_funds',
    );
  });
});
