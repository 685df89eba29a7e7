import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  HOLD_MOVES,
  HOLD_STATES,
  type HoldEvent,
  type HoldState,
  isSettled,
  nextHoldState,
} from './hold.states.js';

const now = new Date('2026-03-01T12:00:00Z');
const earlier = new Date('2026-03-01T11:59:59Z');
const later = new Date('2026-03-01T12:00:01Z');
const events: HoldEvent[] = ['release', 'release_partially', 'refund', 'expire'];

describe('a held hold', () => {
  const held = { state: 'held' as const, expiresAt: null };
  const moves: Array<[HoldEvent, HoldState]> = [
    ['release', 'released'],
    ['release_partially', 'partially_released'],
    ['refund', 'refunded'],
  ];
  for (const [event, next] of moves) {
    test(`moves to ${next} on ${event}`, () =>
      assert.deepEqual(nextHoldState(held, event, now), { ok: true, next }));
  }

  test('without an expiry never expires', () => {
    assert.deepEqual(nextHoldState(held, 'expire', now), { ok: false, reason: 'hold.not_expired' });
  });

  test('with an expiry expires from that instant on, not before', () => {
    assert.deepEqual(nextHoldState({ state: 'held', expiresAt: later }, 'expire', now), {
      ok: false,
      reason: 'hold.not_expired',
    });
    assert.deepEqual(nextHoldState({ state: 'held', expiresAt: now }, 'expire', now), {
      ok: true,
      next: 'expired',
    });
  });

  test('past its expiry can be refunded but not released', () => {
    const due = { state: 'held' as const, expiresAt: earlier };
    assert.deepEqual(nextHoldState(due, 'release', now), { ok: false, reason: 'hold.expired' });
    assert.deepEqual(nextHoldState(due, 'release_partially', now), { ok: false, reason: 'hold.expired' });
    assert.deepEqual(nextHoldState(due, 'refund', now), { ok: true, next: 'refunded' });
  });

  test('before its expiry can be released', () => {
    assert.deepEqual(nextHoldState({ state: 'held', expiresAt: later }, 'release', now), {
      ok: true,
      next: 'released',
    });
  });
});

describe('a settled hold moves no more', () => {
  const reasons: Record<Exclude<HoldState, 'held'>, string> = {
    released: 'hold.already_released',
    partially_released: 'hold.already_released',
    refunded: 'hold.already_refunded',
    expired: 'hold.already_expired',
  };
  for (const [state, reason] of Object.entries(reasons) as Array<[Exclude<HoldState, 'held'>, string]>) {
    for (const event of events) {
      test(`${state} refuses ${event} with ${reason}`, () => {
        assert.deepEqual(nextHoldState({ state, expiresAt: earlier }, event, now), { ok: false, reason });
      });
    }
  }

  test('a released hold cannot be refunded', () => {
    assert.deepEqual(nextHoldState({ state: 'released', expiresAt: null }, 'refund', now), {
      ok: false,
      reason: 'hold.already_released',
    });
  });
});

describe('the table', () => {
  test('lists every state, and moves only out of held', () => {
    assert.deepEqual(Object.keys(HOLD_MOVES).sort(), [...HOLD_STATES].sort());
    for (const state of HOLD_STATES) {
      assert.equal(Object.keys(HOLD_MOVES[state]).length > 0, state === 'held');
      assert.equal(isSettled(state), state !== 'held');
    }
  });

  test('every move leads to a settled state', () => {
    for (const next of Object.values(HOLD_MOVES.held)) assert.ok(next && isSettled(next));
  });
});
