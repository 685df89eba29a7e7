import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerViaApi, askViaApi, getPage, timesIn } from '../../../test/community.js';
import { buildTestApp, cookiesOf, csrfFieldOf, form, registerMember } from '../../../test/helpers.js';
import { ManualClock } from '../clock.js';
import { PageCache } from './page-cache.js';

const CACHED = { PAGE_CACHE_TTL_MS: '5000' };
/** Long enough that nothing expires during a slow test (the test clock runs with real time). */
const CACHED_LONG = { PAGE_CACHE_TTL_MS: '600000' };

/** What a cached entry would send, with the token "T". */
function textOf(cache: PageCache, key: string): string | undefined {
  const page = cache.get(key);
  return page && cache.bytesFor(page, 'T').toString('utf8');
}

describe('PageCache', () => {
  test('serves an entry until its TTL, drops the oldest beyond the limit, and forgets all on clear', () => {
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    const cache = new PageCache({ ttlMs: 5000, maxEntries: 2, maxBytes: 1_000_000 }, clock);
    cache.set('a', 'A');
    cache.set('b', 'B');
    clock.advance(4);
    assert.equal(textOf(cache, 'a'), 'A');
    clock.advance(1);
    assert.equal(textOf(cache, 'a'), undefined, 'expired after 5 s');
    cache.set('c', 'C');
    cache.set('d', 'D');
    assert.equal(cache.size, 2);
    assert.equal(textOf(cache, 'c'), 'C');
    cache.clear();
    assert.equal(textOf(cache, 'd'), undefined);
  });

  test('a page rendered before a write is not stored after it', () => {
    const cache = new PageCache({ ttlMs: 5000, maxEntries: 10, maxBytes: 1_000_000 }, new ManualClock());
    const renderedAt = cache.generation;
    cache.clear();
    cache.set('/', 'stale', renderedAt);
    assert.equal(textOf(cache, '/'), undefined);
  });

  test('is off with a TTL of 0', () => {
    const cache = new PageCache({ ttlMs: 0, maxEntries: 10, maxBytes: 1_000_000 }, new ManualClock());
    cache.set('/', 'page');
    assert.equal(cache.enabled, false);
    assert.equal(textOf(cache, '/'), undefined);
  });

  test('holds at most maxBytes, dropping the oldest; a page bigger than the bound is not kept', () => {
    const cache = new PageCache({ ttlMs: 5000, maxEntries: 1000, maxBytes: 10_000 }, new ManualClock());
    const page = (i: number) => `<p>${String(i).padStart(4, '0')}${'中'.repeat(330)}</p>`; // ~1 KB
    for (let i = 0; i < 50; i++) {
      cache.set(`/p/${i}`, page(i));
      assert.ok(cache.bytes <= 10_000, `${cache.bytes} bytes after ${i + 1} pages`);
    }
    assert.equal(cache.size, 9);
    assert.equal(textOf(cache, '/p/49'), page(49));
    assert.equal(textOf(cache, '/p/40'), undefined, 'the oldest went first');
    cache.set('/p/49', page(49));
    assert.equal(cache.size, 9, 'storing a key again replaces its entry');
    const before = cache.bytes;
    cache.set('/huge', 'x'.repeat(10_001));
    assert.equal(textOf(cache, '/huge'), undefined);
    assert.equal(cache.bytes, before);
  });

  test('sweeps expired entries out of memory, on the next store and on demand', () => {
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    const cache = new PageCache({ ttlMs: 5000, maxEntries: 100, maxBytes: 1_000_000 }, clock);
    for (let i = 0; i < 10; i++) cache.set(`/p/${i}`, `page ${i}`);
    clock.advance(5);
    cache.set('/fresh', 'fresh');
    assert.equal(cache.size, 1, 'storing a page drops every expired one');
    clock.advance(5);
    cache.sweep();
    assert.equal(cache.size, 0);
    assert.equal(cache.bytes, 0);
  });

  test('puts the visitor token in place of every placeholder', () => {
    const cache = new PageCache({ ttlMs: 5000, maxEntries: 10, maxBytes: 1_000_000 }, new ManualClock());
    const p = cache.placeholder;
    assert.match(p, /^csrf-[0-9a-f]{36}$/);
    assert.equal(cache.personalise(`<a ${p}>${p}</a>`, 'TOKEN'), '<a TOKEN>TOKEN</a>');
    cache.set('/', `<p title="${p}">中文 ${p}</p>`);
    assert.equal(textOf(cache, '/'), '<p title="T">中文 T</p>');
  });
});

