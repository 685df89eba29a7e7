import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { askViaApi, getPage, timesIn, wallClock } from '../../../test/community.js';
import { buildTestApp, registerMember } from '../../../test/helpers.js';

/** The question page's "asked …" time, as a visitor with these headers sees it. */
async function askedTime(
  app: Awaited<ReturnType<typeof buildTestApp>>['app'],
  url: string,
  headers: Record<string, string>,
) {
  const response = await app.inject({ url, headers });
  assert.equal(response.statusCode, 200);
  const time = timesIn(response.body)[0];
  assert.ok(time, 'the page shows a time');
  return time;
}

describe('times on pages, in the reader’s zone', () => {
  test('zh-CN visitors read Shanghai time, English ones UTC; the browser’s cookie wins; the tooltip says UTC', async (t) => {
    const { app } = await buildTestApp(t);
    const asker = await registerMember(app);
    const question = await askViaApi(asker);
    const url = `/questions/${question.id}/${question.slug}`;

    const zh = await askedTime(app, url, { 'accept-language': 'zh-CN' });
    const shanghai = wallClock(zh.datetime, 8 * 60);
    assert.ok(zh.title.includes(` ${shanghai.hhmm} (${shanghai.utc})`), zh.title);

    const en = await askedTime(app, url, { 'accept-language': 'en' });
    const utc = wallClock(en.datetime, 0);
    assert.ok(en.title.endsWith(`(${utc.utc})`), en.title);

    // A browser in Kolkata (UTC+5:30) told the server through the cookie, encoded as the script does.
    const kolkata = await askedTime(app, url, { 'accept-language': 'zh-CN', cookie: 'tz=Asia%2FKolkata' });
    const there = wallClock(kolkata.datetime, 5 * 60 + 30);
    assert.ok(kolkata.title.includes(` ${there.hhmm} (${there.utc})`), kolkata.title);

    // A tampered cookie is ignored: the language's default applies.
    for (const cookie of ['tz=Mars%2FOlympus', 'tz=%22%3E%3Cscript%3E', `tz=${'A'.repeat(3000)}`]) {
      const tampered = await askedTime(app, url, { 'accept-language': 'zh-CN', cookie });
      assert.equal(tampered.title, zh.title, cookie.slice(0, 40));
    }
  });

  test('every page loads the zone script from /assets (no inline script); it is served', async (t) => {
    const { app } = await buildTestApp(t);
    const html = await getPage(app, '/questions');
    assert.match(html, /<script src="\/assets\/time-zone\.js" defer><\/script>/);
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
    const script = await app.inject({ url: '/assets/time-zone.js' });
    assert.equal(script.statusCode, 200);
    assert.match(String(script.headers['content-type']), /javascript/);
    assert.match(script.body, /resolvedOptions\(\)\.timeZone/);
  });
});
