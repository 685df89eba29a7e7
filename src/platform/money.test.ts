import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { AppError } from './http/errors.js';
import {
  abs,
  add,
  CURRENCIES,
  type Currency,
  compare,
  equals,
  formatMoney,
  isZero,
  MAX_AMOUNT_MINOR,
  type Money,
  max,
  min,
  money,
  negate,
  netOfFee,
  parseAmount,
  percentOf,
  positiveMoney,
  signedMoney,
  split,
  subtract,
  sum,
  toDecimalString,
  totalsByCurrency,
} from './money.js';

const currencies = Object.keys(CURRENCIES) as Currency[];
const anyCurrency = fc.constantFrom(...currencies);
const amountArb = (max = MAX_AMOUNT_MINOR): fc.Arbitrary<Money> =>
  fc
    .tuple(fc.integer({ min: 0, max }), anyCurrency)
    .map(([amountMinor, currency]) => ({ amountMinor, currency }));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return undefined;
}

describe('constructors', () => {
  test('accept whole minor units in a known currency', () => {
    assert.deepEqual(money(12345, 'CNY'), { amountMinor: 12345, currency: 'CNY' });
    assert.deepEqual(signedMoney(-5, 'USD'), { amountMinor: -5, currency: 'USD' });
    assert.deepEqual(money(0, 'USD'), { amountMinor: 0, currency: 'USD' });
  });

  const bad: Array<[string, () => unknown, string]> = [
    ['NaN', () => signedMoney(Number.NaN, 'CNY'), 'money.invalid_amount'],
    ['a fraction', () => signedMoney(1.5, 'CNY'), 'money.invalid_amount'],
    ['Infinity', () => signedMoney(Number.POSITIVE_INFINITY, 'CNY'), 'money.invalid_amount'],
    ['an unsafe integer', () => signedMoney(2 ** 53, 'CNY'), 'money.invalid_amount'],
    ['a string', () => signedMoney('100' as unknown as number, 'CNY'), 'money.invalid_amount'],
    ['an unknown currency', () => money(1, 'EUR'), 'money.unknown_currency'],
    ['a lower-case currency', () => money(1, 'cny'), 'money.unknown_currency'],
    ['a negative balance', () => money(-1, 'CNY'), 'money.negative'],
    ['a zero payment', () => positiveMoney(0, 'CNY'), 'money.not_positive'],
    ['a negative payment', () => positiveMoney(-100, 'CNY'), 'money.negative'],
    ['a huge payment', () => positiveMoney(MAX_AMOUNT_MINOR + 1, 'CNY'), 'money.too_large'],
  ];
  for (const [what, fn, code] of bad) {
    test(`refuse ${what} with ${code}`, () => assert.equal(codeOf(fn), code));
  }

  test('a MoneyError is a 422', () => {
    assert.throws(
      () => money(-1, 'CNY'),
      (error: unknown) => error instanceof AppError && error.status === 422,
    );
  });
});

