import { type Money, split } from '../../platform/money.js';

/**
 * The life of a cash bounty, as pure functions (Stack Overflow's rules, with real money held in
 * escrow): a bounty is **open** for 7 days, then in **grace** for 24 hours; the offerer may award
 * it to any answer but their own during either. Not awarded when grace ends: half goes to the
 * highest-scored answer posted after the bounty started with a score of at least 2
 * (**auto_awarded**, the other half refunded), or everything is refunded (**refunded**).
 * A settled bounty never moves again.
 */

export const BOUNTY_STATES = ['open', 'awarded', 'auto_awarded', 'refunded'] as const;
export type BountyState = (typeof BOUNTY_STATES)[number];

/** Where an open bounty is in its time: before the end, in grace, or past grace (due to settle). */
export type BountyPhase = 'running' | 'grace' | 'due';

export const BOUNTY_DAYS = 7;
export const GRACE_HOURS = 24;
/** An answer needs this score to receive half of an unawarded bounty. */
export const AUTO_AWARD_MIN_SCORE = 2;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** When a bounty started at `start` ends, and when its grace period ends. */
export function bountyDeadlines(start: Date): { endsAt: Date; graceEndsAt: Date } {
  const endsAt = new Date(start.getTime() + BOUNTY_DAYS * DAY_MS);
  return { endsAt, graceEndsAt: new Date(endsAt.getTime() + GRACE_HOURS * HOUR_MS) };
}

/** The phase of an open bounty at `now`. */
export function bountyPhase(bounty: { endsAt: Date; graceEndsAt: Date }, now: Date): BountyPhase {
  if (now.getTime() < bounty.endsAt.getTime()) return 'running';
  if (now.getTime() < bounty.graceEndsAt.getTime()) return 'grace';
  return 'due';
}

/** What the rules need to know about a bounty. */
export interface BountyFacts {
  readonly state: BountyState;
  readonly offererId: number;
  readonly startedAt: Date;
  readonly endsAt: Date;
  readonly graceEndsAt: Date;
  readonly amount: Money;
}

/** An answer of the bounty's question, as the rules see it. */
export interface BountyAnswer {
  readonly id: number;
  readonly authorId: number | null;
  readonly score: number;
  readonly createdAt: Date;
  readonly deleted: boolean;
}

/** Why an award or settlement is refused; each is a catalogue key and an error code. */
export type BountyRefusal =
  | 'bounty.already_awarded'
  | 'bounty.already_refunded'
  | 'bounty.not_offerer'
  | 'bounty.own_answer'
  | 'bounty.answer_deleted'
  | 'bounty.award_closed'
  | 'bounty.not_due';

const SETTLED: Readonly<Record<Exclude<BountyState, 'open'>, BountyRefusal>> = {
  awarded: 'bounty.already_awarded',
  auto_awarded: 'bounty.already_awarded',
  refunded: 'bounty.already_refunded',
};

export type AwardDecision = { ok: true; next: 'awarded' } | { ok: false; reason: BountyRefusal };

/** Whether `awarderId` may award the bounty to `answer` at `now` (running or grace, not their own). */
export function decideAward(
  bounty: BountyFacts,
  awarderId: number,
  answer: BountyAnswer,
  now: Date,
): AwardDecision {
  if (bounty.state !== 'open') return { ok: false, reason: SETTLED[bounty.state] };
  if (awarderId !== bounty.offererId) return { ok: false, reason: 'bounty.not_offerer' };
  if (bountyPhase(bounty, now) === 'due') return { ok: false, reason: 'bounty.award_closed' };
  if (answer.deleted) return { ok: false, reason: 'bounty.answer_deleted' };
  if (answer.authorId === bounty.offererId) return { ok: false, reason: 'bounty.own_answer' };
  return { ok: true, next: 'awarded' };
}

/** The answer that receives half of an unawarded bounty, if any qualifies. */
export function autoAwardWinner(bounty: BountyFacts, answers: readonly BountyAnswer[]): BountyAnswer | null {
  const eligible = answers.filter(
    (a) =>
      !a.deleted &&
      a.authorId !== null &&
      a.authorId !== bounty.offererId &&
      a.score >= AUTO_AWARD_MIN_SCORE &&
      a.createdAt.getTime() >= bounty.startedAt.getTime(),
  );
  // Highest score; on a tie the earlier answer, then the lower id (deterministic).
  eligible.sort((a, b) => b.score - a.score || a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
  return eligible[0] ?? null;
}

export type Settlement =
  | { ok: true; next: 'auto_awarded'; winner: BountyAnswer; toWinner: Money; refund: Money }
  | { ok: true; next: 'refunded'; refund: Money }
  | { ok: false; reason: BountyRefusal };

/**
 * What happens to an open bounty once its grace period is over: half (rounded down) to the
 * auto-award winner and the rest back to the offerer, or all of it back. Refused before then.
 */
export function settleUnawarded(
  bounty: BountyFacts,
  answers: readonly BountyAnswer[],
  now: Date,
): Settlement {
  if (bounty.state !== 'open') return { ok: false, reason: SETTLED[bounty.state] };
  if (bountyPhase(bounty, now) !== 'due') return { ok: false, reason: 'bounty.not_due' };
  const winner = autoAwardWinner(bounty, answers);
  if (!winner) return { ok: true, next: 'refunded', refund: bounty.amount };
  const parts = split(bounty.amount, { winner: 1, offerer: 1 }, 'offerer');
  return { ok: true, next: 'auto_awarded', winner, toWinner: parts.winner, refund: parts.offerer };
}
