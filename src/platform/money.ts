import { AppError, type FieldProblem } from './http/errors.js';
import type { Locale, MessageKey, MessageParams } from './i18n/index.js';
import { sharedFormatter } from './i18n/intl-cache.js';

/**
 * Money: integer minor units plus an ISO 4217 currency, and the only place in the app where
 * amounts are added, compared, split or turned into percentages. No floats touch an amount:
 * products and quotients go through BigInt, and every result is checked to be a safe integer.
 */

/** The currencies we handle, with their minor-unit exponent (digits after the decimal point). */
export const CURRENCIES = {
  CNY: { exponent: 2, symbols: ['CN¥', '¥', 'RMB', 'CNY'], suffixes: ['元'] },
  USD: { exponent: 2, symbols: ['US$', '$', 'USD'], suffixes: [] },
} as const satisfies Record<
  string,
  { exponent: number; symbols: readonly string[]; suffixes: readonly string[] }
>;

export type Currency = keyof typeof CURRENCIES;

/** An amount of one currency in its smallest unit (fen, cents). */
export interface Money {
  readonly amountMinor: number;
  readonly currency: Currency;
}

/**
 * The largest amount a single entry, price or parsed input may have: 10 billion major units.
 * Far above anything the app moves, and low enough that sums of thousands of them stay safe integers.
 */
export const MAX_AMOUNT_MINOR = 1_000_000_000_000;

/** A bad amount or currency: a 422 whose code (`money.*`) is also its message key. */
export class MoneyError extends AppError {
  override name = 'MoneyError';
  constructor(code: MessageKey, params?: MessageParams) {
    super(422, code, params ? { params } : {});
  }
}

/** Narrows any string to a supported currency code. */
export function isCurrency(value: unknown): value is Currency {
  return typeof value === 'string' && Object.hasOwn(CURRENCIES, value);
}

/** The number of decimal digits of the currency's minor unit. */
export function exponentOf(currency: Currency): number {
  return CURRENCIES[currency].exponent;
}

function checkCurrency(currency: unknown): Currency {
  if (!isCurrency(currency)) throw new MoneyError('money.unknown_currency', { currency: String(currency) });
  return currency;
}

function checkSafe(amountMinor: unknown): number {
  if (typeof amountMinor !== 'number' || !Number.isSafeInteger(amountMinor)) {
    throw new MoneyError('money.invalid_amount');
  }
  return amountMinor;
}

/** Any whole amount, negative included (entries, deltas); throws MoneyError on NaN, fractions, unsafe values. */
export function signedMoney(amountMinor: number, currency: Currency | string): Money {
  return { amountMinor: checkSafe(amountMinor), currency: checkCurrency(currency) };
}

/** A non-negative whole amount (a balance, a price that may be free). */
export function money(amountMinor: number, currency: Currency | string): Money {
  const value = signedMoney(amountMinor, currency);
  if (value.amountMinor < 0) throw new MoneyError('money.negative');
  return value;
}

/** A strictly positive whole amount no larger than MAX_AMOUNT_MINOR: what can be paid or moved. */
export function positiveMoney(amountMinor: number, currency: Currency | string): Money {
  const value = money(amountMinor, currency);
  if (value.amountMinor === 0) throw new MoneyError('money.not_positive');
  if (value.amountMinor > MAX_AMOUNT_MINOR) throw new MoneyError('money.too_large');
  return value;
}

/** Nothing, in this currency. */
export function zero(currency: Currency): Money {
  return { amountMinor: 0, currency };
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new MoneyError('money.currency_mismatch', { expected: a.currency, actual: b.currency });
  }
}

function result(amountMinor: number, currency: Currency): Money {
  if (!Number.isSafeInteger(amountMinor)) throw new MoneyError('money.too_large');
  return { amountMinor, currency };
}

/** a + b; both in one currency (else money.currency_mismatch). */
export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return result(a.amountMinor + b.amountMinor, a.currency);
}

/** a − b; both in one currency; the result may be negative. */
export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return result(a.amountMinor - b.amountMinor, a.currency);
}

