import assert from 'node:assert/strict';
import { test } from 'node:test';
import { safeLocalPath } from './redirects.js';

test('a return path that a browser would read as another site becomes /', () => {
  for (const next of [
    undefined,
    '',
    '//evil.example/x',
    'https://evil.example',
    'javascript:alert(1)',
    '/\\evil.example',
    '\\\\evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '\t//evil.example',
    '/.//evil.example',
    '/..//evil.example',
    '/%2e%2e//evil.example',
    'http://[',
  ]) {
    assert.equal(safeLocalPath(next), '/', JSON.stringify(next));
  }
});

test('a path of this site is kept, query and fragment included', () => {
  for (const [next, expected] of [
    ['/settings', '/settings'],
    ['/questions?tag=python&page=2', '/questions?tag=python&page=2'],
    ['/questions/1/x#answer-3', '/questions/1/x#answer-3'],
    ['/a/../b', '/b'],
    ['/%2F/evil.example', '/%2F/evil.example'],
    ['settings', '/settings'],
  ] as const) {
    assert.equal(safeLocalPath(next), expected, next);
  }
});
