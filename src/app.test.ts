import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTestDatabase } from '../test/db.js';
import { buildTestApp } from '../test/helpers.js';

const INLINE_SCRIPT = /<script(?![^>]*\bsrc=)[^>]*>/i;

describe('the app shell', () => {
  test('GET /healthz is 200 while the database answers and 503 when it does not', async (t) => {
    const { app } = await buildTestApp(t);
    const ok = await app.inject({ url: '/healthz' });
    assert.equal(ok.statusCode, 200);
    assert.deepEqual(ok.json(), { status: 'ok' });

    const real = await createTestDatabase();
    t.after(() => real.close());
    const broken = { ...real, ping: () => Promise.reject(new Error('connection refused')) };
    const { app: sick } = await buildTestApp(t, {}, { database: broken });
    const down = await sick.inject({ url: '/healthz' });
    assert.equal(down.statusCode, 503);
    assert.deepEqual(down.json(), { status: 'unavailable' });
  });

  test('pages carry a strict CSP, no inline script, and the usual security headers', async (t) => {
    const { app } = await buildTestApp(t);
    for (const url of ['/', '/login', '/register', '/nope']) {
      const response = await app.inject({ url });
      const csp = String(response.headers['content-security-policy']);
      assert.match(csp, /script-src 'self'(;|$)/, url);
      assert.match(csp, /frame-ancestors 'none'/, url);
      // data: for images only (Bootstrap's form icons); never for scripts, styles or frames.
      assert.match(csp, /img-src 'self' data: https:(;|$)/, url);
      assert.equal(csp.match(/data:/g)?.length, 1, url);
      assert.match(csp, /object-src 'none'/, url);
      assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'), url);
      assert.equal(response.headers['x-content-type-options'], 'nosniff', url);
      assert.ok(!INLINE_SCRIPT.test(response.body), `${url} has an inline script`);
      assert.ok(
        !/https?:\/\/(?!127\.0\.0\.1|localhost)/.test(response.body.replace(/xmlns="[^"]*"/g, '')),
        `${url} loads nothing from elsewhere`,
      );
    }
  });

  test('serves Bootstrap and htmx from node_modules, and our own assets', async (t) => {
    const { app } = await buildTestApp(t);
    for (const url of [
      '/assets/vendor/bootstrap/css/bootstrap.min.css',
      '/assets/vendor/htmx/htmx.min.js',
      '/assets/app.css',
      '/assets/app.js',
      '/assets/time-zone.js',
    ]) {
      const response = await app.inject({ url });
      assert.equal(response.statusCode, 200, url);
      assert.match(String(response.headers['cache-control']), /max-age=\d+/, url);
    }
    const htmx = await app.inject({ url: '/assets/vendor/htmx/htmx.min.js' });
    assert.match(htmx.body, /version:"2\./, 'htmx 2');
    for (const url of [
      '/assets/../package.json',
      '/assets/vendor/htmx/../package.json',
      '/assets/%2e%2e/package.json',
    ]) {
      assert.notEqual((await app.inject({ url })).statusCode, 200, url);
    }
  });

  test('the OpenAPI document describes the JSON API only, and /api/docs browses it without outside assets', async (t) => {
    const { app } = await buildTestApp(t);
    const doc = (await app.inject({ url: '/api/openapi.json' })).json();
    assert.match(doc.openapi, /^3\./);
    for (const path of [
      '/api/v1/auth/register',
      '/api/v1/auth/login',
      '/api/v1/me',
      '/api/v1/me/tokens/{id}',
      '/api/v1/users/{id}',
      '/api/v1/privileges',
    ]) {
      assert.ok(doc.paths[path], `documents ${path}`);
    }
    assert.ok(!doc.paths['/login'] && !doc.paths['/register'], 'pages are not API');
    assert.ok(doc.paths['/api/v1/auth/register'].post.responses['422'], 'errors are documented');

    let docs = await app.inject({ url: '/api/docs' });
    for (let hops = 0; docs.statusCode >= 300 && docs.statusCode < 400 && hops < 3; hops++) {
      docs = await app.inject({ url: new URL(String(docs.headers.location), 'http://x/api/docs/').pathname });
    }
    assert.equal(docs.statusCode, 200);
    assert.match(docs.body, /swagger-ui/i);
    assert.ok(!/src="https?:|href="https?:/.test(docs.body), 'no CDN');
    assert.ok(!INLINE_SCRIPT.test(docs.body));
    const csp = String(docs.headers['content-security-policy']);
    assert.match(csp, /script-src 'self'(;|$)/, 'scripts stay strict on the docs page');
    assert.match(csp, /style-src 'self' 'unsafe-inline'/, 'Swagger UI needs inline styles');
  });

  test('language: ?lang= sets a cookie, the cookie sticks, Accept-Language is the fallback', async (t) => {
    const { app } = await buildTestApp(t);
    const switched = await app.inject({ url: '/?lang=zh-CN' });
    assert.match(switched.body, /<html lang="zh-CN">/);
    assert.match(switched.body, /退出|登录/);
    assert.equal(switched.headers['content-language'], 'zh-CN');
    const cookie = switched.cookies.find((c) => c.name === 'lang');
    assert.equal(cookie?.value, 'zh-CN');

    const remembered = await app.inject({
      url: '/login',
      headers: { cookie: 'lang=zh-CN', 'accept-language': 'en' },
    });
    assert.match(remembered.body, /<html lang="zh-CN">/);
    const negotiated = await app.inject({ url: '/login', headers: { 'accept-language': 'zh-CN,zh;q=0.9' } });
    assert.match(negotiated.body, /<html lang="zh-CN">/);
    const english = await app.inject({ url: '/login', headers: { 'accept-language': 'de-DE' } });
    assert.match(english.body, /<html lang="en">/);
  });

  test('errors: JSON under /api, a page elsewhere, a fragment for htmx; a 5xx reveals nothing', async (t) => {
    const { app } = await buildTestApp(
      t,
      {},
      {
        extraRoutes: (instance) => {
          instance.get('/api/v1/test/boom', async () => {
            throw new Error('secret internal detail at /srv/db.ts:42');
          });
          instance.get('/test/boom', async () => {
            throw new Error('secret internal detail at /srv/db.ts:42');
          });
        },
      },
    );
    const api = await app.inject({ url: '/api/v1/test/boom' });
    assert.equal(api.statusCode, 500);
    assert.deepEqual(api.json(), {
      error: { code: 'server.internal', message: 'Something went wrong on our side. Please try again.' },
    });

    const page = await app.inject({ url: '/test/boom', headers: { 'accept-language': 'zh-CN' } });
    assert.equal(page.statusCode, 500);
    assert.match(page.headers['content-type'] as string, /text\/html/);
    assert.match(page.body, /服务器出了点问题/);
    assert.ok(!page.body.includes('secret internal detail') && !page.body.includes('db.ts'));

    const fragment = await app.inject({ url: '/users/999', headers: { 'hx-request': 'true' } });
    assert.equal(fragment.statusCode, 404);
    assert.equal(fragment.headers['hx-retarget'], '#flash');
    assert.ok(!fragment.body.includes('<html'), 'a fragment, not a page');
    assert.match(fragment.body, /role="alert"/);
  });

  test('echoes a well-formed X-Request-Id and replaces a malformed one', async (t) => {
    const { app } = await buildTestApp(t);
    const kept = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    assert.equal(kept.headers['x-request-id'], 'abc-123');
    const replaced = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'bad id\n<script>' } });
    assert.match(String(replaced.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });
});