/**
 * What the payee keeps of `gross` once `fee` is taken: gross − fee. Both non-negative and in one
 * currency; a fee above the gross is a bug in the caller (RangeError), never a negative payment.
 */
export function netOfFee(gross: Money, fee: Money): Money {
  sameCurrency(gross, fee);
  if (gross.amountMinor < 0 || fee.amountMinor < 0) throw new MoneyError('money.negative');
  if (fee.amountMinor > gross.amountMinor) {
    throw new RangeError(`a fee of ${fee.amountMinor} exceeds the gross ${gross.amountMinor}`);
  }
  return subtract(gross, fee);
}

/** −a. */
export function negate(a: Money): Money {
  // `0 - x` rather than `-x`: no negative zero.
  return { amountMinor: 0 - a.amountMinor, currency: a.currency };
}

/** |a|: the amount without its sign. */
export function abs(a: Money): Money {
  return a.amountMinor < 0 ? negate(a) : a;
}

/** The total of `items`, all in `currency`; zero for none. */
export function sum(currency: Currency, items: readonly Money[]): Money {
  return items.reduce(add, zero(currency));
}

/** One total per currency that `items` hold, in the order each currency first appears; none for none. */
export function totalsByCurrency(items: readonly Money[]): Money[] {
  const totals = new Map<Currency, Money>();
  for (const item of items)
    totals.set(item.currency, add(totals.get(item.currency) ?? zero(item.currency), item));
  return [...totals.values()];
}

/** −1, 0 or 1 as a is less than, equal to or more than b; one currency only. */
export function compare(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b);
  return a.amountMinor < b.amountMinor ? -1 : a.amountMinor > b.amountMinor ? 1 : 0;
}

/** The larger of a and b; one currency only. */
export function max(a: Money, b: Money): Money {
  return compare(a, b) < 0 ? b : a;
}

/** The smaller of a and b; one currency only. */
export function min(a: Money, b: Money): Money {
  return compare(a, b) > 0 ? b : a;
}

/** Same amount and same currency. */
export function equals(a: Money, b: Money): boolean {
  return a.currency === b.currency && a.amountMinor === b.amountMinor;
}

export function isZero(a: Money): boolean {
  return a.amountMinor === 0;
}

export function isNegative(a: Money): boolean {
  return a.amountMinor < 0;
}

export function isPositive(a: Money): boolean {
  return a.amountMinor > 0;
}

function checkWeight(weight: number, what: string): bigint {
  if (!Number.isSafeInteger(weight) || weight < 0) {
    throw new RangeError(`${what} must be a non-negative whole number, got ${weight}`);
  }
  return BigInt(weight);
}

/**
 * Splits a non-negative amount by integer weights (basis points, shares: only ratios matter).
 * Each party gets the floor of its share; whatever is left (less than one minor unit per party)
 * goes to `remainderTo`, so the parts always add up to exactly `amount`.
 */
export function split<P extends string>(
  amount: Money,
  weights: Readonly<Record<P, number>>,
  remainderTo: NoInfer<P>,
): Record<P, Money> {
  if (amount.amountMinor < 0) throw new MoneyError('money.negative');
  checkSafe(amount.amountMinor);
  const parties = Object.keys(weights) as P[];
  if (!parties.includes(remainderTo))
    throw new RangeError(`remainder party ${remainderTo} is not in the split`);
  const total = parties.reduce((acc, party) => acc + checkWeight(weights[party], `weight of ${party}`), 0n);
  if (total === 0n) throw new RangeError('a split needs at least one positive weight');

  const whole = BigInt(amount.amountMinor);
  const parts = {} as Record<P, Money>;
  let given = 0n;
  for (const party of parties) {
    const share = (whole * BigInt(weights[party])) / total;
    given += share;
    parts[party] = { amountMinor: Number(share), currency: amount.currency };
  }
  const rest = parts[remainderTo];
  parts[remainderTo] = { amountMinor: rest.amountMinor + Number(whole - given), currency: amount.currency };
  return parts;
}

export type Rounding = 'floor' | 'ceil' | 'half_up' | 'half_even';

