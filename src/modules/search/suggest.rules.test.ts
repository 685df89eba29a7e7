import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { corrections, editDistance, respellings } from './suggest.rules.js';

describe('did you mean rules', () => {
  it('counts a swap of neighbours as one edit', () => {
    assert.equal(editDistance('nueral', 'neural'), 1);
    assert.equal(editDistance('netwrok', 'network'), 1);
    assert.equal(editDistance('quantm', 'quantum'), 1);
    assert.equal(editDistance('quantm', 'quanta'), 1);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
  });

  it('prefers the closest word, then the most used one', () => {
    const vocabulary = [
      { word: 'quanta', docCount: 2 },
      { word: 'quantum', docCount: 400 },
      { word: 'quantify', docCount: 9 },
    ];
    assert.deepEqual(corrections('quantm', vocabulary), ['quantum', 'quanta']);
    assert.deepEqual(
      corrections('computr', [
        { word: 'compute', docCount: 12 },
        { word: 'computer', docCount: 300 },
        { word: 'computing', docCount: 500 },
      ]),
      ['computer', 'compute'],
    );
  });

  it('keeps words in use; a rare one gives way to a far more used neighbour', () => {
    assert.deepEqual(
      corrections('neural', [
        { word: 'neural', docCount: 50 },
        { word: 'neutral', docCount: 90 },
      ]),
      [],
    );
    assert.deepEqual(
      corrections('nueral', [
        { word: 'nueral', docCount: 1 },
        { word: 'neural', docCount: 50 },
      ]),
      ['neural'],
    );
    assert.deepEqual(
      corrections('nueral', [
        { word: 'nueral', docCount: 1 },
        { word: 'neural', docCount: 5 },
      ]),
      [],
    );
    // Too far: two edits for a five-letter word.
    assert.deepEqual(corrections('qbuit', [{ word: 'quote', docCount: 100 }]), []);
  });

  it('respells the whole query, best first, then one word at a time', () => {
    const fixes = new Map([
      ['quantm', ['quantum', 'quanta']],
      ['computr', ['computer', 'compute']],
    ]);
    assert.deepEqual(respellings(['quantm', 'computr'], fixes), [
      ['quantum', 'computer'],
      ['quanta', 'computer'],
      ['quantum', 'compute'],
    ]);
    assert.deepEqual(respellings(['fine', 'words'], new Map()), []);
  });
});
