// Browser journey of a paid question in Debian's headless Chromium: two members top up through the
// dev cashier, one becomes an expert, one asks them, the expert answers from their queue, and a
// third member unlocks the answer; then all three wallets and the platform's commission add up.
// Skipped without /usr/bin/chromium unless REQUIRE_BROWSER=1.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkLedgerIntegrity, getTrialBalance } from '../../src/modules/ledger/index.js';
import { artefactDir, browserSkipReason, launchBrowser, openPage } from '../browser.js';
import { buildTestApp, registerMember, type Session } from '../helpers.js';

async function signedIn(browser: Browser, baseURL: string, member: Session, locale: 'en' | 'zh-CN') {
  const opened = await openPage(browser, { baseURL, locale });
  opened.page.setDefaultTimeout(10_000);
  const [name, value] = member.cookie.split('=') as [string, string];
  await opened.context.addCookies([{ name, value, url: baseURL }]);
  return opened;
}

/** Tops up through the form and the dev cashier, as a member would. */
async function topUpInBrowser(page: Page, amount: string): Promise<void> {
  await page.goto('/wallet/topup');
  const form = page.getByTestId('topup-form');
  await form.getByTestId('topup-amount').fill(amount);
  await form.getByTestId('topup-currency').selectOption('CNY');
  await form.getByTestId('gateway-dev').check();
  await Promise.all([page.waitForURL('**/dev-gateway/orders/**'), form.getByTestId('topup-submit').click()]);
  await Promise.all([page.waitForURL('**/wallet/topups/*'), page.getByTestId('cashier-pay').click()]);
  assert.equal(await page.getByTestId('order-status').getAttribute('data-status'), 'paid');
}

async function cnyBalance(page: Page): Promise<number> {
  const response = await page.request.get('/api/v1/wallet');
  assert.equal(response.status(), 200);
  const body = (await response.json()) as { balances: Array<{ amountMinor: number; currency: string }> };
  return body.balances.find((money) => money.currency === 'CNY')?.amountMinor ?? 0;
}

