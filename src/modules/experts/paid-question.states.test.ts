import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  canReadAnswer,
  canViewQuestion,
  DISPUTE_WINDOW_HOURS,
  deadlineOf,
  decideAnswer,
  decideDecline,
  decideDispute,
  decideDisputeOutcome,
  decideExpire,
  decideRating,
  decideUnlock,
  nextPaidQuestionState,
  PAID_QUESTION_STATES,
  type PaidQuestionFacts,
  type PaidQuestionState,
  RATING_WINDOW_DAYS,
} from './paid-question.states.js';

const ASKER = 1;
const EXPERT = 2;
const OTHER = 3;
const ASKED = new Date('2026-03-01T10:00:00Z');
const HOUR = 3_600_000;
const at = (hours: number) => new Date(ASKED.getTime() + hours * HOUR);

function question(overrides: Partial<PaidQuestionFacts> = {}): PaidQuestionFacts {
  return {
    state: 'paid',
    askerId: ASKER,
    expertId: EXPERT,
    visibility: 'public',
    deadlineAt: deadlineOf(ASKED, 48),
    answeredAt: null,
    ...overrides,
  };
}

/** Answered at hour 10. */
const answered = (overrides: Partial<PaidQuestionFacts> = {}) =>
  question({ state: 'answered', answeredAt: at(10), ...overrides });

