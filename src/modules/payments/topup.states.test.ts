import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { money } from '../../platform/money.js';
import {
  inFlightTotal,
  nextOrderState,
  nextRefundState,
  ORDER_STATES,
  type OrderState,
  REFUND_STATES,
  type RefundState,
  refundable,
  refundedAfter,
} from './topup.states.js';

const cny = (amountMinor: number) => money(amountMinor, 'CNY');

const now = new Date('2026-11-25T12:00:00Z');
const past = new Date('2026-11-25T11:00:00Z');
const future = new Date('2026-11-25T13:00:00Z');

describe('order states', () => {
  test('created → paid credits the wallet', () => {
    assert.deepEqual(nextOrderState('created', { kind: 'pay' }, now), {
      ok: true,
      next: 'paid',
      credit: true,
      late: false,
    });
  });

  test('a payment after failure or expiry still credits, marked late', () => {
    for (const state of ['failed', 'expired'] as const) {
      assert.deepEqual(nextOrderState(state, { kind: 'pay' }, now), {
        ok: true,
        next: 'paid',
        credit: true,
        late: true,
      });
    }
  });

  test('a second payment event changes nothing', () => {
    assert.deepEqual(nextOrderState('paid', { kind: 'pay' }, now), { ok: false, reason: 'already_paid' });
    assert.deepEqual(nextOrderState('refunded', { kind: 'pay' }, now), {
      ok: false,
      reason: 'already_refunded',
    });
  });

  test('failure applies only to a created order; after payment it is ignored', () => {
    assert.deepEqual(nextOrderState('created', { kind: 'fail' }, now), {
      ok: true,
      next: 'failed',
      credit: false,
      late: false,
    });
    const reasons: Record<Exclude<OrderState, 'created'>, string> = {
      paid: 'already_paid',
      refunded: 'already_refunded',
      failed: 'already_failed',
      expired: 'already_expired',
    };
    for (const [state, reason] of Object.entries(reasons)) {
      assert.deepEqual(nextOrderState(state as OrderState, { kind: 'fail' }, now), { ok: false, reason });
    }
  });

  test('expiry only from expiresAt on, unless the gateway closed the checkout', () => {
    assert.deepEqual(nextOrderState('created', { kind: 'expire', expiresAt: future }, now), {
      ok: false,
      reason: 'not_due',
    });
    assert.equal(nextOrderState('created', { kind: 'expire', expiresAt: now }, now).ok, true);
    assert.equal(nextOrderState('created', { kind: 'expire', expiresAt: past }, now).ok, true);
    const byGateway = nextOrderState('created', { kind: 'expire', expiresAt: future, byGateway: true }, now);
    assert.ok(byGateway.ok && byGateway.next === 'expired' && !byGateway.credit);
    assert.deepEqual(nextOrderState('paid', { kind: 'expire', expiresAt: past }, now), {
      ok: false,
      reason: 'already_paid',
    });
  });

  test('refunds: partial keeps paid, the last one makes it refunded, never more than paid', () => {
    const partial = nextOrderState('paid', { kind: 'refunded', refunded: cny(3000), paid: cny(10000) }, now);
    assert.ok(partial.ok && partial.next === 'paid');
    const full = nextOrderState('paid', { kind: 'refunded', refunded: cny(10000), paid: cny(10000) }, now);
    assert.ok(full.ok && full.next === 'refunded');
    assert.deepEqual(
      nextOrderState('paid', { kind: 'refunded', refunded: cny(10001), paid: cny(10000) }, now),
      { ok: false, reason: 'refund_exceeds_payment' },
    );
    for (const state of ['created', 'failed', 'expired'] as const) {
      assert.deepEqual(nextOrderState(state, { kind: 'refunded', refunded: cny(1), paid: cny(10000) }, now), {
        ok: false,
        reason: 'not_paid',
      });
    }
  });

  test('every state answers every event (the table is total)', () => {
    const events = [
      { kind: 'pay' },
      { kind: 'fail' },
      { kind: 'expire', expiresAt: past },
      { kind: 'refunded', refunded: cny(1), paid: cny(2) },
    ] as const;
    for (const state of ORDER_STATES) {
      for (const event of events) {
        const result = nextOrderState(state, event, now);
        assert.ok(result.ok ? ORDER_STATES.includes(result.next) : typeof result.reason === 'string');
        if (result.ok && result.credit) assert.equal(event.kind, 'pay', 'only a payment credits');
      }
    }
  });

  test('refundable amount: only of a paid order, less refunds done and in flight, never below zero', () => {
    const order = (status: OrderState, refundedMinor: number) => ({
      status,
      amountMinor: 10000,
      refundedMinor,
      currency: 'CNY' as const,
    });
    const refund = (status: RefundState, amountMinor: number) => ({
      status,
      amountMinor,
      currency: 'CNY' as const,
    });
    assert.deepEqual(refundable(order('paid', 0), []), cny(10000));
    assert.deepEqual(
      refundable(order('paid', 2000), [
        refund('succeeded', 2000),
        refund('requested', 1000),
        refund('pending', 2000),
        refund('failed', 4000),
      ]),
      cny(5000),
    );
    assert.deepEqual(refundable(order('paid', 9000), [refund('pending', 2000)]), cny(0));
    assert.deepEqual(refundable(order('created', 0), []), cny(0));
    assert.deepEqual(refundable(order('refunded', 10000), []), cny(0));
  });

  test('refunds in flight are the requested and pending ones; a settled refund adds to the refunded total', () => {
    const refunds = (['requested', 'pending', 'succeeded', 'failed'] as const).map((status, i) => ({
      status,
      amountMinor: 10 ** i,
      currency: 'CNY' as const,
    }));
    assert.deepEqual(inFlightTotal('CNY', refunds), cny(11));
    assert.deepEqual(inFlightTotal('USD', []), money(0, 'USD'));
    assert.deepEqual(
      refundedAfter(
        { status: 'paid', amountMinor: 10000, refundedMinor: 2500, currency: 'CNY' },
        { status: 'pending', amountMinor: 1500, currency: 'CNY' },
      ),
      cny(4000),
    );
  });
});

describe('refund states', () => {
  test('requested goes anywhere once; pending settles once; settled refuses everything', () => {
    assert.equal(nextRefundState('requested', 'succeeded'), 'succeeded');
    assert.equal(nextRefundState('requested', 'failed'), 'failed');
    assert.equal(nextRefundState('requested', 'pending'), 'pending');
    assert.equal(nextRefundState('pending', 'succeeded'), 'succeeded');
    assert.equal(nextRefundState('pending', 'failed'), 'failed');
    assert.equal(nextRefundState('pending', 'pending'), undefined);
    for (const settled of ['succeeded', 'failed'] as const) {
      for (const outcome of ['pending', 'succeeded', 'failed'] as const) {
        assert.equal(nextRefundState(settled, outcome), undefined);
      }
    }
    assert.equal(REFUND_STATES.length, 4);
  });
});
