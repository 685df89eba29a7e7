import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp } from '../../../test/helpers.js';
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

test('a return path with other scripts or controls comes back percent-encoded, sendable as a header', () => {
  for (const [next, expected] of [
    ['/中', '/%E4%B8%AD'],
    ['/questions?tag=中文', '/questions?tag=%E4%B8%AD%E6%96%87'],
    ['/a b#c d', '/a%20b#c%20d'],
    ['/\u0000x', '/%00x'],
    ['/\u007f', '/%7F'],
  ] as const) {
    assert.equal(safeLocalPath(next), expected, JSON.stringify(next));
  }
});

test('every redirect leaves with a Location a browser and Node accept', async (t) => {
  const { app } = await buildTestApp(
    t,
    {},
    {
      extraRoutes: (app) => {
        app.get('/test/redirect', async (request, reply) =>
          reply.redirect(String((request.query as { to?: string }).to), 303),
        );
      },
    },
  );
  for (const [to, expected] of [
    ['/questions?tag=中文', '/questions?tag=%E4%B8%AD%E6%96%87'],
    ['/tags/c 語言', '/tags/c%20%E8%AA%9E%E8%A8%80'],
    ['https://例子.example/路径', 'https://xn--fsqu00a.example/%E8%B7%AF%E5%BE%84'],
    ['/plain?x=1', '/plain?x=1'],
  ] as const) {
    const response = await app.inject({ url: `/test/redirect?to=${encodeURIComponent(to)}` });
    assert.equal(response.statusCode, 303, to);
    assert.equal(response.headers.location, expected, to);
  }
});
