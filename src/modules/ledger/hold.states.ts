/**
 * The life of a hold (escrow), as a pure function: a hold is placed **held**, then settled exactly
 * once: released to a payee, partly released (the rest refunded), refunded, or expired (refunded
 * because its time ran out). A settled hold never moves again.
 */

export const HOLD_STATES = ['held', 'released', 'partially_released', 'refunded', 'expired'] as const;

export type HoldState = (typeof HOLD_STATES)[number];

/** What can happen to a hold; each is one use case in holds.service.ts. */
export type HoldEvent = 'release' | 'release_partially' | 'refund' | 'expire';

/** Why an event does not apply; each is a catalogue key and an error code (409). */
export type HoldRefusal =
  | 'hold.already_released'
  | 'hold.already_refunded'
  | 'hold.already_expired'
  | 'hold.expired'
  | 'hold.not_expired';

/** The allowed moves: only a held hold moves, and each event leads to one state. */
export const HOLD_MOVES: Readonly<Record<HoldState, Readonly<Partial<Record<HoldEvent, HoldState>>>>> = {
  held: {
    release: 'released',
    release_partially: 'partially_released',
    refund: 'refunded',
    expire: 'expired',
  },
  released: {},
  partially_released: {},
  refunded: {},
  expired: {},
};

/** Why a settled hold refuses everything: named after how it was settled. */
const SETTLED: Readonly<Record<Exclude<HoldState, 'held'>, HoldRefusal>> = {
  released: 'hold.already_released',
  partially_released: 'hold.already_released',
  refunded: 'hold.already_refunded',
  expired: 'hold.already_expired',
};

/** What the state machine needs to know about a hold. */
export interface HoldFacts {
  readonly state: HoldState;
  /** When it may be expired; null for holds that wait until released or refunded. */
  readonly expiresAt: Date | null;
}

export type HoldTransition = { ok: true; next: HoldState } | { ok: false; reason: HoldRefusal };

/**
 * The state a hold moves to on `event` at `now`, or why it cannot. A hold past its expiry can
 * still be refunded or expired, but no longer paid out; one without expiry never expires.
 */
export function nextHoldState(hold: HoldFacts, event: HoldEvent, now: Date): HoldTransition {
  if (hold.state !== 'held') return { ok: false, reason: SETTLED[hold.state] };
  const due = hold.expiresAt !== null && now.getTime() >= hold.expiresAt.getTime();
  if ((event === 'release' || event === 'release_partially') && due)
    return { ok: false, reason: 'hold.expired' };
  if (event === 'expire' && !due) return { ok: false, reason: 'hold.not_expired' };
  const next = HOLD_MOVES.held[event];
  // The table covers every event from held; this is for the type checker.
  if (next === undefined) throw new Error(`no move from held on ${event}`);
  return { ok: true, next };
}

/** True once a hold has been settled one way or another. */
export function isSettled(state: HoldState): boolean {
  return state !== 'held';
}
