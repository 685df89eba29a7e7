// Browser journey through search, in Debian's headless Chromium: member A asks a few questions
// through the API; member B searches from the header box (English, then Chinese), sees the
// similar questions appear under the ask form's title while typing (htmx, debounced), and the
// related questions box on a question page (loaded by htmx). Skipped without /usr/bin/chromium
// unless REQUIRE_BROWSER=1.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { artefactDir, browserSkipReason, launchBrowser, openPage } from '../browser.js';
import { askAs, buildTestApp, registerMember } from '../helpers.js';

/** A link to question `id`, with or without its slug. */
function linkTo(id: number): string {
  return `a[href="/questions/${id}"], a[href^="/questions/${id}/"]`;
}

test('search, similar and related questions in a real browser', {
  skip: browserSkipReason(),
  timeout: 90_000,
}, async (t) => {
  const { app } = await buildTestApp(t);
  const asker = await registerMember(app, { username: 'search_asker_e2e' });
  const reader = await registerMember(app, { username: 'search_reader_e2e' });
  const react = await askAs(asker, {
    title: 'React useEffect runs twice in development',
    body: 'My useEffect hook fetches data twice when the component mounts in development mode. Why?',
    tags: ['reactjs', 'react-hooks'],
  });
  const strictMode = await askAs(asker, {
    title: 'Why does useEffect fire twice with React StrictMode?',
    body: 'With StrictMode on, my React useEffect effect runs two times on mount and logs twice.',
    tags: ['reactjs'],
  });
  const gil = await askAs(asker, {
    title: 'Python 多线程 GIL 的限制是什么？',
    body: '我用 Python 的 threading 模块开了多个线程做计算，速度却没有变快，是 GIL 的原因吗？',
    tags: ['python'],
  });
  await askAs(asker, {
    title: 'How do I center a div with CSS grid?',
    body: 'I want one box in the middle of the page, both horizontally and vertically, using grid.',
    tags: ['css'],
  });

  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  assert.ok(address && typeof address === 'object', 'app is listening on a TCP port');
  const baseURL = `http://127.0.0.1:${address.port}`;
  const browser = await launchBrowser(t);
  const { context, page, problems } = await openPage(browser, {
    baseURL,
    locale: 'en',
    viewport: { width: 1200, height: 900 },
  });
  page.setDefaultTimeout(10_000);
  const [name, value] = reader.cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: baseURL }]);
  const shots = await artefactDir('techqa-e2e-search');

  try {
    // (1) The header search box: the React question first, its words highlighted.
    await page.goto('/');
    const box = page.locator('#site-search');
    await box.fill('useEffect twice');
    await Promise.all([page.waitForURL('**/search?q=*'), box.press('Enter')]);
    assert.equal(new URL(page.url()).searchParams.get('q'), 'useEffect twice');
    assert.equal(await page.getByTestId('search-input').inputValue(), 'useEffect twice');
    const results = page.getByTestId('search-result');
    await results.first().waitFor();
    const ids = (await results.evaluateAll((items) =>
      items.map((item) => Number(item.getAttribute('data-question-id'))),
    )) as number[];
    assert.ok([react.id, strictMode.id].includes(ids[0] ?? 0), `first result: ${JSON.stringify(ids)}`);
    assert.ok(ids.includes(react.id) && ids.includes(strictMode.id), JSON.stringify(ids));
    assert.ok(!ids.includes(gil.id), `the Python question matched: ${JSON.stringify(ids)}`);
    const first = results.first();
    const marks = (await first.locator('.question-link mark').allTextContents()).map((m) => m.toLowerCase());
    assert.ok(marks.includes('useeffect'), `highlighted in the title: ${JSON.stringify(marks)}`);
    await page.screenshot({ path: join(shots, 'search-english.png'), fullPage: true });

    // A narrower query puts exactly the React question first.
    await page.getByTestId('search-input').fill('useEffect development');
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get('q') === 'useEffect development'),
      page.getByTestId('search-input').press('Enter'),
    ]);
    await results.first().waitFor();
    assert.equal(await results.first().getAttribute('data-question-id'), String(react.id));
    assert.ok((await results.first().locator('.question-link mark').count()) >= 1, 'a <mark> in the title');

    // (2) A Chinese query from the header box finds the Chinese question.
    await page.locator('#site-search').fill('多线程 GIL');
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get('q') === '多线程 GIL'),
      page.locator('#site-search').press('Enter'),
    ]);
    await results.first().waitFor();
    assert.equal(await results.first().getAttribute('data-question-id'), String(gil.id));
    assert.match((await results.first().locator('.question-link').textContent()) ?? '', /Python 多线程 GIL/);
    const chineseMarks = await results.first().locator('.question-link mark').allTextContents();
    assert.ok(
      chineseMarks.some((m) => m.includes('多线程') || m.toUpperCase() === 'GIL'),
      `highlighted: ${JSON.stringify(chineseMarks)}`,
    );
    await page.screenshot({ path: join(shots, 'search-chinese.png'), fullPage: true });

    // (3) The ask page: typing a title like the React one lists it as a similar question.
    await page.goto('/questions/ask');
    const ask = page.getByTestId('ask-form');
    await ask
      .locator('#field-title')
      .pressSequentially('useEffect running twice in development', { delay: 10 });
    const similar = ask.getByTestId('similar-questions').getByTestId('similar-list');
    await similar.waitFor();
    const link = similar.locator(linkTo(react.id));
    await link.waitFor();
    assert.equal((await link.textContent())?.trim(), react.title);
    await page.screenshot({ path: join(shots, 'ask-similar.png'), fullPage: true });

    // (4) A question page: the related box (htmx) lists the similar StrictMode question.
    await page.goto(`/questions/${react.id}/${encodeURIComponent(react.slug)}`);
    const related = page.getByTestId('related-box').getByTestId('related-list');
    await related.waitFor();
    const relatedLink = related.locator(linkTo(strictMode.id));
    await relatedLink.waitFor();
    assert.equal((await relatedLink.textContent())?.trim(), strictMode.title);
    assert.equal(await related.locator(linkTo(react.id)).count(), 0, 'not itself');
    await page.screenshot({ path: join(shots, 'related.png'), fullPage: true });
    t.diagnostic(`screenshots: ${shots}`);
  } catch (error) {
    await page.screenshot({ path: join(shots, 'failure.png'), fullPage: true }).catch(() => {});
    t.diagnostic(`failure screenshot: ${join(shots, 'failure.png')}`);
    throw error;
  }

  assert.deepEqual(problems, [], 'pages logged console errors, CSP violations or exceptions');
});