describe('arithmetic', () => {
  test('adds, subtracts, negates and sums in one currency', () => {
    assert.deepEqual(add(money(150, 'CNY'), money(250, 'CNY')), money(400, 'CNY'));
    assert.deepEqual(subtract(money(150, 'CNY'), money(250, 'CNY')), signedMoney(-100, 'CNY'));
    assert.deepEqual(negate(money(5, 'USD')), signedMoney(-5, 'USD'));
    assert.ok(Object.is(negate(money(0, 'USD')).amountMinor, 0), 'no negative zero');
    assert.deepEqual(sum('CNY', [money(1, 'CNY'), money(2, 'CNY'), money(3, 'CNY')]), money(6, 'CNY'));
    assert.deepEqual(sum('USD', []), money(0, 'USD'));
  });

  test('takes a fee off a gross amount, never below zero', () => {
    assert.deepEqual(netOfFee(money(5_000, 'CNY'), money(500, 'CNY')), money(4_500, 'CNY'));
    assert.deepEqual(netOfFee(money(5_000, 'CNY'), money(0, 'CNY')), money(5_000, 'CNY'));
    assert.deepEqual(netOfFee(money(1, 'USD'), money(1, 'USD')), money(0, 'USD'));
    assert.throws(() => netOfFee(money(100, 'CNY'), money(101, 'CNY')), RangeError);
    assert.equal(
      codeOf(() => netOfFee(money(100, 'CNY'), signedMoney(-1, 'CNY'))),
      'money.negative',
    );
    assert.equal(
      codeOf(() => netOfFee(money(100, 'CNY'), money(1, 'USD'))),
      'money.currency_mismatch',
    );
  });

  test('refuses to mix currencies', () => {
    assert.equal(
      codeOf(() => add(money(1, 'CNY'), money(1, 'USD'))),
      'money.currency_mismatch',
    );
    assert.equal(
      codeOf(() => subtract(money(1, 'USD'), money(1, 'CNY'))),
      'money.currency_mismatch',
    );
    assert.equal(
      codeOf(() => compare(money(1, 'USD'), money(1, 'CNY'))),
      'money.currency_mismatch',
    );
  });

  test('refuses results beyond the safe integers', () => {
    const big = signedMoney(Number.MAX_SAFE_INTEGER, 'CNY');
    assert.equal(
      codeOf(() => add(big, money(1, 'CNY'))),
      'money.too_large',
    );
  });

  test('takes the sign off, and picks the larger or the smaller of two', () => {
    assert.deepEqual(abs(signedMoney(-250, 'CNY')), money(250, 'CNY'));
    assert.deepEqual(abs(money(250, 'CNY')), money(250, 'CNY'));
    assert.ok(Object.is(abs(money(0, 'USD')).amountMinor, 0), 'no negative zero');
    assert.deepEqual(max(signedMoney(-1, 'CNY'), money(0, 'CNY')), money(0, 'CNY'));
    assert.deepEqual(max(money(5, 'CNY'), money(3, 'CNY')), money(5, 'CNY'));
    assert.deepEqual(min(money(5, 'CNY'), money(3, 'CNY')), money(3, 'CNY'));
    assert.deepEqual(min(signedMoney(-1, 'CNY'), money(0, 'CNY')), signedMoney(-1, 'CNY'));
    assert.equal(
      codeOf(() => max(money(1, 'CNY'), money(1, 'USD'))),
      'money.currency_mismatch',
    );
  });

  test('totals per currency, in the order the currencies first appear', () => {
    assert.deepEqual(
      totalsByCurrency([money(5, 'USD'), signedMoney(-2, 'CNY'), money(1, 'USD'), money(2, 'CNY')]),
      [money(6, 'USD'), money(0, 'CNY')],
    );
    assert.deepEqual(totalsByCurrency([]), []);
    const big = signedMoney(Number.MAX_SAFE_INTEGER, 'CNY');
    assert.equal(
      codeOf(() => totalsByCurrency([big, money(1, 'CNY')])),
      'money.too_large',
    );
  });

  test('compares, tests for zero and equality', () => {
    assert.equal(compare(money(1, 'CNY'), money(2, 'CNY')), -1);
    assert.equal(compare(money(2, 'CNY'), money(2, 'CNY')), 0);
    assert.equal(compare(money(3, 'CNY'), money(2, 'CNY')), 1);
    assert.ok(isZero(money(0, 'CNY')));
    assert.ok(equals(money(7, 'USD'), money(7, 'USD')));
    assert.ok(!equals(money(7, 'USD'), money(7, 'CNY')));
  });
});

