import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  isPending,
  isSettled,
  nextPayoutState,
  PAYOUT_STATES,
  type PayoutEvent,
  type PayoutState,
} from './payout.states.js';

const EVENTS: PayoutEvent[] = ['approve', 'reject', 'transfer_succeeded', 'transfer_failed'];

describe('payout states', () => {
  test('requested → approved | rejected; approved → paid | failed', () => {
    assert.deepEqual(nextPayoutState('requested', 'approve'), { ok: true, next: 'approved' });
    assert.deepEqual(nextPayoutState('requested', 'reject'), { ok: true, next: 'rejected' });
    assert.deepEqual(nextPayoutState('approved', 'transfer_succeeded'), { ok: true, next: 'paid' });
    assert.deepEqual(nextPayoutState('approved', 'transfer_failed'), { ok: true, next: 'failed' });
  });

  test('a requested payout has no transfer outcome yet', () => {
    for (const event of ['transfer_succeeded', 'transfer_failed'] as const) {
      assert.deepEqual(nextPayoutState('requested', event), { ok: false, reason: 'payout.not_approved' });
    }
  });

  test('an approved payout cannot be approved or rejected again', () => {
    for (const event of ['approve', 'reject'] as const) {
      assert.deepEqual(nextPayoutState('approved', event), { ok: false, reason: 'payout.already_approved' });
    }
  });

  test('settled payouts refuse every event, named after how they were settled', () => {
    const reasons: Record<'paid' | 'failed' | 'rejected', string> = {
      paid: 'payout.already_paid',
      failed: 'payout.already_failed',
      rejected: 'payout.already_rejected',
    };
    for (const [state, reason] of Object.entries(reasons) as ['paid' | 'failed' | 'rejected', string][]) {
      for (const event of EVENTS) assert.deepEqual(nextPayoutState(state, event), { ok: false, reason });
    }
  });

  test('every state is exactly one of pending or settled', () => {
    for (const state of PAYOUT_STATES as readonly PayoutState[]) {
      assert.notEqual(isPending(state), isSettled(state), state);
    }
  });
});
