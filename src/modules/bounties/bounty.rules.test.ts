import assert from 'node:assert/strict';
import { test } from 'node:test';
import { money } from '../../platform/money.js';
import { checkBountyOffer, type OfferFacts } from './bounty.rules.js';

const NOW = new Date('2026-03-10T00:00:00Z');
const LIMITS = { minMinor: 500, maxMinor: 1_000_000 };

function offer(overrides: Partial<OfferFacts> = {}): OfferFacts {
  return {
    question: { createdAt: new Date('2026-03-08T00:00:00Z'), deleted: false, closed: false },
    activeOnQuestion: 0,
    activeByMember: 2,
    amount: money(5_000, 'CNY'),
    now: NOW,
    ...overrides,
  };
}

test('an offer within every rule is accepted', () => {
  assert.equal(checkBountyOffer(offer(), LIMITS), null);
  assert.equal(checkBountyOffer(offer({ amount: money(500, 'CNY') }), LIMITS), null);
  assert.equal(checkBountyOffer(offer({ amount: money(1_000_000, 'CNY') }), LIMITS), null);
});

test('each rule refuses with its own code', () => {
  const cases: Array<[Partial<OfferFacts>, string]> = [
    [
      { question: { createdAt: new Date('2026-03-01T00:00:00Z'), deleted: false, closed: true } },
      'bounty.question_closed',
    ],
    [
      { question: { createdAt: new Date('2026-03-01T00:00:00Z'), deleted: true, closed: false } },
      'bounty.question_closed',
    ],
    [
      { question: { createdAt: new Date('2026-03-08T00:00:01Z'), deleted: false, closed: false } },
      'bounty.question_too_new',
    ],
    [{ activeOnQuestion: 1 }, 'bounty.already_active'],
    [{ activeByMember: 3 }, 'bounty.too_many_active'],
    [{ amount: money(499, 'CNY') }, 'bounty.amount_too_small'],
    [{ amount: money(1_000_001, 'CNY') }, 'bounty.amount_too_large'],
  ];
  for (const [overrides, code] of cases) {
    assert.equal(checkBountyOffer(offer(overrides), LIMITS), code, JSON.stringify(overrides));
  }
});
