import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerAs, askAs, buildTestApp, registerMember, type Session } from '../../../test/helpers.js';
import { grantReputation } from './reputation.test-support.js';

function vote(member: Session, post: 'questions' | 'answers', id: number, value: -1 | 0 | 1) {
  return member
    .inject({ method: 'POST', url: `/api/v1/${post}/${id}/vote`, payload: { value } })
    .then((response) => assert.equal(response.statusCode, 200, response.body));
}

const DAY = 86_400;

test("the profile's reputation tab: the total, a CSP-safe chart, the history by day in both languages", async (t) => {
  const { app, clock, database } = await buildTestApp(t);
  const asker = await registerMember(app);
  const answerer = await registerMember(app);
  const voters = [await registerMember(app), await registerMember(app)];
  for (const voter of voters) await grantReputation(database.db, voter.userId, 14);
  const question = await askAs(asker, { title: 'How do I index a table of a million rows?' });
  const answer = await answerAs(answerer, question.id);
  for (const voter of voters) await vote(voter, 'answers', answer.id, 1);
  clock.advance(DAY);
  const accepted = await asker.inject({ method: 'POST', url: `/api/v1/answers/${answer.id}/accept` });
  assert.equal(accepted.statusCode, 200, accepted.body);
  await vote(voters[0] as Session, 'answers', answer.id, 0);

  const en = await app.inject({ url: `/users/${answerer.userId}?tab=reputation&lang=en` });
  assert.equal(en.statusCode, 200);
  assert.match(en.body, /data-tab="reputation"[^>]*>Reputation</);
  assert.match(en.body, /aria-current="page"[^>]*data-tab="reputation"/);
  assert.match(en.body, /data-testid="reputation-total">26 reputation</);
  const chart = /<figure class="reputation-chart[^>]*>([\s\S]*?)<\/figure>/.exec(en.body)?.[1] ?? '';
  assert.match(
    chart,
    /^<svg class="reputation-chart-svg" role="img" aria-label="Reputation over time, from 1 to 26"/,
  );
  assert.doesNotMatch(chart, /<script|\sstyle=|<style/);
  // Two UTC days, newest first, each with its net change; today's events newest first.
  const days = [...en.body.matchAll(/data-testid="reputation-day" data-day="([\d-]+)"/g)].map((m) => m[1]);
  assert.equal(days.length, 2);
  assert.ok((days[0] as string) > (days[1] as string));
  const changes = [...en.body.matchAll(/data-testid="reputation-day-change"[^>]*>([^<]+)</g)].map(
    (m) => m[1],
  );
  assert.deepEqual(changes, ['+5', '+20']);
  const kinds = [...en.body.matchAll(/data-kind="([a-z_]+)"/g)].map((m) => m[1]);
  assert.deepEqual(kinds, ['answer_upvoted', 'answer_accepted', 'answer_upvoted', 'answer_upvoted']);
  const points = [...en.body.matchAll(/data-testid="reputation-points"[^>]*>([^<]+)</g)].map((m) => m[1]);
  assert.deepEqual(points, ['−10', '+15', '+10', '+10']);
  assert.match(en.body, /Answer upvoted<\/span><span[^>]*data-testid="reputation-undone">undone</);
  assert.ok(en.body.includes('Answer accepted'));
  assert.ok(
    en.body.includes(
      `href="/questions/${question.id}#answer-${answer.id}" class="text-break" data-testid="reputation-post">How do I index a table of a million rows?</a>`,
    ),
  );

  const zh = await app.inject({ url: `/users/${answerer.userId}?tab=reputation&lang=zh-CN` });
  assert.equal(zh.statusCode, 200);
  assert.match(zh.body, /data-tab="reputation"[^>]*>声望</);
  assert.match(zh.body, /data-testid="reputation-total">声望 26</);
  assert.ok(zh.body.includes('回答被采纳') && zh.body.includes('回答被赞同') && zh.body.includes('已撤销'));
  assert.match(zh.body, /aria-label="声望变化：从 1 到 26"/);

  // The asker: +2 for accepting; the voter who took the vote back has nothing; a newcomer's empty tab.
  const askerTab = await app.inject({ url: `/users/${asker.userId}?tab=reputation&lang=en` });
  assert.match(askerTab.body, /data-testid="reputation-total">3 reputation</);
  assert.ok(askerTab.body.includes('Accepted an answer'));
  const newcomer = await registerMember(app);
  const empty = await newcomer.inject({ url: `/users/${newcomer.userId}?tab=reputation&lang=en` });
  assert.match(empty.body, /data-testid="reputation-total">1 reputation</);
  assert.match(empty.body, /data-testid="reputation-empty">You earn reputation/);
  assert.doesNotMatch(empty.body, /reputation-chart/);
});

test('the history pages 30 events at a time; a deleted post is named, not linked', async (t) => {
  const { app, database } = await buildTestApp(t);
  const member = await registerMember(app);
  const asker = await registerMember(app);
  const question = await askAs(asker, { title: 'A question that will be deleted soon' });
  const base = Date.parse('2026-03-01T10:00:00Z');
  await database.db
    .insertInto('reputation_events')
    .values(
      Array.from({ length: 31 }, (_, i) => ({
        user_id: member.userId,
        kind: 'question_upvoted',
        points: 10,
        applied: 10,
        post_type: 'question' as const,
        post_id: question.id,
        created_at: new Date(base + i * 3_600_000),
      })),
    )
    .execute();
  await database.db.updateTable('users').set({ reputation: 311 }).where('id', '=', member.userId).execute();
  await database.db
    .updateTable('questions')
    .set({ deleted_at: new Date() })
    .where('id', '=', question.id)
    .execute();

  const first = await app.inject({ url: `/users/${member.userId}?tab=reputation&lang=en` });
  assert.equal([...first.body.matchAll(/data-event-id=/g)].length, 30);
  assert.ok(first.body.includes(`href="/users/${member.userId}?tab=reputation&page=2"`));
  assert.match(first.body, /data-testid="reputation-total">311 reputation</);
  assert.ok(first.body.includes('a deleted post'));
  assert.ok(!first.body.includes('A question that will be deleted soon'));
  const second = await app.inject({ url: `/users/${member.userId}?tab=reputation&page=2&lang=en` });
  assert.equal([...second.body.matchAll(/data-event-id=/g)].length, 1);
  // The day's heading counts the whole day, not only the events on this page.
  assert.match(second.body, /data-testid="reputation-day-change"[^>]*>\+140</);
});
