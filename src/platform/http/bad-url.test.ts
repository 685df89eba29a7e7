import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp } from '../../../test/helpers.js';

const LONG = 'a'.repeat(300);

test('an unreadable address gets the error page or envelope, our headers, and never its path back', async (t) => {
  const { app } = await buildTestApp(t);
  const cases = [
    { url: '/%E0%A4%A', status: 400, api: false, code: 'request.malformed' },
    { url: '/tags/%E0%A4%A?sort=new', status: 400, api: false, code: 'request.malformed' },
    { url: `/tags/${LONG}`, status: 414, api: false, code: 'request.too_large' },
    { url: '/api/v1/tags/%E0%A4%A', status: 400, api: true, code: 'request.malformed' },
    { url: `/api/v1/tags/${LONG}`, status: 414, api: true, code: 'request.too_large' },
    {
      url: '/api/v1/questions/%E0%A4%A/answers',
      method: 'POST',
      status: 400,
      api: true,
      code: 'request.malformed',
    },
  ] as const;
  for (const c of cases) {
    const method = 'method' in c ? c.method : 'GET';
    const response = await app.inject({ method, url: c.url, ...(method === 'POST' ? { payload: {} } : {}) });
    assert.equal(response.statusCode, c.status, c.url);
    assert.ok(response.headers['content-security-policy'], `${c.url}: security headers`);
    assert.equal(response.headers['x-content-type-options'], 'nosniff', c.url);
    assert.ok(response.headers['x-request-id'], c.url);
    assert.ok(!response.body.includes('E0%A4'), `${c.url}: the path is not repeated`);
    assert.ok(!response.body.includes(LONG), `${c.url}: the path is not repeated`);
    if (c.api) {
      assert.equal(response.json().error.code, c.code, c.url);
    } else {
      assert.match(response.headers['content-type'] as string, /text\/html/, c.url);
      assert.match(response.body, new RegExp(`data-error-status="${c.status}"`), c.url);
    }
  }
});

test('in the reader’s language, from the header, the cookie or ?lang=', async (t) => {
  const { app } = await buildTestApp(t);
  const byHeader = await app.inject({ url: '/%E0%A4%A', headers: { 'accept-language': 'zh-CN' } });
  assert.equal(byHeader.statusCode, 400);
  assert.equal(byHeader.headers['content-language'], 'zh-CN');
  assert.match(byHeader.body, /无法读取该请求。/);
  const byQuery = await app.inject({ url: '/api/v1/tags/%E0%A4%A?lang=zh-CN' });
  assert.equal(byQuery.json().error.message, '无法读取该请求。');
});
