import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type Currency, type Money, money } from '../../platform/money.js';
import {
  type CommissionRates,
  checkCommissionRates,
  commissionRateFor,
  DEFAULT_COMMISSION_RATES,
  PRODUCT_KINDS,
  splitCommission,
} from './commission.rules.js';

const grossArb: fc.Arbitrary<Money> = fc
  .tuple(fc.integer({ min: 0, max: 1_000_000_000_000 }), fc.constantFrom<Currency>('CNY', 'USD'))
  .map(([amountMinor, currency]) => ({ amountMinor, currency }));

describe('commission rates', () => {
  test('default to 10 % for every product kind', () => {
    for (const kind of PRODUCT_KINDS) assert.equal(commissionRateFor(kind), 1000);
  });

  test('are read per product kind', () => {
    const rates: CommissionRates = { ...DEFAULT_COMMISSION_RATES, course: 3000, bounty: 0 };
    assert.equal(commissionRateFor('course', rates), 3000);
    assert.equal(commissionRateFor('bounty', rates), 0);
  });

  test('never go below zero or above 100 %', () => {
    const rates = { ...DEFAULT_COMMISSION_RATES, unlock: -500, consultation: 20_000 };
    assert.equal(commissionRateFor('unlock', rates), 0);
    assert.equal(commissionRateFor('consultation', rates), 10_000);
  });

  test('checkCommissionRates refuses negative, fractional and over-100 % rates, naming the kind', () => {
    assert.equal(checkCommissionRates(DEFAULT_COMMISSION_RATES), DEFAULT_COMMISSION_RATES);
    assert.throws(() => checkCommissionRates({ ...DEFAULT_COMMISSION_RATES, course: -1 }), /course/);
    assert.throws(() => checkCommissionRates({ ...DEFAULT_COMMISSION_RATES, unlock: 12.5 }), /unlock/);
    assert.throws(() => checkCommissionRates({ ...DEFAULT_COMMISSION_RATES, bounty: 10_001 }), /bounty/);
  });
});

describe('splitCommission', () => {
  test('takes the fee rounded down; the payee gets the remainder', () => {
    assert.deepEqual(splitCommission(money(999, 'CNY'), 1000), {
      platform: money(99, 'CNY'),
      payee: money(900, 'CNY'),
    });
    assert.deepEqual(splitCommission(money(1, 'CNY'), 9999), {
      platform: money(0, 'CNY'),
      payee: money(1, 'CNY'),
    });
    assert.deepEqual(splitCommission(money(500, 'USD'), 0), {
      platform: money(0, 'USD'),
      payee: money(500, 'USD'),
    });
    assert.deepEqual(splitCommission(money(500, 'USD'), 10_000), {
      platform: money(500, 'USD'),
      payee: money(0, 'USD'),
    });
  });

  test('refuses rates outside 0..10 000 basis points', () => {
    assert.throws(() => splitCommission(money(100, 'CNY'), -1), RangeError);
    assert.throws(() => splitCommission(money(100, 'CNY'), 10_001), RangeError);
    assert.throws(() => splitCommission(money(100, 'CNY'), 0.5), RangeError);
  });

  test('property: never creates or loses a minor unit, and the fee never exceeds its exact share', () => {
    fc.assert(
      fc.property(grossArb, fc.integer({ min: 0, max: 10_000 }), (gross, bp) => {
        const { payee, platform } = splitCommission(gross, bp);
        assert.equal(payee.amountMinor + platform.amountMinor, gross.amountMinor);
        assert.equal(payee.currency, gross.currency);
        assert.equal(platform.currency, gross.currency);
        assert.ok(platform.amountMinor >= 0 && payee.amountMinor >= 0);
        const exact = BigInt(gross.amountMinor) * BigInt(bp);
        assert.ok(BigInt(platform.amountMinor) * 10_000n <= exact, 'rounding never favours the platform');
        assert.ok(exact < (BigInt(platform.amountMinor) + 1n) * 10_000n, 'and loses it less than one unit');
      }),
      { numRuns: 1000 },
    );
  });
});
