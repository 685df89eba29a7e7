import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectedMatches, idf, PROBE_MIN_SHARE, pickQueryTerms, probeRows } from './ranking.rules.js';

test('expected matches: one word is its document count; words together as if independent', () => {
  assert.equal(expectedMatches([300], 1_000, 'all'), 300);
  assert.equal(Math.round(expectedMatches([300], 1_000, 'any')), 300);
  assert.equal(Math.round(expectedMatches([500, 200], 1_000, 'all')), 100);
  assert.equal(Math.round(expectedMatches([500, 200], 1_000, 'any')), 600);
  // Counts beyond the corpus (stale statistics) are clamped; no words or no documents match nothing.
  assert.equal(expectedMatches([5_000], 1_000, 'all'), 1_000);
  assert.equal(expectedMatches([], 1_000, 'all'), 0);
  assert.equal(expectedMatches([10], 0, 'any'), 0);
});

test('the walk reads enough rows to find what is wanted at the smallest share it is used for', () => {
  // At exactly PROBE_MIN_SHARE, the expected rows to find 300 matches are half the allowance.
  assert.equal(probeRows(300), Math.ceil(600 / PROBE_MIN_SHARE));
  assert.ok(probeRows(300) * PROBE_MIN_SHARE >= 2 * 300);
});

test('idf is never negative and falls as a word gets common', () => {
  assert.ok(idf(1, 1_000) > idf(100, 1_000));
  assert.ok(idf(1_000, 1_000) >= 0);
  assert.ok(idf(0, 0) > 0);
});

test('a question as a query keeps its most telling words, title words first', () => {
  const terms = pickQueryTerms(
    [
      { lexeme: 'gil', titleCount: 1, bodyCount: 0, docCount: 3 },
      { lexeme: 'thread', titleCount: 0, bodyCount: 2, docCount: 3 },
      { lexeme: 'python', titleCount: 0, bodyCount: 1, docCount: 90 },
    ],
    100,
    2,
  );
  assert.deepEqual(
    terms.map((t) => t.lexeme),
    ['gil', 'thread'],
  );
});
