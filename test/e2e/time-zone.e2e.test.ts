// Browser check of time zones in Debian's headless Chromium: the zone script sets the `tz` cookie
// from the browser's zone and the next page shows times in it; without JavaScript the language's
// default zone applies. Skipped without /usr/bin/chromium unless REQUIRE_BROWSER=1.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { devGateway, devNotice, notify, topupAs } from '../../src/modules/payments/payments.test-support.js';
import { artefactDir, browserSkipReason, launchBrowser, openPage } from '../browser.js';
import { askViaApi, wallClock } from '../community.js';
import { buildTestApp, registerMember } from '../helpers.js';

/** What pages show for an instant in a zone, in a language (the app formats the same way). */
function shown(iso: string, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone })
    .format(new Date(iso))
    .replace(/\s/g, ' ');
}

test('time zones in a real browser', { skip: browserSkipReason(), timeout: 90_000 }, async (t) => {
  const { app } = await buildTestApp(t);
  const asker = await registerMember(app, { username: 'tz_asker' });
  const question = await askViaApi(asker, { title: 'Why does cron run my job at the wrong hour?' });
  const member = await registerMember(app, { username: 'tz_member' });
  const created = await topupAs(member, 12_345);
  const paid = await notify(
    app,
    'dev',
    devGateway().signNotice(devNotice({ reference: created.order.reference, amountMinor: 12_345 })),
  );
  assert.equal(paid.statusCode, 200, paid.body);

  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  assert.ok(address && typeof address === 'object');
  const baseURL = `http://127.0.0.1:${address.port}`;
  const browser = await launchBrowser(t);
  const shots = await artefactDir('techqa-e2e-time-zone');
  const questionUrl = `/questions/${question.id}/${question.slug}`;
  const askedTime = '.question-meta time';

  // A visitor in New York reading English: the first page is in UTC (the server cannot know yet),
  // the script tells it, and the next page is in New York time.
  const ny = await openPage(browser, { baseURL, locale: 'en', timezoneId: 'America/New_York' });
  ny.page.setDefaultTimeout(10_000);
  await ny.page.goto(questionUrl);
  const asked = await ny.page.locator(askedTime).first().getAttribute('datetime');
  assert.ok(asked);
  assert.equal(
    await ny.page.locator(askedTime).first().getAttribute('title'),
    `${shown(asked, 'en', 'UTC')} (${wallClock(asked, 0).utc})`,
  );
  await ny.page.waitForFunction(() => document.cookie.includes('tz='));
  const cookie = (await ny.context.cookies()).find((c) => c.name === 'tz');
  assert.equal(cookie?.value, 'America%2FNew_York');
  await ny.page.reload();
  assert.equal(
    await ny.page.locator(askedTime).first().getAttribute('title'),
    `${shown(asked, 'en', 'America/New_York')} (${wallClock(asked, 0).utc})`,
  );
  await ny.page.screenshot({ path: join(shots, 'question-en-new-york.png'), fullPage: true });

  // A member in Kolkata reading Chinese: the wallet statement, after the script has run once.
  const kolkata = await openPage(browser, { baseURL, locale: 'zh-CN', timezoneId: 'Asia/Kolkata' });
  kolkata.page.setDefaultTimeout(10_000);
  const [name, value] = member.cookie.split('=') as [string, string];
  await kolkata.context.addCookies([{ name, value, url: baseURL }]);
  await kolkata.page.goto('/wallet');
  await kolkata.page.waitForFunction(() => document.cookie.includes('tz='));
  await kolkata.page.reload();
  const line = kolkata.page.locator('tr[id^="entry-"] time').first();
  const at = await line.getAttribute('datetime');
  assert.ok(at);
  const there = wallClock(at, 5 * 60 + 30);
  const text = (await line.textContent()) ?? '';
  assert.ok(text.endsWith(` ${there.hhmm}`), text);
  assert.equal(await line.getAttribute('title'), there.utc);
  await kolkata.page.screenshot({ path: join(shots, 'wallet-zh-kolkata.png'), fullPage: true });

  // Without JavaScript no cookie is set, and a Chinese reader gets Shanghai time whatever the machine says.
  const noScript = await openPage(browser, {
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'America/New_York',
    javaScriptEnabled: false,
  });
  await noScript.page.goto(questionUrl);
  await noScript.page.reload();
  assert.equal(
    (await noScript.context.cookies()).find((c) => c.name === 'tz'),
    undefined,
  );
  assert.equal(
    await noScript.page.locator(askedTime).first().getAttribute('title'),
    `${shown(asked, 'zh-CN', 'Asia/Shanghai')} (${wallClock(asked, 0).utc})`,
  );
  await noScript.page.screenshot({ path: join(shots, 'question-zh-no-js.png'), fullPage: true });

  t.diagnostic(`screenshots: ${shots}`);
  assert.deepEqual([...ny.problems, ...kolkata.problems, ...noScript.problems], []);
});
