import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { breaksLine, hasUnsafeChars, replaceUnsafeChars } from './unsafe-chars.js';

describe('unsafe characters', () => {
  test('exactly Unicode Cc and the bidi embedding, override and isolate controls, over every code point', () => {
    const bidi = /[\u202A-\u202E\u2066-\u2069]/u;
    for (let point = 0; point <= 0x10ffff; point++) {
      if (point >= 0xd800 && point <= 0xdfff) continue;
      const char = String.fromCodePoint(point);
      const unsafe = /\p{Cc}/u.test(char) || bidi.test(char);
      assert.equal(hasUnsafeChars(char, 'line'), unsafe, point.toString(16));
      assert.equal(hasUnsafeChars(char, 'text'), unsafe && !/[\t\n\r]/.test(char), point.toString(16));
    }
  });

  test('controls and bidi overrides are unsafe anywhere; tab and line breaks only in one line', () => {
    for (const char of [
      '\u0000',
      '\u0001',
      '\u001b',
      '\u007f',
      '\u0085',
      '\u202A',
      '\u202E',
      '\u2066',
      '\u2069',
    ]) {
      assert.equal(hasUnsafeChars(`a${char}b`, 'text'), true, JSON.stringify(char));
      assert.equal(hasUnsafeChars(`a${char}b`, 'line'), true, JSON.stringify(char));
    }
    for (const char of ['\t', '\n', '\r']) {
      assert.equal(hasUnsafeChars(`a${char}b`, 'text'), false, JSON.stringify(char));
      assert.equal(hasUnsafeChars(`a${char}b`, 'line'), true, JSON.stringify(char));
      assert.equal(breaksLine(`a${char}b`), true, JSON.stringify(char));
    }
    // Direction marks (LRM, RLM, ALM) belong in Arabic and Hebrew text and reorder nothing.
    assert.equal(hasUnsafeChars('שלום\u200F \u200E \u061C', 'line'), false);
    assert.equal(breaksLine('one line'), false);
  });

  test('replacing keeps everything else, every time (the global pattern is reused)', () => {
    assert.equal(replaceUnsafeChars('a\u0000b\u202Ec\nd', 'text'), 'abc\nd');
    assert.equal(replaceUnsafeChars('a\u0000b\u202Ec\nd', 'text'), 'abc\nd');
    assert.equal(replaceUnsafeChars('k\u0007\tey', 'line', '?'), 'k??ey');
  });

  test('is named once: no other source file keeps its own pattern of them', () => {
    const src = fileURLToPath(new URL('../../', import.meta.url));
    // Search folds every control, format and separator character of a query into a space: a
    // wider class, and a normalisation, not a refusal.
    const allowed = new Set(['platform/text/unsafe-chars.ts', 'modules/search/query.rules.ts']);
    const own: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
          const name = relative(src, path).split('\\').join('/');
          if (!allowed.has(name) && /\\p\{Cc\}|\\u202[Aa]/.test(readFileSync(path, 'utf8'))) own.push(name);
        }
      }
    };
    walk(src);
    assert.deepEqual(own, [], 'use platform/text/unsafe-chars.ts (the edge checks requests once)');
  });
});
