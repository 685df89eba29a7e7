// Browser journey through the community pages in Chinese (zh-CN), in Debian's headless Chromium:
// member A asks a question with code and a formula, member B (a second browser) answers it and
// up-votes the question, A up-votes and accepts the answer, edits the question (picking a tag
// suggestion on the way) and reads the diff on the revisions page. Everything goes through the
// pages; only the two members are registered through the API. Skipped without /usr/bin/chromium
// unless REQUIRE_BROWSER=1.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { grantReputation } from '../../src/modules/reputation/reputation.test-support.js';
import { artefactDir, browserSkipReason, launchBrowser, openPage } from '../browser.js';
import { buildTestApp, registerMember } from '../helpers.js';

const TITLE = '为什么 JavaScript 算欧拉恒等式的结果不是零？';
const BODY_BEFORE = String.raw`在 JavaScript 里验证欧拉恒等式 $e^{i\pi}+1=0$ 时，结果并不是零：

~~~js
const result = Math.cos(Math.PI) + 1;
console.log(result === 0);
~~~

我用的是 Node 20，为什么会这样？`;
const BODY_AFTER = BODY_BEFORE.replace(
  'Node 20，为什么会这样？',
  'Node 22，为什么会这样？浮点误差能避免吗？',
);
const ANSWER =
  '浮点数无法精确表示 π，所以 `Math.cos(Math.PI)` 带有舍入误差；比较时用 `Math.abs(x) < Number.EPSILON` 即可。';
const EDIT_COMMENT = '补充了 Node 版本和追问';

/** The page is in Chinese: `<html lang="zh-CN">` and `text` somewhere in <main>. */
async function expectChinese(page: Page, text: string): Promise<void> {
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN', `<html lang> on ${page.url()}`);
  await page.locator('main').getByText(text, { exact: false }).first().waitFor();
}

async function textOf(page: Page, selector: string): Promise<string> {
  const locator = page.locator(selector);
  await locator.waitFor();
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

async function signIn(context: BrowserContext, cookie: string, baseURL: string): Promise<void> {
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: baseURL }]);
}