test('ask an expert, answer, unlock: every wallet and the platform revenue add up', {
  skip: browserSkipReason(),
  timeout: 120_000,
}, async (t) => {
  const { app, database } = await buildTestApp(t);
  const askerSession = await registerMember(app, { username: 'mei_asker' });
  const expertSession = await registerMember(app, { username: 'lin_expert' });
  const readerSession = await registerMember(app, { username: 'kai_reader' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  assert.ok(address && typeof address === 'object');
  const baseURL = `http://127.0.0.1:${address.port}`;
  const browser = await launchBrowser(t);
  const asker = await signedIn(browser, baseURL, askerSession, 'en');
  const expert = await signedIn(browser, baseURL, expertSession, 'en');
  const reader = await signedIn(browser, baseURL, readerSession, 'zh-CN');
  const shots = await artefactDir('techqa-e2e-experts');
  let current: Page = asker.page;

  try {
    // Money in: ¥100 for the asker, ¥10 for the reader, through the dev cashier.
    await topUpInBrowser(asker.page, '100');
    current = reader.page;
    await topUpInBrowser(reader.page, '10');

    // The expert opts in at ¥50 a question.
    current = expert.page;
    await expert.page.goto('/experts');
    await Promise.all([
      expert.page.waitForURL('**/me/expert'),
      expert.page.getByTestId('expert-settings-link').click(),
    ]);
    const settings = expert.page.getByTestId('expert-settings-form');
    await settings.locator('#expert-bio').fill('PostgreSQL tuning for busy OLTP systems.');
    await settings.getByTestId('expert-tags').fill('postgresql performance');
    await settings.getByTestId('expert-price-input').fill('50');
    await Promise.all([
      expert.page.waitForURL('**/me/expert?done=saved'),
      settings.getByTestId('expert-settings-save').click(),
    ]);

    // The asker finds them in the directory and asks.
    current = asker.page;
    await asker.page.goto('/');
    await Promise.all([asker.page.waitForURL('**/experts'), asker.page.getByTestId('nav-experts').click()]);
    const row = asker.page.locator(`[data-testid="expert-row"][data-user-id="${expertSession.userId}"]`);
    assert.match((await row.textContent()) ?? '', /50\.00/);
    await Promise.all([
      asker.page.waitForURL(`**/experts/${expertSession.userId}`),
      row.locator('a').first().click(),
    ]);
    assert.match((await asker.page.getByTestId('expert-price').textContent()) ?? '', /50\.00/);
    const ask = asker.page.getByTestId('ask-form');
    await ask.getByTestId('ask-title').fill('Why does autovacuum never catch up on my orders table?');
    await ask
      .getByTestId('ask-body')
      .fill('The table gets 5M updates a day; dead tuples keep growing. Which settings should I change?');
    await ask.getByTestId('ask-visibility-public').check();
    await Promise.all([
      asker.page.waitForURL('**/paid-questions/*?done=asked'),
      ask.getByTestId('ask-submit').click(),
    ]);
    assert.equal(await asker.page.getByTestId('paid-question-state').getAttribute('data-state'), 'paid');
    const questionPath = new URL(asker.page.url()).pathname;
    await asker.page.screenshot({ path: join(shots, 'asked.png'), fullPage: true });
    assert.equal(await cnyBalance(asker.page), 5000);

    // The expert answers from their queue.
    current = expert.page;
    await expert.page.goto('/me/expert/questions');
    const queued = expert.page.getByTestId('paid-question-row');
    assert.equal(await queued.count(), 1);
    await Promise.all([
      expert.page.waitForURL(`**${questionPath}**`),
      queued.locator('a.btn-primary').click(),
    ]);
    await expert.page
      .getByTestId('answer-body')
      .fill(
        'Lower autovacuum_vacuum_scale_factor to 0.01 on that table and raise autovacuum_vacuum_cost_limit.',
      );
    await Promise.all([
      expert.page.waitForURL('**?done=answered'),
      expert.page.getByTestId('answer-submit').click(),
    ]);
    assert.equal(await expert.page.getByTestId('paid-question-state').getAttribute('data-state'), 'answered');
    await expert.page.getByTestId('paid-answer').waitFor();

    // A third member sees it locked, pays ¥1.00 and reads it.
    current = reader.page;
    await reader.page.goto(questionPath);
    await reader.page.getByTestId('answer-locked').waitFor();
    assert.equal(await reader.page.getByText('autovacuum_vacuum_scale_factor').count(), 0);
    assert.match((await reader.page.getByTestId('unlock-submit').textContent()) ?? '', /¥1\.00/);
    await Promise.all([
      reader.page.waitForURL('**?done=unlocked'),
      reader.page.getByTestId('unlock-submit').click(),
    ]);
    await reader.page.getByTestId('paid-answer').waitFor();
    assert.match(
      (await reader.page.getByTestId('paid-answer').textContent()) ?? '',
      /autovacuum_vacuum_scale_factor/,
    );
    assert.equal(await reader.page.getByTestId('unlock-count').getAttribute('data-count'), '1');
    await reader.page.screenshot({ path: join(shots, 'unlocked.png'), fullPage: true });

    // Every wallet: asker 100 − 50 + 0.45; expert 45 + 0.45; reader 10 − 1; the platform 5 + 0.10.
    assert.equal(await cnyBalance(asker.page), 5045);
    assert.equal(await cnyBalance(expert.page), 4545);
    assert.equal(await cnyBalance(reader.page), 900);
    const revenue = await database.db
      .selectFrom('ledger_accounts')
      .select('balance_minor')
      .where('kind', '=', 'platform_revenue')
      .where('currency', '=', 'CNY')
      .executeTakeFirstOrThrow();
    assert.equal(Number(revenue.balance_minor), 510);
    assert.equal((await getTrialBalance(database.db)).balanced, true);
    assert.deepEqual(await checkLedgerIntegrity(database.db), []);
    assert.deepEqual([...asker.problems, ...expert.problems, ...reader.problems], []);
  } catch (error) {
    await current.screenshot({ path: join(shots, 'failure.png'), fullPage: true }).catch(() => {});
    throw error;
  }
});
