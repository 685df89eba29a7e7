// Browser journey of a top-up through the dev gateway, in Debian's headless Chromium: the top-up
// form, the dev cashier, back to the return page, and the ¥100 in the wallet with its statement
// line. Skipped without /usr/bin/chromium unless REQUIRE_BROWSER=1.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { artefactDir, browserSkipReason, launchBrowser, openPage } from '../browser.js';
import { buildTestApp, registerMember } from '../helpers.js';

test('top up ¥100 through the dev cashier in a real browser', {
  skip: browserSkipReason(),
  timeout: 90_000,
}, async (t) => {
  const { app } = await buildTestApp(t);
  const member = await registerMember(app, { username: 'mei_topup' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  assert.ok(address && typeof address === 'object');
  const baseURL = `http://127.0.0.1:${address.port}`;
  const browser = await launchBrowser(t);
  const { context, page, problems } = await openPage(browser, { baseURL, locale: 'zh-CN' });
  page.setDefaultTimeout(10_000);
  const [name, value] = member.cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: baseURL }]);
  const shots = await artefactDir('techqa-e2e-topup');

  try {
    await page.goto('/wallet/topup');
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    const form = page.getByTestId('topup-form');
    await form.getByTestId('topup-amount').fill('100');
    await form.getByTestId('topup-currency').selectOption('CNY');
    await form.getByTestId('gateway-dev').check();
    await Promise.all([
      page.waitForURL('**/dev-gateway/orders/**'),
      form.getByTestId('topup-submit').click(),
    ]);

    // The dev cashier: the amount due, then pay.
    await page.getByTestId('dev-cashier').waitFor();
    assert.equal((await page.getByTestId('cashier-amount').textContent())?.trim(), '¥100.00');
    await page.screenshot({ path: join(shots, 'cashier.png'), fullPage: true });
    await Promise.all([page.waitForURL('**/wallet/topups/*'), page.getByTestId('cashier-pay').click()]);

    // Back on the return page: paid.
    await page.getByTestId('order-status').waitFor();
    assert.equal(await page.getByTestId('order-status').getAttribute('data-status'), 'paid');
    assert.equal((await page.getByTestId('order-amount').textContent())?.trim(), '¥100.00');
    await page.screenshot({ path: join(shots, 'return.png'), fullPage: true });

    // The wallet: the balance and the statement line of the top-up.
    const wallet = await page.goto('/wallet');
    assert.equal(wallet?.status(), 200);
    assert.match((await page.getByTestId('wallet-balances').textContent()) ?? '', /¥100\.00/);
    const line = page.getByTestId('statement').locator('tr[data-kind="topup"]');
    assert.equal(await line.count(), 1);
    assert.match((await line.textContent()) ?? '', /\+¥100\.00/);
    await page.screenshot({ path: join(shots, 'wallet.png'), fullPage: true });
    // The same facts through the JSON API, with the browser's own session.
    const balances = await page.request.get('/api/v1/wallet');
    assert.equal(balances.status(), 200);
    const body = (await balances.json()) as { balances: Array<{ amountMinor: number; currency: string }> };
    assert.deepEqual(
      body.balances.find((money) => money.currency === 'CNY'),
      { amountMinor: 10000, currency: 'CNY' },
    );
    const entries = await page.request.get('/api/v1/wallet/entries');
    assert.equal(entries.status(), 200);
    const lines = (await entries.json()) as {
      items: Array<{ kind: string; amount: { amountMinor: number } }>;
    };
    assert.ok(
      lines.items.some((line) => line.kind === 'topup' && line.amount.amountMinor === 10000),
      JSON.stringify(lines.items),
    );
    assert.deepEqual(problems, []);
  } catch (error) {
    await page.screenshot({ path: join(shots, 'failure.png'), fullPage: true }).catch(() => {});
    throw error;
  }
});
