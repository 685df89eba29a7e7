import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium: the only browser these tests use (none is ever downloaded). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

// Without the networking flags Chromium keeps dialling Google's hosts, which this machine's
// closed network refuses; --no-sandbox because CI runs as root.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Why browser tests cannot run here, or undefined when they can. With REQUIRE_BROWSER=1 a
 * missing browser is an error instead (CI must not pass by skipping them).
 */
export function browserSkipReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  const reason = `${CHROMIUM_PATH} is missing (apt-get install chromium)`;
  if (process.env.REQUIRE_BROWSER === '1') throw new Error(`REQUIRE_BROWSER=1 but ${reason}`);
  return reason;
}

/** Starts headless Chromium with a fresh profile; closed (with its temp dir) when the test ends. */
export async function launchBrowser(t: TestContext): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  t.after(() => browser.close());
  return browser;
}

/**
 * A new context and page that collects what the page reports about itself: console errors
 * (Chromium logs CSP violations and failed loads there) and uncaught exceptions.
 */
export async function openPage(
  browser: Browser,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' || /Content Security Policy/i.test(text)) {
      const where = message.location().url || page.url();
      problems.push(`console.${message.type()} on ${page.url()} (${where}): ${text}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`pageerror on ${page.url()}: ${error.message}`));
  return { context, page, problems };
}

/** A fresh temp directory for screenshots; kept after the run (and never inside the repo). */
export function artefactDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `${prefix}-`));
}