describe('paid question states', () => {
  test('the deadline is the asking time plus the expert’s hours', () => {
    assert.deepEqual(deadlineOf(ASKED, 48), at(48));
    assert.deepEqual(deadlineOf(ASKED, 1), at(1));
  });

  test('only a paid question is answered, declined or expired; only an answered one refunded', () => {
    const moves: Record<PaidQuestionState, string[]> = {
      paid: ['answer', 'decline', 'expire'],
      answered: ['refund_after_dispute'],
      declined: [],
      expired: [],
      refunded: [],
    };
    for (const state of PAID_QUESTION_STATES) {
      for (const event of ['answer', 'decline', 'expire', 'refund_after_dispute'] as const) {
        // Expiry needs the deadline reached; the others need it not reached (refund: any time).
        const now = event === 'expire' ? at(48) : at(1);
        const result = nextPaidQuestionState(question({ state, answeredAt: at(0.5) }), event, now);
        assert.equal(result.ok, moves[state].includes(event), `${state} on ${event}`);
      }
    }
  });

  test('a settled question refuses the expert with a reason named after how it was settled', () => {
    const cases: Array<[PaidQuestionState, string]> = [
      ['answered', 'paid_question.already_answered'],
      ['declined', 'paid_question.already_declined'],
      ['expired', 'paid_question.already_expired'],
      ['refunded', 'paid_question.already_refunded'],
    ];
    for (const [state, reason] of cases) {
      assert.deepEqual(decideAnswer(question({ state, answeredAt: at(1) }), EXPERT, at(2)), {
        ok: false,
        reason,
      });
      assert.deepEqual(decideDecline(question({ state, answeredAt: at(1) }), EXPERT, at(2)), {
        ok: false,
        reason,
      });
    }
  });

  test('answer and decline: the expert only, before the deadline', () => {
    assert.deepEqual(decideAnswer(question(), EXPERT, at(47.9)), { ok: true, next: 'answered' });
    assert.deepEqual(decideDecline(question(), EXPERT, at(1)), { ok: true, next: 'declined' });
    assert.deepEqual(decideAnswer(question(), ASKER, at(1)), {
      ok: false,
      reason: 'paid_question.not_expert',
    });
    assert.deepEqual(decideDecline(question(), OTHER, at(1)), {
      ok: false,
      reason: 'paid_question.not_expert',
    });
    assert.deepEqual(decideAnswer(question(), EXPERT, at(48)), {
      ok: false,
      reason: 'paid_question.deadline_passed',
    });
    assert.deepEqual(decideDecline(question(), EXPERT, at(49)), {
      ok: false,
      reason: 'paid_question.deadline_passed',
    });
  });

  test('a private question is not found for a member who is neither asker nor expert', () => {
    const secret = question({ visibility: 'private' });
    assert.deepEqual(decideAnswer(secret, OTHER, at(1)), { ok: false, reason: 'paid_question.not_found' });
    assert.deepEqual(decideUnlock(answered({ visibility: 'private' }), OTHER, { disputeOpen: false }), {
      ok: false,
      reason: 'paid_question.not_found',
    });
    assert.equal(canViewQuestion(secret, OTHER, false), false);
    assert.equal(canViewQuestion(secret, null, false), false);
    assert.equal(canViewQuestion(secret, ASKER, false), true);
    assert.equal(canViewQuestion(secret, EXPERT, false), true);
    assert.equal(canViewQuestion(secret, OTHER, true), true, 'moderators see it');
    assert.equal(canViewQuestion(question(), null, false), true, 'public: everyone');
  });

  test('expiry: only from the deadline on, only while paid', () => {
    assert.deepEqual(decideExpire(question(), at(47.99)), { ok: false, reason: 'paid_question.not_due' });
    assert.deepEqual(decideExpire(question(), at(48)), { ok: true, next: 'expired' });
    assert.deepEqual(decideExpire(answered(), at(100)), {
      ok: false,
      reason: 'paid_question.already_answered',
    });
  });

  test('unlock: public and answered, not your own, not while disputed', () => {
    assert.deepEqual(decideUnlock(answered(), OTHER, { disputeOpen: false }), { ok: true, next: 'unlocked' });
    assert.deepEqual(decideUnlock(question(), OTHER, { disputeOpen: false }), {
      ok: false,
      reason: 'paid_question.not_answered',
    });
    assert.deepEqual(decideUnlock(question({ state: 'expired' }), OTHER, { disputeOpen: false }), {
      ok: false,
      reason: 'paid_question.not_answered',
    });
    assert.deepEqual(decideUnlock(answered({ state: 'refunded' }), OTHER, { disputeOpen: false }), {
      ok: false,
      reason: 'paid_question.already_refunded',
    });
    assert.deepEqual(decideUnlock(answered(), OTHER, { disputeOpen: true }), {
      ok: false,
      reason: 'paid_question.disputed',
    });
    for (const own of [ASKER, EXPERT]) {
      assert.deepEqual(decideUnlock(answered(), own, { disputeOpen: false }), {
        ok: false,
        reason: 'paid_question.unlock_not_needed',
      });
    }
  });

  test('who reads the answer: asker, expert, unlockers, moderators', () => {
    const q = answered();
    assert.equal(canReadAnswer(q, ASKER, { unlocked: false, isModerator: false }), true);
    assert.equal(canReadAnswer(q, EXPERT, { unlocked: false, isModerator: false }), true);
    assert.equal(canReadAnswer(q, OTHER, { unlocked: false, isModerator: false }), false);
    assert.equal(canReadAnswer(q, OTHER, { unlocked: true, isModerator: false }), true);
    assert.equal(canReadAnswer(q, null, { unlocked: false, isModerator: false }), false);
    assert.equal(canReadAnswer(q, OTHER, { unlocked: false, isModerator: true }), true);
  });

  test('rating: the asker, once, within 7 days of the answer', () => {
    const windowEnd = 10 + RATING_WINDOW_DAYS * 24;
    assert.deepEqual(decideRating(answered(), ASKER, at(windowEnd - 0.01), { alreadyRated: false }), {
      ok: true,
      next: 'rated',
    });
    assert.deepEqual(decideRating(answered(), ASKER, at(windowEnd), { alreadyRated: false }), {
      ok: false,
      reason: 'paid_question.rating_closed',
    });
    assert.deepEqual(decideRating(answered(), ASKER, at(11), { alreadyRated: true }), {
      ok: false,
      reason: 'paid_question.already_rated',
    });
    assert.deepEqual(decideRating(answered(), EXPERT, at(11), { alreadyRated: false }), {
      ok: false,
      reason: 'paid_question.not_asker',
    });
    assert.deepEqual(decideRating(answered(), OTHER, at(11), { alreadyRated: false }), {
      ok: false,
      reason: 'paid_question.not_asker',
    });
    assert.deepEqual(decideRating(question(), ASKER, at(11), { alreadyRated: false }), {
      ok: false,
      reason: 'paid_question.not_answered',
    });
    assert.deepEqual(
      decideRating(answered({ visibility: 'private' }), OTHER, at(11), { alreadyRated: false }),
      {
        ok: false,
        reason: 'paid_question.not_found',
      },
    );
  });

  test('dispute: the asker, once, within 72 hours of the answer', () => {
    const windowEnd = 10 + DISPUTE_WINDOW_HOURS;
    assert.deepEqual(decideDispute(answered(), ASKER, at(windowEnd - 0.01), { alreadyDisputed: false }), {
      ok: true,
      next: 'open',
    });
    assert.deepEqual(decideDispute(answered(), ASKER, at(windowEnd), { alreadyDisputed: false }), {
      ok: false,
      reason: 'paid_question.dispute_closed',
    });
    assert.deepEqual(decideDispute(answered(), ASKER, at(11), { alreadyDisputed: true }), {
      ok: false,
      reason: 'paid_question.already_disputed',
    });
    assert.deepEqual(decideDispute(answered(), EXPERT, at(11), { alreadyDisputed: false }), {
      ok: false,
      reason: 'paid_question.not_asker',
    });
    assert.deepEqual(
      decideDispute(question({ state: 'declined' }), ASKER, at(11), { alreadyDisputed: false }),
      {
        ok: false,
        reason: 'paid_question.not_answered',
      },
    );
  });

  test('a dispute is decided once: refund moves the question to refunded, release leaves it answered', () => {
    const open = { state: 'open' as const };
    assert.deepEqual(decideDisputeOutcome(open, answered(), 'refund', at(20)), {
      ok: true,
      next: 'refunded',
    });
    assert.deepEqual(decideDisputeOutcome(open, answered(), 'release', at(20)), {
      ok: true,
      next: 'released',
    });
    for (const state of ['refunded', 'released'] as const) {
      assert.deepEqual(decideDisputeOutcome({ state }, answered(), 'refund', at(20)), {
        ok: false,
        reason: 'dispute.already_decided',
      });
    }
    assert.deepEqual(decideDisputeOutcome(open, answered({ state: 'refunded' }), 'refund', at(20)), {
      ok: false,
      reason: 'paid_question.already_refunded',
    });
  });
});
