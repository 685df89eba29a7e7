// Browser check of the question page in Debian's headless Chromium: it renders highlighted code
// and member HTML as text, and htmx votes, previews, comments and deletes in place without a
// console error or CSP violation. Skipped without /usr/bin/chromium unless REQUIRE_BROWSER=1.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { grantReputation } from '../../src/modules/reputation/reputation.test-support.js';
import { artefactDir, browserSkipReason, launchBrowser, openPage } from '../browser.js';
import { answerViaApi, askViaApi, voteViaApi } from '../community.js';
import { buildTestApp, registerMember } from '../helpers.js';

test('question page in a real browser', { skip: browserSkipReason(), timeout: 90_000 }, async (t) => {
  const { app, clock, database } = await buildTestApp(t);
  const asker = await registerMember(app, { username: 'ada_e2e' });
  const answerer = await registerMember(app, { username: 'lin_e2e' });
  const reader = await registerMember(app, { username: 'grace_e2e' });
  // Both vote and the reader comments on the question: they have earned the upvote (15) and
  // comment-anywhere (50) privileges.
  for (const voter of [asker, reader]) await grantReputation(database.db, voter.userId, 60);
  const question = await askViaApi(asker, {
    title: 'Why does my Python asyncio loop never finish?',
    body: [
      'I start a task with `asyncio.create_task` and the program never exits:',
      '',
      '```python',
      'import asyncio',
      '',
      'async def main():',
      '    task = asyncio.create_task(worker())',
      '    await asyncio.sleep(1)',
      '```',
      '',
      'What am I missing? <script>alert(1)</script>',
    ].join('\n'),
    tags: ['python', 'asyncio'],
  });
  clock.advance(3 * 3600);
  const accepted = await answerViaApi(
    answerer,
    question.id,
    'You never **await** the task. Keep a reference and `await task` before `main` returns.',
  );
  const other = await answerViaApi(
    reader,
    question.id,
    'Use `asyncio.TaskGroup` (3.11+): it waits for every task. $O(n)$',
  );
  await voteViaApi(asker, 'answer', other, 1);
  await asker.inject({ method: 'POST', url: `/api/v1/answers/${accepted}/accept` });

  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  assert.ok(address && typeof address === 'object');
  const baseURL = `http://127.0.0.1:${address.port}`;
  const browser = await launchBrowser(t);
  const { context, page, problems } = await openPage(browser, {
    baseURL,
    locale: 'en',
    viewport: { width: 1200, height: 900 },
  });
  page.setDefaultTimeout(10_000);
  page.on('dialog', (dialog) => void dialog.accept());
  const [name, value] = reader.cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: baseURL }]);
  const shots = await artefactDir('techqa-e2e-questions');

  try {
    await page.goto(`/questions/${question.id}`);
    assert.match(
      page.url(),
      new RegExp(`/questions/${question.id}/why-does-my-python-asyncio-loop-never-finish$`),
    );
    assert.equal(await page.locator('.post-body .hljs-keyword').first().textContent(), 'import');
    assert.ok(
      (await page.locator('.question .post-body').textContent())?.includes('<script>alert(1)</script>'),
    );
    const answerIds = await page.locator('article.answer').evaluateAll((nodes) => nodes.map((n) => n.id));
    assert.deepEqual(answerIds, [`answer-${accepted}`, `answer-${other}`], 'accepted first');

    // Vote in place: the widget is swapped, the page is not reloaded.
    const up = page.locator(`#vote-answer-${accepted}-up`);
    await up.click();
    await page.waitForSelector(`#vote-answer-${accepted}-up[aria-pressed="true"]`);
    assert.equal(
      (await page.locator(`#vote-answer-${accepted} [data-testid=score]`).textContent())?.trim(),
      'Score: 1',
    );

    // Live preview while typing an answer.
    await page.locator('#field-body').fill('A **live** preview with `code`');
    await page.waitForSelector('#field-body-preview strong');

    // Add a comment, then delete it, both in place.
    await page.locator(`[data-testid="comments-question-${question.id}"] summary`).click();
    await page.locator(`#comment-body-question-${question.id}`).fill('Which Python version are you on?');
    await page.locator(`[data-testid="comment-form-question-${question.id}"] button[type=submit]`).click();
    const comment = page.locator(`#comments-question-${question.id} .comment`);
    await comment.waitFor();
    assert.match((await comment.textContent()) ?? '', /Which Python version are you on\?/);
    await page.screenshot({ path: join(shots, 'question.png'), fullPage: true });
    t.diagnostic(`screenshot: ${join(shots, 'question.png')}`);

    // Its author's edit and delete controls: small muted words on the byline's line, no underline,
    // reached with the keyboard (Tab from the byline, Enter opens the edit form).
    const editToggle = comment.getByTestId('comment-edit');
    const deleteButton = comment.getByTestId('comment-delete');
    const looks = (locator: typeof comment) =>
      locator.evaluate((node) => {
        const style = getComputedStyle(node);
        const box = node.getBoundingClientRect();
        return {
          color: style.color,
          decoration: style.textDecorationLine,
          fontSize: Number.parseFloat(style.fontSize),
          middle: Math.round(box.top + box.height / 2),
          text: (node.textContent ?? '').trim(),
        };
      });
    const meta = await looks(comment.locator('.comment-meta'));
    const body = await looks(comment.locator('.comment-body'));
    for (const control of [await looks(editToggle), await looks(deleteButton)]) {
      assert.equal(control.color, meta.color, `muted like the byline: ${JSON.stringify(control)}`);
      assert.equal(control.decoration, 'none', `not underlined: ${JSON.stringify(control)}`);
      assert.ok(control.fontSize < body.fontSize, `smaller than the comment: ${JSON.stringify(control)}`);
      assert.ok(
        Math.abs(control.middle - meta.middle) <= 3,
        `on the byline's line: ${JSON.stringify(control)}`,
      );
      assert.match(control.text, /^[a-z]+$/, `a word, not a symbol: ${JSON.stringify(control)}`);
    }
    await comment.locator('.comment-meta a').last().focus();
    await page.keyboard.press('Tab');
    assert.equal(await editToggle.evaluate((node) => node === document.activeElement), true);
    assert.notEqual(await editToggle.evaluate((node) => getComputedStyle(node).outlineStyle), 'none');
    await page.keyboard.press('Enter');
    await comment.locator('textarea').waitFor();
    assert.equal(await deleteButton.isVisible(), false, 'no delete button while editing');
    await page.keyboard.press('Enter');
    await comment.locator('textarea').waitFor({ state: 'hidden' });
    await page.keyboard.press('Tab');
    assert.equal(await deleteButton.evaluate((node) => node === document.activeElement), true);
    await page.locator(`#comments-question-${question.id}`).screenshot({ path: join(shots, 'comment.png') });

    await comment.locator('[data-testid=comment-delete]').click();
    await comment.waitFor({ state: 'detached' });

    assert.equal(problems.length, 0, `console errors, CSP violations or exceptions:\n${problems.join('\n')}`);

    // A refused comment (too short) comes back in its own box with the field marked invalid (not
    // only a banner); the browser logs the 422.
    await page.locator(`[data-testid="comments-answer-${other}"] summary`).click();
    await page.locator(`#comment-body-answer-${other}`).fill('short');
    await page.locator(`[data-testid="comment-form-answer-${other}"] button[type=submit]`).click();
    const refused = page.locator(`#comment-body-answer-${other}`);
    await page.locator(`#comment-body-answer-${other}.is-invalid`).waitFor();
    assert.equal(await refused.getAttribute('aria-invalid'), 'true');
    assert.equal(await refused.inputValue(), 'short', 'what the member typed is kept');
    assert.ok(
      problems.every((problem) => problem.includes('422')),
      problems.join('\n'),
    );

    // Without JavaScript the same controls work: the toggle opens the edit form, saving and
    // deleting post and come back to the page.
    const plain = await openPage(browser, { baseURL, locale: 'en', javaScriptEnabled: false });
    await plain.context.addCookies([{ name, value, url: baseURL }]);
    const noJs = plain.page;
    noJs.setDefaultTimeout(10_000);
    await noJs.goto(`/questions/${question.id}`);
    await noJs.locator(`[data-testid="comments-question-${question.id}"] .add-comment summary`).click();
    await noJs.locator(`#comment-body-question-${question.id}`).fill('Which event loop policy do you use?');
    await Promise.all([
      noJs.waitForURL(/#comment-\d+$/),
      noJs.locator(`[data-testid="comment-form-question-${question.id}"] button[type=submit]`).click(),
    ]);
    const mine = noJs.locator(`#comments-question-${question.id} .comment`).last();
    await mine.getByTestId('comment-edit').focus();
    await noJs.keyboard.press('Enter');
    await mine.locator('textarea').fill('Which event loop policy do you use on Windows?');
    await Promise.all([noJs.waitForURL(/#comment-\d+$/), mine.locator('button[type=submit]').last().click()]);
    assert.match((await mine.locator('.comment-body').textContent()) ?? '', /on Windows\?$/);
    await Promise.all([noJs.waitForURL(/#question-\d+$/), mine.getByTestId('comment-delete').click()]);
    assert.equal(await noJs.getByText('on Windows?').count(), 0);
    await plain.context.close();
  } catch (error) {
    await page.screenshot({ path: join(shots, 'failure.png'), fullPage: true }).catch(() => {});
    t.diagnostic(`failure screenshot: ${join(shots, 'failure.png')}`);
    throw error;
  }
});
