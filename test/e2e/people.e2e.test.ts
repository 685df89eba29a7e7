// Browser check of the members' pages in Debian's headless Chromium: a profile's reputation tab
// (the server-drawn chart must raise no CSP error: no inline style, no script) and the directory,
// in English and Chinese, with screenshots; the directory's filter through htmx as one types.
// Skipped without /usr/bin/chromium unless REQUIRE_BROWSER=1.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { grantReputation } from '../../src/modules/reputation/reputation.test-support.js';
import { artefactDir, browserSkipReason, launchBrowser, openPage } from '../browser.js';
import { answerAs, askAs, buildTestApp, registerMember, type Session } from '../helpers.js';

const DAY = 86_400;

async function vote(member: Session, answerId: number, value: -1 | 0 | 1) {
  const response = await member.inject({
    method: 'POST',
    url: `/api/v1/answers/${answerId}/vote`,
    payload: { value },
  });
  assert.equal(response.statusCode, 200, response.body);
}

test('reputation tab and directory in a real browser, both languages, no CSP error', {
  skip: browserSkipReason(),
  timeout: 120_000,
}, async (t) => {
  // Sessions outlive the weeks the clock moves through.
  const { app, clock, database } = await buildTestApp(t, { SESSION_IDLE_MINUTES: String(60 * 24 * 365) });
  const asker = await registerMember(app, { username: '李雷', email: 'lilei.people@example.com' });
  const answerer = await registerMember(app, { username: 'hanmeimei', email: 'hmm.people@example.com' });
  const voters: Session[] = [];
  for (let i = 0; i < 6; i += 1) voters.push(await registerMember(app, { username: `voter${i}` }));
  for (const voter of voters) await grantReputation(database.db, voter.userId, 14);
  // Reputation over a few weeks: answers voted up, one vote taken back, an accept.
  for (let week = 0; week < 4; week += 1) {
    const question = await askAs(asker, {
      title: `如何优化 PostgreSQL 查询的第 ${week + 1} 个问题？`,
      tags: ['postgresql'],
    });
    const answer = await answerAs(answerer, question.id);
    for (const voter of voters.slice(0, week + 2)) await vote(voter, answer.id, 1);
    if (week === 2) await vote(voters[0] as Session, answer.id, 0);
    const accepted = await asker.inject({ method: 'POST', url: `/api/v1/answers/${answer.id}/accept` });
    assert.equal(accepted.statusCode, 200, accepted.body);
    clock.advance(6 * DAY);
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  assert.ok(address && typeof address === 'object');
  const baseURL = `http://127.0.0.1:${address.port}`;

  const browser = await launchBrowser(t);
  const shots = await artefactDir('techqa-e2e-people');
  const problems: string[] = [];
  for (const locale of ['en', 'zh-CN'] as const) {
    const opened = await openPage(browser, { baseURL, locale, viewport: { width: 1200, height: 900 } });
    const { page } = opened;
    page.setDefaultTimeout(10_000);
    try {
      await page.goto(`/users/${answerer.userId}?tab=reputation&lang=${locale}`);
      const chart = page.locator('[data-testid=reputation-chart] svg');
      await chart.waitFor();
      const box = await chart.boundingBox();
      assert.ok(box && box.width > 300 && box.height > 80, `the chart is drawn: ${JSON.stringify(box)}`);
      assert.ok((await page.locator('[data-testid=reputation-day]').count()) >= 4);
      await page.screenshot({ path: join(shots, `reputation-${locale}.png`), fullPage: true });

      // The directory through the navigation; then the filter, typed, swaps the list (htmx).
      await Promise.all([page.waitForURL('**/users*'), page.getByTestId('nav-users').click()]);
      await page.getByTestId('member-card').first().waitFor();
      assert.equal(await page.locator('[data-testid=member-card]').count(), 8);
      await page.screenshot({ path: join(shots, `users-${locale}.png`), fullPage: true });
      await page.getByTestId('directory-search').fill('han');
      await page.waitForURL(/q=han/);
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=member-card]').length === 1);
      await page.goto(`/users?sort=tag&tag=postgresql&lang=${locale}`);
      await page.locator('[data-testid=member-tag-score]').first().waitFor();
      await page.screenshot({ path: join(shots, `users-tag-${locale}.png`), fullPage: true });
      await page.setViewportSize({ width: 390, height: 800 });
      await page.goto(`/users/${answerer.userId}?tab=reputation&lang=${locale}`);
      await page.screenshot({ path: join(shots, `reputation-phone-${locale}.png`), fullPage: true });
    } catch (error) {
      await page.screenshot({ path: join(shots, `failure-${locale}.png`), fullPage: true }).catch(() => {});
      throw error;
    }
    problems.push(...opened.problems);
    await opened.context.close();
  }
  t.diagnostic(`screenshots: ${shots}`);
  assert.deepEqual(problems, []);
});
