/**
 * The life of a payout, as a pure function: a member **requests** it (the money leaves their
 * wallet for payouts payable), an admin **approves** or **rejects** it, and an approved payout is
 * **paid** when the gateway's transfer succeeds or **failed** when it does not (the money goes back
 * to the wallet). Paid, failed and rejected payouts never move again.
 */

export const PAYOUT_STATES = ['requested', 'approved', 'paid', 'failed', 'rejected'] as const;

export type PayoutState = (typeof PAYOUT_STATES)[number];

/** What can happen to a payout: two admin decisions and the gateway's two answers. */
export type PayoutEvent = 'approve' | 'reject' | 'transfer_succeeded' | 'transfer_failed';

/** Why an event does not apply; each is a catalogue key and an error code (409). */
export type PayoutRefusal =
  | 'payout.already_approved'
  | 'payout.already_paid'
  | 'payout.already_failed'
  | 'payout.already_rejected'
  | 'payout.not_approved';

/** The allowed moves. */
export const PAYOUT_MOVES: Readonly<
  Record<PayoutState, Readonly<Partial<Record<PayoutEvent, PayoutState>>>>
> = {
  requested: { approve: 'approved', reject: 'rejected' },
  approved: { transfer_succeeded: 'paid', transfer_failed: 'failed' },
  paid: {},
  failed: {},
  rejected: {},
};

const SETTLED: Readonly<Record<'paid' | 'failed' | 'rejected', PayoutRefusal>> = {
  paid: 'payout.already_paid',
  failed: 'payout.already_failed',
  rejected: 'payout.already_rejected',
};

export type PayoutTransition = { ok: true; next: PayoutState } | { ok: false; reason: PayoutRefusal };

/** The state a payout moves to on `event`, or why it cannot. */
export function nextPayoutState(state: PayoutState, event: PayoutEvent): PayoutTransition {
  const next = PAYOUT_MOVES[state][event];
  if (next !== undefined) return { ok: true, next };
  if (state === 'requested') return { ok: false, reason: 'payout.not_approved' };
  if (state === 'approved') return { ok: false, reason: 'payout.already_approved' };
  return { ok: false, reason: SETTLED[state] };
}

/** True once the payout's money has left payouts payable (paid out, or back in the wallet). */
export function isSettled(state: PayoutState): boolean {
  return state === 'paid' || state === 'failed' || state === 'rejected';
}

/** True while the money sits in payouts payable: requested or approved. */
export function isPending(state: PayoutState): boolean {
  return state === 'requested' || state === 'approved';
}

export function isPayoutState(value: unknown): value is PayoutState {
  return typeof value === 'string' && (PAYOUT_STATES as readonly string[]).includes(value);
}