test('community journey in Chinese, in a real browser', {
  skip: browserSkipReason(),
  timeout: 60_000,
}, async (t) => {
  const { app, database } = await buildTestApp(t);
  const asker = await registerMember(app, { username: '李雷_e2e', email: 'lilei.e2e@example.com' });
  const answerer = await registerMember(app, { username: '韩梅梅_e2e', email: 'hanmeimei.e2e@example.com' });
  // Both up-vote below: they have earned the upvote privilege (15).
  for (const voter of [asker, answerer]) await grantReputation(database.db, voter.userId, 20);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  assert.ok(address && typeof address === 'object', 'app is listening on a TCP port');
  const baseURL = `http://127.0.0.1:${address.port}`;

  const browser = await launchBrowser(t);
  // A's browser asks for English and switches with ?lang=zh-CN (remembered in a cookie);
  // B's browser sends `Accept-Language: zh-CN`.
  const a = await openPage(browser, { baseURL, locale: 'en', viewport: { width: 1200, height: 900 } });
  const b = await openPage(browser, { baseURL, locale: 'zh-CN', viewport: { width: 1200, height: 900 } });
  await signIn(a.context, asker.cookie, baseURL);
  await signIn(b.context, answerer.cookie, baseURL);
  for (const page of [a.page, b.page]) page.setDefaultTimeout(10_000);
  const shots = await artefactDir('techqa-e2e-community-zh');

  let current = a.page;
  try {
    // A: the front page in Chinese, then the ask page through the navigation.
    await a.page.goto('/?lang=zh-CN');
    await expectChinese(a.page, '最新问题');
    assert.equal(await textOf(a.page, '[data-testid=nav-ask]'), '提问');
    await Promise.all([a.page.waitForURL('**/questions/ask'), a.page.getByTestId('nav-ask').click()]);
    await expectChinese(a.page, '提一个问题');

    const ask = a.page.getByTestId('ask-form');
    await ask.locator('#field-title').fill(TITLE);
    // Tags before the body: any htmx request the tag field sends has settled by the time the
    // (later, slower) body preview is back, so none is cut short by submitting.
    await ask.locator('#field-tags').fill('javascript 数学');
    await ask.locator('#field-body').fill(BODY_BEFORE);
    // The live preview (htmx) already shows the highlighted code and the formula.
    const preview = ask.getByTestId('preview');
    await preview.locator('math').waitFor();
    await preview.locator('.hljs-keyword').first().waitFor();
    await Promise.all([
      a.page.waitForURL((url) => /^\/questions\/\d+\/[^/]+$/.test(url.pathname)),
      ask.getByTestId('submit').click(),
    ]);

    // The question page: Chinese slug, highlighted code, MathML, tags.
    const questionUrl = new URL(a.page.url());
    const questionId = Number(/^\/questions\/(\d+)\//.exec(questionUrl.pathname)?.[1]);
    assert.ok(questionId > 0, `question id in ${questionUrl.pathname}`);
    assert.match(decodeURIComponent(questionUrl.pathname), /\/为什么-javascript-算欧拉恒等式的结果不是零$/);
    await expectChinese(a.page, '你的回答');
    assert.equal(await textOf(a.page, '#question-title'), TITLE);
    assert.equal(await textOf(a.page, '[data-testid=answers-heading]'), '0 个回答');
    const questionBody = a.page.locator('.question .post-body');
    assert.equal(await questionBody.locator('pre code .hljs-keyword').first().textContent(), 'const');
    assert.ok((await questionBody.locator('[class^="hljs-"]').count()) >= 3, 'code is highlighted');
    assert.equal(await questionBody.locator('math').count(), 1, 'the formula is MathML');
    assert.match((await questionBody.textContent()) ?? '', /我用的是 Node 20/);
    assert.match(await textOf(a.page, '.question'), /数学/);
    await a.page.screenshot({ path: join(shots, 'question-asked.png'), fullPage: true });

    // B: answers through the form under the question, then up-votes the question (htmx).
    current = b.page;
    await b.page.goto(questionUrl.pathname);
    await expectChinese(b.page, '你的回答');
    const answerForm = b.page.getByTestId('answer-form');
    await answerForm.locator('#field-body').fill(ANSWER);
    await answerForm.getByTestId('preview').locator('code').first().waitFor();
    await Promise.all([
      b.page.waitForURL((url) => url.hash.startsWith('#answer-')),
      answerForm.getByTestId('submit').click(),
    ]);
    await expectChinese(b.page, '回答于');
    assert.equal(await textOf(b.page, '[data-testid=answers-heading]'), '1 个回答');
    const answerId = Number(await b.page.locator('article.answer').getAttribute('data-answer-id'));
    assert.equal(new URL(b.page.url()).hash, `#answer-${answerId}`);
    assert.match(await textOf(b.page, `#answer-${answerId} .post-body`), /Number\.EPSILON/);

    assert.equal(
      await b.page.locator(`#vote-question-${questionId}-up`).getAttribute('title'),
      '这个帖子有用且清楚',
    );
    await b.page.locator(`#vote-question-${questionId}-up`).click();
    await b.page.locator(`#vote-question-${questionId}-up[aria-pressed="true"]`).waitFor();
    assert.equal(await textOf(b.page, `#vote-question-${questionId} [data-testid=score]`), '得分： 1');

    // A: up-votes the answer and accepts it (both swapped in place by htmx).
    current = a.page;
    await a.page.reload();
    await expectChinese(a.page, '1 个回答');
    assert.equal(await textOf(a.page, `#vote-question-${questionId} [data-testid=score]`), '得分： 1');
    await a.page.locator(`#vote-answer-${answerId}-up`).click();
    await a.page.locator(`#vote-answer-${answerId}-up[aria-pressed="true"]`).waitFor();
    assert.equal(await textOf(a.page, `#vote-answer-${answerId} [data-testid=score]`), '得分： 1');
    const accept = a.page.locator(`#accept-${answerId}`);
    assert.equal(await accept.getAttribute('title'), '采纳这个回答');
    await accept.click();
    await a.page.locator(`#accept-${answerId}.accepted[aria-pressed="true"]`).waitFor();
    assert.equal(await a.page.locator(`#accept-${answerId}`).getAttribute('title'), '取消采纳这个回答');
    assert.equal(await a.page.locator(`#answer-${answerId}`).getAttribute('aria-label'), '已采纳的回答');
    assert.equal(await textOf(a.page, `#vote-answer-${answerId} [data-testid=score]`), '得分： 1');

    // B sees the accepted mark (the answerer cannot un-accept, so it is a mark, not a button).
    current = b.page;
    await b.page.reload();
    await expectChinese(b.page, '1 个回答');
    const mark = b.page.locator(`#answer-${answerId} [data-testid=accepted-mark]`);
    await mark.waitFor();
    assert.equal(await mark.getAttribute('title'), '已采纳的回答');
    assert.equal(await b.page.locator(`#answer-${answerId}.answer-accepted`).count(), 1);
    await b.page.screenshot({ path: join(shots, 'answer-accepted.png'), fullPage: true });

    // A: edits the question's body with an edit comment.
    current = a.page;
    const questionMenu = a.page.getByTestId(`menu-question-${questionId}`);
    await Promise.all([
      a.page.waitForURL(`**/questions/${questionId}/edit`),
      questionMenu.getByTestId('edit-link').click(),
    ]);
    await expectChinese(a.page, '编辑问题');
    const edit = a.page.getByTestId('edit-form');
    assert.equal(await edit.locator('#field-title').inputValue(), TITLE);
    assert.equal(await edit.locator('#field-body').inputValue(), BODY_BEFORE);
    // A tag suggestion picked from the list replaces the tag being typed and is followed by exactly
    // one space, whatever separator the member typed (a Chinese comma here), ready for the next tag.
    const tags = edit.locator('#field-tags');
    await tags.fill('javascript，数');
    const suggestion = edit.locator('[data-tag-suggestion="数学"]');
    await suggestion.waitFor();
    await suggestion.click();
    assert.equal(await tags.inputValue(), 'javascript 数学 ');
    assert.equal(await edit.locator('[data-tag-suggestion]').count(), 0, 'the list is cleared');
    await edit.locator('#field-body').fill(BODY_AFTER);
    await edit.getByTestId('preview').getByText('浮点误差能避免吗').waitFor();
    await edit.locator('#field-comment').fill(EDIT_COMMENT);
    await Promise.all([
      a.page.waitForURL((url) => url.pathname === questionUrl.pathname),
      edit.getByTestId('submit').click(),
    ]);
    await expectChinese(a.page, '你的回答');
    assert.match(await textOf(a.page, '.question .post-body'), /Node 22，为什么会这样？浮点误差能避免吗？/);
    assert.equal(await a.page.locator('.question .post-body math').count(), 1, 'still MathML after the edit');

    // A: the revisions page shows the edit, its comment and the word diff.
    await Promise.all([
      a.page.waitForURL(`**/questions/${questionId}/revisions`),
      questionMenu.getByRole('link', { name: '修订历史' }).click(),
    ]);
    await expectChinese(a.page, '问题的修订历史');
    assert.equal(await a.page.locator('article.revision').count(), 2);
    const latest = a.page.locator('#revision-2');
    assert.equal(await textOf(a.page, '#revision-2 h2'), '第 2 版');
    assert.equal(await textOf(a.page, '#revision-2 .revision-kind'), '编辑');
    assert.equal(await textOf(a.page, '#revision-2 .text-bg-success'), '当前版本');
    assert.equal(await textOf(a.page, '#revision-2 .revision-comment'), `说明： ${EDIT_COMMENT}`);
    const added = await latest.locator('ins.diff-add').allTextContents();
    const removed = await latest.locator('del.diff-del').allTextContents();
    assert.ok(added.join('').includes('22'), `added: ${JSON.stringify(added)}`);
    assert.ok(added.join('').includes('浮点误差能避免吗'), `added: ${JSON.stringify(added)}`);
    assert.ok(removed.join('').includes('20'), `removed: ${JSON.stringify(removed)}`);
    // The first revision is all new: title, body and both tags added, nothing removed.
    assert.equal(await a.page.locator('#revision-1 del.diff-del').count(), 0);
    assert.equal(await a.page.locator('#revision-1 ins.diff-add').count(), 4);
    assert.equal(await textOf(a.page, '#revision-1 h2'), '第 1 版');
    assert.equal(await textOf(a.page, '#revision-1 .revision-kind'), '创建');
    await a.page.screenshot({ path: join(shots, 'revisions.png'), fullPage: true });
    t.diagnostic(`screenshots: ${shots}`);
  } catch (error) {
    await current.screenshot({ path: join(shots, 'failure.png'), fullPage: true }).catch(() => {});
    t.diagnostic(`failure screenshot: ${join(shots, 'failure.png')}`);
    throw error;
  }

  assert.deepEqual(
    [...a.problems, ...b.problems],
    [],
    'pages logged console errors, CSP violations or exceptions',
  );
});
