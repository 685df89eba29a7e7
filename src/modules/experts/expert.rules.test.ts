import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Money, money } from '../../platform/money.js';
import {
  checkExpertProfile,
  checkPaidQuestion,
  checkRating,
  ratingSummary,
  unlockSplit,
} from './expert.rules.js';

const bounds = { priceMinMinor: 100, priceMaxMinor: 500_000, defaultAnswerHours: 48 };
const valid = {
  bio: 'Ten years of PostgreSQL.',
  tags: ['PostgreSQL', 'sql'],
  price: { amountMinor: 5000, currency: 'CNY' },
  answerHours: 24,
  accepting: true,
};

describe('expert profile rules', () => {
  test('a valid profile is normalised', () => {
    const result = checkExpertProfile(valid, bounds);
    assert.deepEqual(result, {
      ok: true,
      values: {
        bio: 'Ten years of PostgreSQL.',
        tags: ['postgresql', 'sql'],
        price: money(5000, 'CNY'),
        answerHours: 24,
        accepting: true,
      },
    });
  });

  test('answer hours default to the configured ones, accepting to true', () => {
    const { answerHours: _h, accepting: _a, ...rest } = valid;
    const result = checkExpertProfile(rest, bounds);
    assert.ok(result.ok);
    assert.equal(result.values.answerHours, 48);
    assert.equal(result.values.accepting, true);
  });

  test('the price must be within the bounds, whole, in a known currency', () => {
    const priceCode = (price: unknown) => {
      const result = checkExpertProfile({ ...valid, price: price as Money }, bounds);
      return result.ok ? 'ok' : result.fields.price?.code;
    };
    assert.equal(priceCode({ amountMinor: 100, currency: 'CNY' }), 'ok');
    assert.equal(priceCode({ amountMinor: 500_000, currency: 'CNY' }), 'ok');
    assert.equal(priceCode({ amountMinor: 99, currency: 'CNY' }), 'expert.price_out_of_range');
    assert.equal(priceCode({ amountMinor: 500_001, currency: 'CNY' }), 'expert.price_out_of_range');
    assert.equal(priceCode({ amountMinor: 100.5, currency: 'CNY' }), 'money.invalid_amount');
    assert.equal(priceCode({ amountMinor: 1000, currency: 'XYZ' }), 'money.unknown_currency');
    assert.equal(priceCode(undefined), 'money.unknown_currency');
  });

  test('answer hours are whole hours from 1 to 168', () => {
    for (const [hours, ok] of [
      [1, true],
      [168, true],
      [0, false],
      [169, false],
      [1.5, false],
      ['24', false],
    ] as const) {
      const result = checkExpertProfile({ ...valid, answerHours: hours }, bounds);
      assert.equal(result.ok, ok, String(hours));
      if (!result.ok) assert.equal(result.fields.answerHours?.code, 'expert.answer_hours_invalid');
    }
  });

  test('tags: one to five valid ones; every bad field is named at once', () => {
    const result = checkExpertProfile(
      {
        bio: 'x'.repeat(2001),
        tags: [],
        price: { amountMinor: 1, currency: 'CNY' },
        answerHours: 0,
        accepting: 'yes',
      },
      bounds,
    );
    assert.equal(result.ok, false);
    assert.deepEqual(Object.keys(result.ok ? {} : result.fields).sort(), [
      'accepting',
      'answerHours',
      'bio',
      'price',
      'tags',
    ]);
    const tooMany = checkExpertProfile({ ...valid, tags: ['a', 'b', 'c', 'd', 'e', 'f'] }, bounds);
    assert.equal(tooMany.ok ? '' : tooMany.fields.tags?.code, 'validation.too_many_tags');
  });
});

describe('paid question rules', () => {
  test('title, body, optional tags, public by default', () => {
    const result = checkPaidQuestion({
      title: '  How do I tune   autovacuum? ',
      body: 'My tables bloat a lot every week.',
    });
    assert.deepEqual(result, {
      ok: true,
      values: {
        title: 'How do I tune autovacuum?',
        body: 'My tables bloat a lot every week.',
        tags: [],
        visibility: 'public',
      },
    });
    const bad = checkPaidQuestion({ title: 'short', body: '', visibility: 'secret', tags: 'x' });
    assert.equal(bad.ok, false);
    assert.deepEqual(Object.keys(bad.ok ? {} : bad.fields).sort(), ['body', 'tags', 'title', 'visibility']);
  });
});

describe('unlock split', () => {
  test('¥1.00 at 10 % commission, half to the asker: 10 / 45 / 45', () => {
    assert.deepEqual(unlockSplit(money(100, 'CNY'), 1000, 5000), {
      platform: money(10, 'CNY'),
      asker: money(45, 'CNY'),
      expert: money(45, 'CNY'),
    });
  });

  test('odd amounts: the remainder goes to the expert, parts always add up', () => {
    assert.deepEqual(unlockSplit(money(101, 'CNY'), 1000, 5000), {
      platform: money(10, 'CNY'),
      asker: money(45, 'CNY'),
      expert: money(46, 'CNY'),
    });
    for (let price = 1; price <= 2000; price += 37) {
      for (const [commission, share] of [
        [0, 0],
        [1000, 5000],
        [333, 7000],
        [10_000, 5000],
        [1500, 10_000],
      ] as const) {
        const parts = unlockSplit(money(price, 'CNY'), commission, share);
        assert.equal(
          parts.platform.amountMinor + parts.asker.amountMinor + parts.expert.amountMinor,
          price,
          `${price} ${commission} ${share}`,
        );
        for (const part of Object.values(parts)) assert.ok(part.amountMinor >= 0);
      }
    }
  });

  test('a share outside 0–10 000 bp is a programming error', () => {
    assert.throws(() => unlockSplit(money(100, 'CNY'), 1000, 10_001), RangeError);
  });
});

describe('ratings', () => {
  test('summary: count, average to one decimal, distribution', () => {
    assert.deepEqual(ratingSummary([]), { count: 0, average: null, distribution: [0, 0, 0, 0, 0] });
    assert.deepEqual(
      ratingSummary([
        { stars: 5, count: 2 },
        { stars: 4, count: 1 },
      ]),
      { count: 3, average: 4.7, distribution: [0, 0, 0, 1, 2] },
    );
  });

  test('stars are whole 1–5; a review is optional and bounded', () => {
    assert.deepEqual(checkRating({ stars: 5 }), { ok: true, stars: 5, review: null });
    assert.deepEqual(checkRating({ stars: 1, review: ' fine ' }), { ok: true, stars: 1, review: 'fine' });
    for (const stars of [0, 6, 2.5, '5', undefined]) {
      const result = checkRating({ stars });
      assert.equal(result.ok ? '' : result.fields.stars?.code, 'paid_question.stars_invalid');
    }
    const long = checkRating({ stars: 3, review: 'x'.repeat(2001) });
    assert.equal(long.ok ? '' : long.fields.review?.code, 'validation.too_long');
  });
});
