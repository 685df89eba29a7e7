import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerViaApi, askViaApi, getPage, LONG_BODY, voteViaApi } from '../../../test/community.js';
import { buildTestApp, registerMember } from '../../../test/helpers.js';
import { grantReputation } from '../reputation/reputation.test-support.js';
import { ANSWERS_PAGE_SIZE, orderAnswers } from './thread.service.js';

const answerIdsOf = (html: string) => [...html.matchAll(/data-answer-id="(\d+)"/g)].map((m) => Number(m[1]));

describe('answer order', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
  // 1: old, low score, edited last; 2: accepted; 3: top score; 4: newest.
  const answers = [
    { id: 1, score: 0, createdAt: at(0), updatedAt: at(50) },
    { id: 2, score: 1, createdAt: at(10), updatedAt: at(10) },
    { id: 3, score: 5, createdAt: at(20), updatedAt: at(20) },
    { id: 4, score: 1, createdAt: at(30), updatedAt: at(30) },
  ];
  const ids = (sort?: Parameters<typeof orderAnswers>[2]) => orderAnswers(answers, 2, sort).map((a) => a.id);

  test('votes (the default): the accepted answer, then by score, ties to the older', () => {
    assert.deepEqual(ids(), [2, 3, 4, 1]);
    assert.deepEqual(ids('votes'), [2, 3, 4, 1]);
    assert.deepEqual(
      orderAnswers(answers, null).map((a) => a.id),
      [3, 2, 4, 1],
    );
  });

  test('newest, oldest and recently edited ignore the accepted mark', () => {
    assert.deepEqual(ids('newest'), [4, 3, 2, 1]);
    assert.deepEqual(ids('oldest'), [1, 2, 3, 4]);
    assert.deepEqual(ids('active'), [1, 4, 3, 2]);
  });
});

describe('answers on the question page', () => {
  test('a long thread is paged 30 at a time, in the chosen order, with links that keep it', async (t) => {
    const { app, database } = await buildTestApp(t);
    const asker = await registerMember(app);
    await grantReputation(database.db, asker.userId, 20); // the upvote privilege (15)
    const members = [await registerMember(app), await registerMember(app), await registerMember(app)];
    const question = await askViaApi(asker);
    const posted: number[] = [];
    for (let i = 0; i < ANSWERS_PAGE_SIZE + 3; i += 1) {
      posted.push(
        await answerViaApi(members[i % 3] as (typeof members)[number], question.id, `${LONG_BODY} #${i}`),
      );
    }
    const top = posted[7] as number;
    await voteViaApi(asker, 'answer', top, 1);
    const base = `/questions/${question.id}/${question.slug}`;

    const first = await getPage(app, base);
    assert.match(first, /data-testid="answers-heading">33 answers</);
    const firstIds = answerIdsOf(first);
    assert.equal(firstIds.length, ANSWERS_PAGE_SIZE);
    assert.equal(firstIds[0], top, 'the upvoted answer leads the default order');
    assert.match(first, new RegExp(`href="${base}\\?page=2#answers"`), 'a link to page 2 keeps the thread');
    assert.match(first, new RegExp(`href="${base}\\?answers=oldest#answers"`));

    const second = await getPage(app, `${base}?page=2`);
    const secondIds = answerIdsOf(second);
    assert.equal(secondIds.length, 3);
    assert.deepEqual(
      [...firstIds, ...secondIds].sort((a, b) => a - b),
      posted,
      'every answer once',
    );

    const oldest = await getPage(app, `${base}?answers=oldest`);
    assert.deepEqual(answerIdsOf(oldest), posted.slice(0, ANSWERS_PAGE_SIZE));
    assert.match(
      oldest,
      /data-answer-sort="oldest"[^>]*aria-current="page"|aria-current="page"[^>]*data-answer-sort="oldest"/,
    );
    assert.match(oldest, new RegExp(`href="${base}\\?answers=oldest&page=2#answers"`));
    const newestPage2 = await getPage(app, `${base}?answers=newest&page=2`);
    assert.deepEqual(answerIdsOf(newestPage2), posted.slice(0, 3).reverse());

    // Unknown values are the defaults; a page past the end is the last page: never an error page.
    assert.deepEqual(answerIdsOf(await getPage(app, `${base}?answers=sideways&page=x`)), firstIds);
    assert.deepEqual(answerIdsOf(await getPage(app, `${base}?page=99`)), secondIds);
  });

  test('zh-CN: the sort links are in Chinese; one answer needs no sort links or pages', async (t) => {
    const { app } = await buildTestApp(t);
    const asker = await registerMember(app);
    const answerer = await registerMember(app);
    const question = await askViaApi(asker);
    const base = `/questions/${question.id}/${question.slug}`;
    await answerViaApi(answerer, question.id);
    const one = await getPage(app, base);
    assert.doesNotMatch(one, /data-answer-sort=/);
    assert.doesNotMatch(one, /class="pagination/);
    await answerViaApi(asker, question.id);
    const zh = await getPage(app, `${base}?lang=zh-CN`);
    assert.match(zh, /data-answer-sort="votes"[^>]*>\s*得票最高/);
    assert.match(zh, /data-answer-sort="oldest"[^>]*>\s*最早/);
  });
});
