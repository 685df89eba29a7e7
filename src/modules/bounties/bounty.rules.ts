import type { Money } from '../../platform/money.js';

/**
 * What a bounty may be offered on, and how much (Stack Overflow's rules): an open question at
 * least two days old, an amount within the configured bounds, one active bounty per question and
 * at most three per member. A pure check; the service checks the `offer_bounty` privilege
 * (reputation's table) before it, and the wallet after.
 */

export const MIN_QUESTION_AGE_DAYS = 2;
export const MAX_ACTIVE_PER_MEMBER = 3;

export interface BountyLimits {
  /** Smallest and largest bounty, per currency, in minor units. */
  readonly minMinor: number;
  readonly maxMinor: number;
}

export interface OfferFacts {
  readonly question: { readonly createdAt: Date; readonly deleted: boolean; readonly closed: boolean };
  /** Open bounties on this question, and the member's open bounties anywhere. */
  readonly activeOnQuestion: number;
  readonly activeByMember: number;
  readonly amount: Money;
  readonly now: Date;
}

/** Why an offer is refused; each is a catalogue key and an error code. */
export type OfferRefusal =
  | 'bounty.question_closed'
  | 'bounty.question_too_new'
  | 'bounty.already_active'
  | 'bounty.too_many_active'
  | 'bounty.amount_too_small'
  | 'bounty.amount_too_large';

/** The first rule an offer breaks, or null when it may be made. */
export function checkBountyOffer(facts: OfferFacts, limits: BountyLimits): OfferRefusal | null {
  if (facts.question.deleted || facts.question.closed) return 'bounty.question_closed';
  const ageMs = facts.now.getTime() - facts.question.createdAt.getTime();
  if (ageMs < MIN_QUESTION_AGE_DAYS * 86_400_000) return 'bounty.question_too_new';
  if (facts.activeOnQuestion > 0) return 'bounty.already_active';
  if (facts.activeByMember >= MAX_ACTIVE_PER_MEMBER) return 'bounty.too_many_active';
  if (facts.amount.amountMinor < limits.minMinor) return 'bounty.amount_too_small';
  if (facts.amount.amountMinor > limits.maxMinor) return 'bounty.amount_too_large';
  return null;
}