/** `basisPoints`/10 000 of a non-negative amount (1 bp = 0.01 %), rounded to a whole minor unit. */
export function percentOf(amount: Money, basisPoints: number, rounding: Rounding): Money {
  if (amount.amountMinor < 0) throw new MoneyError('money.negative');
  const bp = checkWeight(basisPoints, 'basis points');
  const product = BigInt(checkSafe(amount.amountMinor)) * bp;
  const quotient = product / 10_000n;
  const remainder = product % 10_000n;
  let rounded = quotient;
  if (remainder !== 0n) {
    if (rounding === 'ceil') rounded += 1n;
    else if (rounding === 'half_up' && remainder >= 5_000n) rounded += 1n;
    else if (
      rounding === 'half_even' &&
      (remainder > 5_000n || (remainder === 5_000n && quotient % 2n === 1n))
    )
      rounded += 1n;
  }
  return result(Number(rounded), amount.currency);
}

export type ParsedAmount = { ok: true; value: Money } | { ok: false; problem: FieldProblem };

function refused(code: MessageKey, params?: MessageParams): ParsedAmount {
  return { ok: false, problem: params ? { code, params } : { code } };
}

/** "1,234.50" → 123450; digits with an optional point, commas only as thousands separators. */
const PLAIN = /^\d+(?:\.\d+)?$/;
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/**
 * Reads an amount a person typed ("100", "100.5", "¥1,234.50", "１００元") into minor units.
 * Refuses more decimals than the currency has, signs, exponents, zero (unless allowed) and
 * anything above `max` (default MAX_AMOUNT_MINOR), with a field problem naming why.
 */
export function parseAmount(
  input: unknown,
  currency: Currency,
  options: { allowZero?: boolean; max?: number } = {},
): ParsedAmount {
  if (typeof input !== 'string') return refused('money.parse_invalid');
  // NFKC folds full-width digits and the full-width yen sign that Chinese input methods produce.
  let text = input
    .normalize('NFKC')
    .trim()
    .replace(/\u2212/g, '-');
  if (text.startsWith('-') || text.startsWith('+')) {
    return text.startsWith('-') ? refused('money.negative') : refused('money.parse_invalid');
  }
  const { symbols, suffixes, exponent } = CURRENCIES[currency];
  const symbol = symbols.find((s) => text.toUpperCase().startsWith(s));
  if (symbol) text = text.slice(symbol.length).trim();
  const suffix = suffixes.find((s) => text.endsWith(s));
  if (suffix) text = text.slice(0, -suffix.length).trim();
  if (text.startsWith('-')) return refused('money.negative');
  if (!PLAIN.test(text) && !GROUPED.test(text)) return refused('money.parse_invalid');

  const [whole = '', fraction = ''] = text.replace(/,/g, '').split('.');
  if (fraction.length > exponent) return refused('money.too_many_decimals', { decimals: exponent });
  const max = options.max ?? MAX_AMOUNT_MINOR;
  // Compare as BigInt: a 40-digit input must not turn into a float on the way.
  const minor = BigInt(whole) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0');
  if (minor > BigInt(max)) return refused('money.too_large');
  if (minor === 0n && !options.allowZero) return refused('money.not_positive');
  return { ok: true, value: { amountMinor: Number(minor), currency } };
}

/** The amount as a plain decimal string ("1234.50", "-0.05"), e.g. for a form field. */
export function toDecimalString(amount: Money): string {
  const exponent = exponentOf(amount.currency);
  const digits = Math.abs(amount.amountMinor)
    .toString()
    .padStart(exponent + 1, '0');
  const sign = amount.amountMinor < 0 ? '-' : '';
  if (exponent === 0) return `${sign}${digits}`;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** The amount for people: "¥1,234.50" (zh-CN), "CN¥1,234.50" / "$1,234.50" (en). */
export function formatMoney(amount: Money, locale: Locale): string {
  const formatter = sharedFormatter(`money:${locale}:${amount.currency}`, () => {
    const digits = exponentOf(amount.currency);
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: amount.currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
  });
  // A decimal string, not amountMinor / 100: Intl formats strings exactly, floats may not be.
  return formatter.format(toDecimalString(amount) as Intl.StringNumericLiteral);
}