describe('anonymous page cache in the app', () => {
  test('a second anonymous view is a hit, with the visitor’s own working CSRF token', async (t) => {
    const { app } = await buildTestApp(t, CACHED);
    const first = await app.inject({ url: '/questions' });
    assert.equal(first.headers['x-page-cache'], 'miss');
    const second = await app.inject({ url: '/questions' });
    assert.equal(second.headers['x-page-cache'], 'hit');
    assert.equal(second.headers['cache-control'], 'private, no-store');

    const tokens = [first, second].map((response) => {
      const cookie = response.cookies.find((c) => c.name === 'tq_csrf');
      assert.ok(cookie, 'each new visitor gets a CSRF cookie');
      assert.ok(response.body.includes(cookie.value), 'the page carries the cookie’s token');
      assert.ok(!/csrf-[0-9a-f]{36}/.test(response.body), 'no placeholder leaks');
      return cookie.value;
    });
    assert.notEqual(tokens[0], tokens[1], 'two visitors, two tokens');

    // A returning visitor keeps its token, and a form built from the cached page is accepted.
    const login = await app.inject({ url: '/login' });
    const cookie = cookiesOf(login);
    const cachedLogin = await app.inject({ url: '/login', headers: { cookie } });
    const token = csrfFieldOf(cachedLogin.body);
    assert.ok(cookie.includes(token));
    const { payload, headers } = form({ _csrf: token, login: 'nobody', password: 'wrong password here' });
    const posted = await app.inject({
      method: 'POST',
      url: '/login',
      payload,
      headers: { ...headers, cookie },
    });
    assert.notEqual(posted.statusCode, 403, 'the token from a cached page passes the CSRF check');
  });

  test('language, query and htmx are part of what is cached; members are never served from it', async (t) => {
    const { app } = await buildTestApp(t, CACHED);
    const member = await registerMember(app);
    await getPage(app, '/?lang=en');
    const zh = await app.inject({ url: '/', headers: { 'accept-language': 'zh-CN' } });
    assert.equal(zh.headers['x-page-cache'], 'miss', 'another language is another page');
    assert.equal((await app.inject({ url: '/?sort=votes' })).headers['x-page-cache'], 'miss');
    assert.equal(
      (await app.inject({ url: '/?lang=en', headers: { 'hx-request': 'true' } })).headers['x-page-cache'],
      undefined,
      'htmx requests bypass the cache',
    );
    const asMember = await app.inject({ url: '/?lang=en', headers: { cookie: member.cookie } });
    assert.equal(asMember.headers['x-page-cache'], undefined);
    assert.match(asMember.body, /data-testid="nav-user"/);
  });

  test('the visitor’s time zone is part of the key, only when it is not the language’s default', async (t) => {
    const { app } = await buildTestApp(t, CACHED_LONG);
    const asker = await registerMember(app);
    const question = await askViaApi(asker);
    const url = `/questions/${question.id}/${question.slug}`;
    const view = async (headers: Record<string, string>) => {
      const response = await app.inject({ url, headers });
      return { cache: response.headers['x-page-cache'], title: timesIn(response.body)[0]?.title ?? '' };
    };
    const zh = { 'accept-language': 'zh-CN' };

    const shanghai = await view(zh);
    assert.equal(shanghai.cache, 'miss');
    // A browser in Shanghai (or naming an alias of it) reads the language's default: the same entry.
    assert.equal((await view({ ...zh, cookie: 'tz=Asia%2FShanghai' })).cache, 'hit');
    assert.equal((await view({ ...zh, cookie: 'tz=Asia%2FChongqing' })).cache, 'hit');
    // A tampered cookie is the default zone, and so the default entry.
    assert.equal((await view({ ...zh, cookie: 'tz=Nowhere%2FAtlantis' })).cache, 'hit');

    // The UTC page cached for English readers is never what a Shanghai reader gets, nor the reverse.
    const utc = await view({ 'accept-language': 'en' });
    assert.equal(utc.cache, 'miss');
    const shanghaiInEnglish = await view({ 'accept-language': 'en', cookie: 'tz=Asia%2FShanghai' });
    assert.equal(shanghaiInEnglish.cache, 'miss');
    assert.notEqual(shanghaiInEnglish.title, utc.title);
    assert.equal((await view({ 'accept-language': 'en', cookie: 'tz=UTC' })).cache, 'hit');
    const zhInUtc = await view({ ...zh, cookie: 'tz=UTC' });
    assert.equal(zhInUtc.cache, 'miss');
    assert.notEqual(zhInUtc.title, shanghai.title);
    assert.equal((await view({ ...zh, cookie: 'tz=Asia%2FShanghai' })).title, shanghai.title);
    assert.equal(app.pageCache.size, 4);

    // Only the zone is added, and only to entries off the default.
    const keys = app.pageCache.keys();
    assert.equal(keys.filter((key) => key.includes('"Asia/Shanghai"')).length, 1, keys.join('\n'));
    assert.equal(keys.filter((key) => key.includes('"UTC"')).length, 1, keys.join('\n'));
  });

  test('query parameters the route does not declare share its entry', async (t) => {
    const { app } = await buildTestApp(t, CACHED_LONG);
    assert.equal((await app.inject({ url: '/questions?r=1' })).headers['x-page-cache'], 'miss');
    for (const url of ['/questions?r=2', '/questions', '/questions?utm_source=x&r=3']) {
      const response = await app.inject({ url });
      assert.equal(response.headers['x-page-cache'], 'hit', url);
      assert.doesNotMatch(response.body, /[?&;]r=/, `${url}: links name no unknown parameter`);
    }
    assert.equal((await app.inject({ url: '/questions?sort=votes&r=4' })).headers['x-page-cache'], 'miss');
    assert.equal((await app.inject({ url: '/questions?r=5&sort=votes' })).headers['x-page-cache'], 'hit');
    assert.equal(app.pageCache.size, 2);

    // 800 views with a fresh unknown parameter each: still two entries, no more bytes.
    const bytes = app.pageCache.bytes;
    for (let i = 0; i < 800; i++) await app.inject({ url: `/questions?r=${i}` });
    assert.equal(app.pageCache.size, 2);
    assert.equal(app.pageCache.bytes, bytes);
  });

  test('pages that differ by a declared parameter stay within PAGE_CACHE_MAX_BYTES', async (t) => {
    const { app } = await buildTestApp(t, { ...CACHED_LONG, PAGE_CACHE_MAX_BYTES: '100000' });
    let most = 0;
    for (let i = 0; i < 40; i++) {
      const response = await app.inject({ url: `/tags?q=t${i}` });
      assert.equal(response.statusCode, 200);
      most = Math.max(most, app.pageCache.bytes);
    }
    assert.ok(app.pageCache.size > 1 && app.pageCache.size < 40, `${app.pageCache.size} entries`);
    assert.ok(most <= 100_000, `${most} bytes`);
  });

  test('expired pages leave memory without new traffic', async (t) => {
    const { app, clock } = await buildTestApp(t, { PAGE_CACHE_TTL_MS: '1000' });
    await app.inject({ url: '/questions' });
    await app.inject({ url: '/tags' });
    assert.equal(app.pageCache.size, 2);
    clock.advance(2);
    // The sweeper runs once per TTL (at least every second) in real time.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    assert.equal(app.pageCache.size, 0);
    assert.equal(app.pageCache.bytes, 0);
  });

  test('a member’s write empties the cache: the next anonymous view shows it', async (t) => {
    const { app } = await buildTestApp(t, CACHED);
    const asker = await registerMember(app);
    const answerer = await registerMember(app);
    const question = await askViaApi(asker);
    const url = `/questions/${question.id}/${question.slug}`;
    await getPage(app, url);
    assert.equal((await app.inject({ url })).headers['x-page-cache'], 'hit');

    const answerId = await answerViaApi(answerer, question.id);
    const after = await app.inject({ url });
    assert.equal(after.headers['x-page-cache'], 'miss');
    assert.match(after.body, new RegExp(`id="answer-${answerId}"`));

    // A refused write changes nothing and keeps the cache.
    await app.inject({ url });
    const refused = await answerer.inject({
      method: 'POST',
      url: `/api/v1/questions/${question.id}/answers`,
      payload: {},
    });
    assert.equal(refused.statusCode, 422);
    assert.equal((await app.inject({ url })).headers['x-page-cache'], 'hit');
  });

  test('views served from the cache are still counted, once per visitor per hour', async (t) => {
    const { app } = await buildTestApp(t, CACHED);
    const asker = await registerMember(app);
    const question = await askViaApi(asker);
    const url = `/questions/${question.id}/${question.slug}`;
    const viewsNow = async () => {
      await app.flushQuestionViews();
      return (await app.inject({ url: `/api/v1/questions/${question.id}` })).json().question.viewCount;
    };
    await app.inject({ url, headers: { 'user-agent': 'one' } });
    const hit = await app.inject({ url, headers: { 'user-agent': 'two' } });
    assert.equal(hit.headers['x-page-cache'], 'hit');
    await app.inject({ url, headers: { 'user-agent': 'two' } });
    assert.equal(await viewsNow(), 2);
  });

  test('not-found pages and redirects are never cached', async (t) => {
    const { app } = await buildTestApp(t, CACHED);
    const asker = await registerMember(app);
    const question = await askViaApi(asker);
    for (let i = 0; i < 2; i++) {
      const missing = await app.inject({ url: '/questions/999999/nothing' });
      assert.equal(missing.statusCode, 404);
      assert.notEqual(missing.headers['x-page-cache'], 'hit');
      // The error page carries the visitor's token, never the cache's placeholder.
      const token = missing.cookies.find((c) => c.name === 'tq_csrf')?.value;
      assert.ok(token && missing.body.includes(token));
      assert.ok(!/csrf-[0-9a-f]{36}/.test(missing.body), 'no placeholder in an error page');
      const redirect = await app.inject({ url: `/questions/${question.id}` });
      assert.equal(redirect.statusCode, 301);
      assert.notEqual(redirect.headers['x-page-cache'], 'hit');
    }
  });
});
