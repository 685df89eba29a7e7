import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pageParam, withQuery } from './href.js';

test('a link keeps only the parameters that are set, in order; all defaults give the bare path', () => {
  assert.equal(withQuery('/tags', { q: undefined, sort: null, page: pageParam(1) }), '/tags');
  assert.equal(
    withQuery('/tags', { q: 'c++ 语言', sort: 'name', page: pageParam(3) }),
    '/tags?q=c%2B%2B+%E8%AF%AD%E8%A8%80&sort=name&page=3',
  );
  assert.equal(withQuery('', { kind: '', page: 0 }), '?page=0');
});