describe('split', () => {
  test('gives the remainder to the named party', () => {
    const parts = split(money(100, 'CNY'), { a: 1, b: 1, c: 1 }, 'b');
    assert.deepEqual([parts.a.amountMinor, parts.b.amountMinor, parts.c.amountMinor], [33, 34, 33]);
  });

  test('splits by basis points', () => {
    const parts = split(money(999, 'USD'), { platform: 1000, payee: 9000 }, 'payee');
    assert.deepEqual(parts, { platform: money(99, 'USD'), payee: money(900, 'USD') });
  });

  test('a zero weight gets nothing (but the remainder if named)', () => {
    assert.deepEqual(split(money(5, 'CNY'), { a: 0, b: 3 }, 'b'), { a: money(0, 'CNY'), b: money(5, 'CNY') });
  });

  test('refuses negative amounts, negative or fractional weights, all-zero weights, an unknown remainder party', () => {
    assert.equal(
      codeOf(() => split(signedMoney(-5, 'CNY'), { a: 1 }, 'a')),
      'money.negative',
    );
    assert.throws(() => split(money(5, 'CNY'), { a: -1, b: 2 }, 'b'), RangeError);
    assert.throws(() => split(money(5, 'CNY'), { a: 0.5, b: 2 }, 'b'), RangeError);
    assert.throws(() => split(money(5, 'CNY'), { a: 0, b: 0 }, 'b'), RangeError);
    assert.throws(() => split(money(5, 'CNY'), { a: 1 }, 'z' as 'a'), RangeError);
  });

  test('property: parts are non-negative, sum to the amount exactly, and each is within one unit of its share', () => {
    fc.assert(
      fc.property(
        amountArb(),
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        (amount, weights, pick) => {
          fc.pre(weights.some((w) => w > 0));
          const named = Object.fromEntries(weights.map((w, i) => [`p${i}`, w]));
          const remainderTo = `p${pick % weights.length}`;
          const parts = split(amount, named, remainderTo);
          const total = weights.reduce((a, b) => a + b, 0);
          let summed = 0n;
          for (const [party, part] of Object.entries(parts)) {
            assert.equal(part.currency, amount.currency);
            assert.ok(Number.isSafeInteger(part.amountMinor) && part.amountMinor >= 0);
            summed += BigInt(part.amountMinor);
            const exact = (BigInt(amount.amountMinor) * BigInt(named[party] ?? 0)) / BigInt(total);
            if (party !== remainderTo) assert.equal(BigInt(part.amountMinor), exact);
            else assert.ok(BigInt(part.amountMinor) - exact < BigInt(weights.length));
          }
          assert.equal(summed, BigInt(amount.amountMinor));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('percentOf', () => {
  test('rounds as asked', () => {
    const amount = money(105, 'CNY'); // 10 % = 10.5
    assert.equal(percentOf(amount, 1000, 'floor').amountMinor, 10);
    assert.equal(percentOf(amount, 1000, 'ceil').amountMinor, 11);
    assert.equal(percentOf(amount, 1000, 'half_up').amountMinor, 11);
    assert.equal(percentOf(amount, 1000, 'half_even').amountMinor, 10);
    assert.equal(percentOf(money(115, 'CNY'), 1000, 'half_even').amountMinor, 12);
    assert.equal(percentOf(money(12345, 'USD'), 0, 'ceil').amountMinor, 0);
    assert.equal(percentOf(money(12345, 'USD'), 10_000, 'floor').amountMinor, 12345);
  });

  test('is exact on large amounts (no float on the way)', () => {
    const amount = money(MAX_AMOUNT_MINOR - 1, 'CNY');
    assert.equal(
      percentOf(amount, 3333, 'floor').amountMinor,
      Number((BigInt(MAX_AMOUNT_MINOR - 1) * 3333n) / 10_000n),
    );
  });

  test('property: floor ≤ exact < floor + 1, and ceil is floor or floor + 1', () => {
    fc.assert(
      fc.property(amountArb(), fc.integer({ min: 0, max: 10_000 }), (amount, bp) => {
        const floor = BigInt(percentOf(amount, bp, 'floor').amountMinor);
        const ceil = BigInt(percentOf(amount, bp, 'ceil').amountMinor);
        const product = BigInt(amount.amountMinor) * BigInt(bp);
        assert.ok(floor * 10_000n <= product && product < (floor + 1n) * 10_000n);
        assert.equal(ceil, product % 10_000n === 0n ? floor : floor + 1n);
      }),
    );
  });
});

describe('parseAmount', () => {
  const ok: Array<[string, Currency, number]> = [
    ['100', 'CNY', 10000],
    ['100.5', 'CNY', 10050],
    ['100.50', 'CNY', 10050],
    ['0.01', 'USD', 1],
    ['  42  ', 'USD', 4200],
    ['1,234.50', 'CNY', 123450],
    ['¥1,234.50', 'CNY', 123450],
    ['CN¥1,234.50', 'CNY', 123450],
    ['￥１００', 'CNY', 10000],
    ['100元', 'CNY', 10000],
    ['$19.99', 'USD', 1999],
    ['US$19.99', 'USD', 1999],
    ['007', 'CNY', 700],
  ];
  for (const [input, currency, minor] of ok) {
    test(`reads ${JSON.stringify(input)} (${currency}) as ${minor}`, () => {
      assert.deepEqual(parseAmount(input, currency), { ok: true, value: { amountMinor: minor, currency } });
    });
  }

  const refused: Array<[unknown, string]> = [
    ['100.505', 'money.too_many_decimals'],
    ['100.500', 'money.too_many_decimals'],
    ['-5', 'money.negative'],
    ['−5', 'money.negative'],
    ['¥-5', 'money.negative'],
    ['+5', 'money.parse_invalid'],
    ['1e3', 'money.parse_invalid'],
    ['1E3', 'money.parse_invalid'],
    ['0x10', 'money.parse_invalid'],
    ['Infinity', 'money.parse_invalid'],
    ['NaN', 'money.parse_invalid'],
    ['', 'money.parse_invalid'],
    ['.5', 'money.parse_invalid'],
    ['5.', 'money.parse_invalid'],
    ['1,23.45', 'money.parse_invalid'],
    ['1 000', 'money.parse_invalid'],
    ['$5', 'money.parse_invalid'],
    ['12abc', 'money.parse_invalid'],
    [100, 'money.parse_invalid'],
    [null, 'money.parse_invalid'],
    ['0', 'money.not_positive'],
    ['0.00', 'money.not_positive'],
    ['10000000000.01', 'money.too_large'],
    ['9'.repeat(40), 'money.too_large'],
  ];
  for (const [input, code] of refused) {
    test(`refuses ${JSON.stringify(input)} with ${code}`, () => {
      const parsed = parseAmount(input, 'CNY');
      assert.equal(parsed.ok, false);
      if (!parsed.ok) assert.equal(parsed.problem.code, code);
    });
  }

  test('names the allowed number of decimals', () => {
    const parsed = parseAmount('1.234', 'USD');
    assert.deepEqual(parsed, {
      ok: false,
      problem: { code: 'money.too_many_decimals', params: { decimals: 2 } },
    });
  });

  test('zero when allowed, and a lower maximum when given', () => {
    assert.deepEqual(parseAmount('0', 'CNY', { allowZero: true }), { ok: true, value: money(0, 'CNY') });
    assert.equal(parseAmount('10.01', 'CNY', { max: 1000 }).ok, false);
    assert.equal(parseAmount('10.00', 'CNY', { max: 1000 }).ok, true);
  });
});

describe('formatting', () => {
  test('per locale, with the currency sign and grouping', () => {
    assert.equal(formatMoney(money(123450, 'CNY'), 'zh-CN'), '¥1,234.50');
    assert.equal(formatMoney(money(123450, 'CNY'), 'en'), 'CN¥1,234.50');
    assert.equal(formatMoney(money(123450, 'USD'), 'en'), '$1,234.50');
    assert.equal(formatMoney(money(123450, 'USD'), 'zh-CN'), 'US$1,234.50');
    assert.equal(formatMoney(money(5, 'CNY'), 'zh-CN'), '¥0.05');
    assert.equal(formatMoney(signedMoney(-5, 'USD'), 'en'), '-$0.05');
  });

  test('exactly, even beyond what a float holds to the cent', () => {
    assert.equal(formatMoney(money(Number.MAX_SAFE_INTEGER, 'USD'), 'en'), '$90,071,992,547,409.91');
  });

  test('as a plain decimal', () => {
    assert.equal(toDecimalString(money(0, 'CNY')), '0.00');
    assert.equal(toDecimalString(money(7, 'CNY')), '0.07');
    assert.equal(toDecimalString(money(123456, 'USD')), '1234.56');
    assert.equal(toDecimalString(signedMoney(-123, 'USD')), '-1.23');
  });

  test('property: parse(format(x)) = x in both locales, and parse(toDecimalString(x)) = x', () => {
    fc.assert(
      fc.property(amountArb(), fc.constantFrom('en', 'zh-CN' as const), (amount, locale) => {
        fc.pre(amount.amountMinor > 0);
        assert.deepEqual(parseAmount(toDecimalString(amount), amount.currency), { ok: true, value: amount });
        assert.deepEqual(parseAmount(formatMoney(amount, locale), amount.currency), {
          ok: true,
          value: amount,
        });
      }),
      { numRuns: 500 },
    );
  });
});
