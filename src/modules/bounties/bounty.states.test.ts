import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { money } from '../../platform/money.js';
import {
  autoAwardWinner,
  type BountyAnswer,
  type BountyFacts,
  bountyDeadlines,
  bountyPhase,
  decideAward,
  settleUnawarded,
} from './bounty.states.js';

const START = new Date('2026-03-01T12:00:00Z');
const at = (hours: number) => new Date(START.getTime() + hours * 3_600_000);
const OFFERER = 1;

function bounty(overrides: Partial<BountyFacts> = {}): BountyFacts {
  return {
    state: 'open',
    offererId: OFFERER,
    startedAt: START,
    ...bountyDeadlines(START),
    amount: money(10_000, 'CNY'),
    ...overrides,
  };
}

function answer(overrides: Partial<BountyAnswer> = {}): BountyAnswer {
  return { id: 10, authorId: 2, score: 0, createdAt: at(1), deleted: false, ...overrides };
}

describe('bounty time', () => {
  test('runs 7 days, then 24 hours of grace, then is due', () => {
    const b = bounty();
    assert.equal(b.endsAt.toISOString(), '2026-03-08T12:00:00.000Z');
    assert.equal(b.graceEndsAt.toISOString(), '2026-03-09T12:00:00.000Z');
    assert.equal(bountyPhase(b, at(0)), 'running');
    assert.equal(bountyPhase(b, at(7 * 24 - 0.001)), 'running');
    assert.equal(bountyPhase(b, at(7 * 24)), 'grace');
    assert.equal(bountyPhase(b, at(8 * 24 - 0.001)), 'grace');
    assert.equal(bountyPhase(b, at(8 * 24)), 'due');
  });
});

describe('awarding', () => {
  test('the offerer awards any live answer but their own, while running or in grace', () => {
    assert.deepEqual(decideAward(bounty(), OFFERER, answer(), at(5)), { ok: true, next: 'awarded' });
    assert.deepEqual(decideAward(bounty(), OFFERER, answer(), at(7 * 24 + 3)), { ok: true, next: 'awarded' });
    // An answer from before the bounty may be awarded by hand (only the automatic half needs a later one).
    assert.deepEqual(decideAward(bounty(), OFFERER, answer({ createdAt: at(-48) }), at(5)), {
      ok: true,
      next: 'awarded',
    });
  });

  test('refuses others, own answers, deleted answers, after grace, and settled bounties', () => {
    const refusal = (b: BountyFacts, who: number, a: BountyAnswer, now: Date) => {
      const d = decideAward(b, who, a, now);
      return d.ok ? 'ok' : d.reason;
    };
    assert.equal(refusal(bounty(), 2, answer({ authorId: 3 }), at(5)), 'bounty.not_offerer');
    assert.equal(refusal(bounty(), OFFERER, answer({ authorId: OFFERER }), at(5)), 'bounty.own_answer');
    assert.equal(refusal(bounty(), OFFERER, answer({ deleted: true }), at(5)), 'bounty.answer_deleted');
    assert.equal(refusal(bounty(), OFFERER, answer(), at(8 * 24)), 'bounty.award_closed');
    assert.equal(refusal(bounty({ state: 'awarded' }), OFFERER, answer(), at(5)), 'bounty.already_awarded');
    assert.equal(
      refusal(bounty({ state: 'auto_awarded' }), OFFERER, answer(), at(5)),
      'bounty.already_awarded',
    );
    assert.equal(refusal(bounty({ state: 'refunded' }), OFFERER, answer(), at(5)), 'bounty.already_refunded');
  });
});

describe('settling an unawarded bounty at the end of grace', () => {
  test('half to the best answer posted after the start with score ≥ 2, the rest refunded', () => {
    const answers = [
      answer({ id: 11, score: 5, createdAt: at(-1) }), // before the bounty: not eligible
      answer({ id: 12, score: 2, createdAt: at(10) }),
      answer({ id: 13, score: 3, createdAt: at(20) }),
      answer({ id: 14, score: 9, createdAt: at(30), authorId: OFFERER }), // the offerer's own
      answer({ id: 15, score: 8, createdAt: at(40), deleted: true }),
    ];
    const settled = settleUnawarded(bounty({ amount: money(10_001, 'CNY') }), answers, at(8 * 24));
    assert.ok(settled.ok && settled.next === 'auto_awarded');
    assert.equal(settled.winner.id, 13);
    assert.deepEqual(settled.toWinner, money(5_000, 'CNY'));
    assert.deepEqual(settled.refund, money(5_001, 'CNY'), 'the odd minor unit goes back to the offerer');
  });

  test('everything refunded when no answer qualifies; refused before grace ends or when settled', () => {
    const weak = [answer({ score: 1 }), answer({ id: 11, score: 4, createdAt: at(-2) })];
    assert.deepEqual(settleUnawarded(bounty(), weak, at(8 * 24)), {
      ok: true,
      next: 'refunded',
      refund: money(10_000, 'CNY'),
    });
    assert.deepEqual(settleUnawarded(bounty(), weak, at(8 * 24 - 1)), {
      ok: false,
      reason: 'bounty.not_due',
    });
    assert.deepEqual(settleUnawarded(bounty({ state: 'awarded' }), weak, at(9 * 24)), {
      ok: false,
      reason: 'bounty.already_awarded',
    });
  });

  test('ties go to the earlier answer', () => {
    const winner = autoAwardWinner(bounty(), [
      answer({ id: 21, score: 4, createdAt: at(30) }),
      answer({ id: 22, score: 4, createdAt: at(20) }),
    ]);
    assert.equal(winner?.id, 22);
  });

  test('whatever the amount, winner + refund is exactly the bounty', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000_000 }), (minor) => {
        const settled = settleUnawarded(
          bounty({ amount: money(minor, 'USD') }),
          [answer({ score: 2, createdAt: at(2) })],
          at(9 * 24),
        );
        assert.ok(settled.ok && settled.next === 'auto_awarded');
        assert.equal(settled.toWinner.amountMinor + settled.refund.amountMinor, minor);
        assert.ok(settled.refund.amountMinor >= settled.toWinner.amountMinor);
      }),
    );
  });
});
