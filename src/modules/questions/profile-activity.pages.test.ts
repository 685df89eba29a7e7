import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerViaApi, askViaApi } from '../../../test/community.js';
import { buildTestApp, registerMember } from '../../../test/helpers.js';

/** The activity tab's items in page order: kind and post id. */
function itemsOf(html: string): string[] {
  return [...html.matchAll(/data-kind="(question|answer)" data-post-id="(\d+)"/g)].map(
    (m) => `${m[1]}:${m[2]}`,
  );
}

describe("the profile's activity tab (questions' contribution)", () => {
  test("a member's live questions and answers, newest first, linking to them, in both languages", async (t) => {
    const { app, clock } = await buildTestApp(t);
    const member = await registerMember(app);
    const other = await registerMember(app);
    const first = await askViaApi(member, { title: 'How do I read a PostgreSQL query plan?' });
    clock.advance(60);
    const theirs = await askViaApi(other, { title: 'Why is my index not used by the planner?' });
    clock.advance(60);
    const answer = await answerViaApi(member, theirs.id);
    const accepted = await other.inject({ method: 'POST', url: `/api/v1/answers/${answer}/accept` });
    assert.equal(accepted.statusCode, 200, accepted.body);
    clock.advance(60);
    const gone = await askViaApi(member, { title: 'A question its author deleted again' });
    assert.equal(
      (await member.inject({ method: 'DELETE', url: `/api/v1/questions/${gone.id}` })).statusCode,
      204,
    );

    const en = await app.inject({ url: `/users/${member.userId}?lang=en` });
    assert.equal(en.statusCode, 200);
    assert.deepEqual(itemsOf(en.body), [`answer:${answer}`, `question:${first.id}`]);
    assert.ok(en.body.includes('1 question · 1 answer'));
    assert.ok(en.body.includes(`href="/questions/${theirs.id}/${theirs.slug}#answer-${answer}"`));
    assert.ok(en.body.includes(`href="/questions/${first.id}/${first.slug}"`));
    assert.match(en.body, /data-kind="answer".*?>Accepted</s);
    assert.doesNotMatch(en.body, /deleted again/);
    assert.match(en.body, /data-tab="activity">Activity<span[^>]*>2</);

    const zh = await app.inject({ url: `/users/${member.userId}?tab=activity&lang=zh-CN` });
    assert.ok(zh.body.includes('1 个问题 · 1 个回答'));
    assert.ok(zh.body.includes('已采纳'));
  });

  test('pages of 20, with links to the next page within the tab', async (t) => {
    const { app, clock } = await buildTestApp(t);
    const member = await registerMember(app);
    const ids: number[] = [];
    for (let i = 0; i < 21; i += 1) {
      ids.push((await askViaApi(member)).id);
      clock.advance(1);
    }
    const first = await app.inject({ url: `/users/${member.userId}` });
    assert.deepEqual(
      itemsOf(first.body),
      ids
        .slice(1)
        .reverse()
        .map((id) => `question:${id}`),
    );
    assert.ok(first.body.includes(`href="/users/${member.userId}?tab=activity&page=2"`));
    const second = await app.inject({ url: `/users/${member.userId}?tab=activity&page=2` });
    assert.deepEqual(itemsOf(second.body), [`question:${ids[0]}`]);
    const beyond = await app.inject({ url: `/users/${member.userId}?tab=activity&page=9` });
    assert.equal(beyond.statusCode, 200);
    assert.deepEqual(itemsOf(beyond.body), []);
  });
});
