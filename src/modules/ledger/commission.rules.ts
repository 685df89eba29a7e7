import { type Money, split } from '../../platform/money.js';

/** What can be bought on TechQ&A, each with its own platform fee. */
export const PRODUCT_KINDS = [
  'bounty',
  'paid_question',
  'unlock',
  'course',
  'subscription',
  'consultation',
] as const;

export type ProductKind = (typeof PRODUCT_KINDS)[number];

/** The platform fee per product kind, in basis points of the gross (1000 bp = 10 %). */
export type CommissionRates = Readonly<Record<ProductKind, number>>;

/** 100 % in basis points. */
export const FULL_BASIS_POINTS = 10_000;

/** Used until config provides rates (COMMISSION_*_BP): 10 % on everything. */
export const DEFAULT_COMMISSION_RATES: CommissionRates = Object.freeze({
  bounty: 1000,
  paid_question: 1000,
  unlock: 1000,
  course: 1000,
  subscription: 1000,
  consultation: 1000,
});

/** Narrows a string to a product kind. */
export function isProductKind(value: unknown): value is ProductKind {
  return typeof value === 'string' && (PRODUCT_KINDS as readonly string[]).includes(value);
}

/** Throws RangeError naming the first rate that is not a whole number of basis points in 0..10 000. */
export function checkCommissionRates(rates: CommissionRates): CommissionRates {
  for (const kind of PRODUCT_KINDS) {
    const rate = rates[kind];
    if (!Number.isSafeInteger(rate) || rate < 0 || rate > FULL_BASIS_POINTS) {
      throw new RangeError(
        `commission rate for ${kind} must be 0..${FULL_BASIS_POINTS} basis points, got ${rate}`,
      );
    }
  }
  return rates;
}

/** The fee rate for a product kind; never below zero (the platform never pays to take a fee). */
export function commissionRateFor(
  kind: ProductKind,
  rates: CommissionRates = DEFAULT_COMMISSION_RATES,
): number {
  return Math.min(FULL_BASIS_POINTS, Math.max(0, rates[kind]));
}

/** A gross amount split between the one paid and the platform. */
export interface CommissionSplit {
  readonly payee: Money;
  readonly platform: Money;
}

/**
 * Splits `gross` into the platform's fee (`basisPoints` of it, rounded down) and the payee's
 * share, which takes the remainder: the parts always add up to the gross, to the minor unit,
 * and rounding never favours the platform.
 */
export function splitCommission(gross: Money, basisPoints: number): CommissionSplit {
  if (!Number.isSafeInteger(basisPoints) || basisPoints < 0 || basisPoints > FULL_BASIS_POINTS) {
    throw new RangeError(`a commission is 0..${FULL_BASIS_POINTS} basis points, got ${basisPoints}`);
  }
  return split(gross, { platform: basisPoints, payee: FULL_BASIS_POINTS - basisPoints }, 'payee');
}
