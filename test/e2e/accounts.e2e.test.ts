// Browser journey through the account pages of the real app (served on a loopback port), in
// Debian's headless Chromium: sign up, out, in by e-mail, switch language both ways, and a
// member with a Chinese name. Skipped without /usr/bin/chromium unless REQUIRE_BROWSER=1.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { artefactDir, browserSkipReason, launchBrowser, openPage } from '../browser.js';
import { buildTestApp } from '../helpers.js';

const PASSWORD = 'correct horse battery staple';

async function expectText(page: Page, testId: string, expected: string): Promise<void> {
  const locator = page.getByTestId(testId);
  await locator.waitFor();
  assert.equal((await locator.textContent())?.trim(), expected, `[data-testid=${testId}] on ${page.url()}`);
}

async function expectLang(page: Page, lang: string): Promise<void> {
  assert.equal(await page.locator('html').getAttribute('lang'), lang, `<html lang> on ${page.url()}`);
}

async function register(page: Page, fields: { username: string; email: string }): Promise<void> {
  await page.getByTestId('nav-register').click();
  await page.waitForURL('**/register');
  const form = page.getByTestId('register-form');
  await form.locator('[name=username]').fill(fields.username);
  await form.locator('[name=email]').fill(fields.email);
  await form.locator('[name=password]').fill(PASSWORD);
  await Promise.all([page.waitForURL((url) => url.pathname === '/'), form.locator('[type=submit]').click()]);
}

async function logOut(page: Page): Promise<void> {
  await Promise.all([page.waitForURL((url) => url.pathname === '/'), page.getByTestId('logout').click()]);
  await page.getByTestId('nav-login').waitFor();
  assert.equal(await page.getByTestId('nav-user').count(), 0, 'still signed in after logging out');
}

test('accounts journey in a real browser', { skip: browserSkipReason(), timeout: 60_000 }, async (t) => {
  const { app } = await buildTestApp(t);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  assert.ok(address && typeof address === 'object', 'app is listening on a TCP port');
  const baseURL = `http://127.0.0.1:${address.port}`;

  const browser = await launchBrowser(t);
  // locale 'en' makes Chromium send `Accept-Language: en`: the journey starts in English.
  const { page, problems } = await openPage(browser, { baseURL, locale: 'en' });
  page.setDefaultTimeout(10_000);
  const shots = await artefactDir('techqa-e2e');

  try {
    await page.goto('/');
    await expectLang(page, 'en');
    await expectText(page, 'nav-register', 'Sign up');

    // Sign up: lands on the front page, signed in.
    const username = 'ada_e2e';
    const email = 'ada.e2e@example.com';
    await register(page, { username, email });
    await expectText(page, 'nav-user', username);
    await expectText(page, 'logout', 'Log out');

    await logOut(page);

    // Log in again, with the e-mail address as the login.
    await page.getByTestId('nav-login').click();
    await page.waitForURL('**/login');
    const login = page.getByTestId('login-form');
    await login.locator('[name=login]').fill(email);
    await login.locator('[name=password]').fill(PASSWORD);
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/'),
      login.locator('[type=submit]').click(),
    ]);
    await expectText(page, 'nav-user', username);

    // Switch to Chinese; the choice sticks (cookie) on a page without ?lang=.
    await Promise.all([page.waitForURL(/lang=zh-CN/), page.getByTestId('lang-zh-CN').click()]);
    await expectLang(page, 'zh-CN');
    await expectText(page, 'logout', '退出');
    await page.goto('/');
    await expectLang(page, 'zh-CN');
    await expectText(page, 'logout', '退出');

    // And back to English.
    await Promise.all([page.waitForURL(/lang=en/), page.getByTestId('lang-en').click()]);
    await expectLang(page, 'en');
    await expectText(page, 'logout', 'Log out');

    // A member with a Chinese name: registers, shows in the navigation and on the profile page.
    await logOut(page);
    const chineseName = '张三_dev';
    await register(page, { username: chineseName, email: 'zhangsan.e2e@example.com' });
    await expectText(page, 'nav-user', chineseName);
    await page.getByTestId('nav-user').click();
    await page.waitForURL(/\/users\/\d+$/);
    assert.ok(
      (await page.locator('main').textContent())?.includes(chineseName),
      'profile page shows the name',
    );

    await page.screenshot({ path: join(shots, 'accounts-journey.png'), fullPage: true });
    t.diagnostic(`screenshot: ${join(shots, 'accounts-journey.png')}`);
  } catch (error) {
    await page.screenshot({ path: join(shots, 'failure.png'), fullPage: true }).catch(() => {});
    t.diagnostic(`failure screenshot: ${join(shots, 'failure.png')}`);
    throw error;
  }

  assert.deepEqual(problems, [], 'pages logged console errors, CSP violations or exceptions');
});
