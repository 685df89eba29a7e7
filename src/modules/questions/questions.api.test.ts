import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  answerAs,
  askAs,
  buildTestApp,
  promote,
  questionBody,
  registerMember,
} from '../../../test/helpers.js';
import { isMessageKey } from '../../platform/i18n/index.js';
import { grantReputation } from '../reputation/reputation.test-support.js';

const title = 'How do I read a file line by line in Node.js?';

async function count(
  db: Awaited<ReturnType<typeof buildTestApp>>['database']['db'],
  table: 'questions' | 'revisions' | 'tags' | 'answers',
) {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('asking', () => {
  test('POST /api/v1/questions stores the question, renders it once, normalises tags and records revision 1', async (t) => {
    const { app, database } = await buildTestApp(t);
    const member = await registerMember(app);
    const response = await member.inject({
      method: 'POST',
      url: '/api/v1/questions',
      payload: {
        title: `  ${title}  `,
        body: 'Here is what I do:\n\n```js\nconst x = <script>alert(1)</script>;\n```\n\n<script>alert(2)</script> and $e^{i\\pi}+1=0$',
        tags: [' Node.JS ', 'javascript', 'node.js', 'ＩＯ'],
      },
    });
    assert.equal(response.statusCode, 201, response.body);
    const { question } = response.json();
    assert.equal(question.title, title);
    assert.equal(question.slug, 'how-do-i-read-a-file-line-by-line-in-node-js');
    assert.deepEqual(question.tags, ['node.js', 'javascript', 'io']);
    assert.equal(question.score, 0);
    assert.equal(question.answerCount, 0);
    assert.equal(question.acceptedAnswerId, null);
    assert.equal(question.author.id, member.userId);
    assert.ok(!/<script/i.test(question.bodyHtml), 'no script survives rendering');
    assert.match(question.bodyHtml, /&lt;script&gt;alert\(2\)/);
    assert.match(question.bodyHtml, /<math/);
    assert.match(question.bodyHtml, /class="hljs/);

    const revisions = await member.inject({ url: `/api/v1/questions/${question.id}/revisions` });
    assert.equal(revisions.json().items.length, 1);
    assert.equal(revisions.json().items[0].kind, 'create');
    const tagRows = await database.db
      .selectFrom('tags')
      .select(['name', 'question_count'])
      .orderBy('name')
      .execute();
    assert.deepEqual(tagRows, [
      { name: 'io', question_count: 1 },
      { name: 'javascript', question_count: 1 },
      { name: 'node.js', question_count: 1 },
    ]);
  });

  test('Chinese titles keep readable slugs and CJK tags', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    const question = await askAs(member, {
      title: 'React 的 useEffect 为什么会执行两次？',
      tags: ['react', '前端'],
    });
    assert.equal(question.slug, 'react-的-useeffect-为什么会执行两次');
    assert.deepEqual(question.tags, ['react', '前端']);
  });

  test('bad input is refused field by field and writes nothing', async (t) => {
    const { app, database } = await buildTestApp(t);
    const member = await registerMember(app);
    const ok = { title, body: questionBody(), tags: ['node.js'] };
    const cases: Array<[string, unknown, string]> = [
      ['missing title', { body: ok.body, tags: ok.tags }, 'title'],
      ['short title', { ...ok, title: 'Too short?' }, 'title'],
      ['long title', { ...ok, title: 'x'.repeat(151) }, 'title'],
      ['title with newline', { ...ok, title: `${title}\nsecond line` }, 'title'],
      ['short body', { ...ok, body: 'tiny' }, 'body'],
      ['body with NUL', { ...ok, body: `${ok.body}\u0000` }, 'body'],
      ['huge body', { ...ok, body: 'x'.repeat(30_001) }, 'body'],
      ['no tags', { ...ok, tags: [] }, 'tags'],
      ['blank tags', { ...ok, tags: ['  ', ''] }, 'tags'],
      ['six tags', { ...ok, tags: ['a', 'b', 'c', 'd', 'e', 'f'] }, 'tags'],
      ['bad tag', { ...ok, tags: ['no/slash'] }, 'tags'],
      ['tags not an array', { ...ok, tags: 'node.js' }, 'tags'],
      ['title a number', { ...ok, title: 42 }, 'title'],
      ['unknown field', { ...ok, score: 100 }, 'score'],
    ];
    const problems: Record<string, string> = {};
    for (const [name, payload, field] of cases) {
      const response = await member.inject({
        method: 'POST',
        url: '/api/v1/questions',
        payload: payload as object,
      });
      assert.equal(response.statusCode, 422, `${name}: ${response.body}`);
      assert.equal(response.json().error.code, 'request.invalid', name);
      const { fields, fieldProblems } = response.json().error;
      assert.ok(fields[field], `${name}: expected ${field} in ${response.body}`);
      // Each field problem also carries its stable code (a catalogue key) beside the same message.
      const problem = fieldProblems?.[field];
      assert.ok(problem && isMessageKey(problem.code), `${name}: a code for ${field} in ${response.body}`);
      assert.equal(problem.message, fields[field], name);
      problems[name] = problem.params ? `${problem.code} ${JSON.stringify(problem.params)}` : problem.code;
    }
    assert.deepEqual(problems, {
      'missing title': 'validation.required',
      'short title': 'validation.too_short {"min":15}',
      'long title': 'validation.too_long {"max":150}',
      'title with newline': 'validation.control_chars',
      'short body': 'validation.too_short {"min":30}',
      'body with NUL': 'validation.control_chars',
      'huge body': 'validation.too_long {"max":30000}',
      'no tags': 'validation.tags_required',
      'blank tags': 'validation.tags_required',
      'six tags': 'validation.too_many_tags {"max":5}',
      'bad tag': 'validation.tag_invalid {"tag":"no/slash"}',
      'tags not an array': 'validation.wrong_type',
      'title a number': 'validation.wrong_type',
      'unknown field': 'validation.unknown_field',
    });
    const anonymous = await app.inject({ method: 'POST', url: '/api/v1/questions', payload: ok });
    assert.equal(anonymous.statusCode, 401);
    assert.equal(await count(database.db, 'questions'), 0);
    assert.equal(await count(database.db, 'revisions'), 0);
    assert.equal(await count(database.db, 'tags'), 0);
  });
});

describe('listing', () => {
  test('sorts newest / votes / active / unanswered, filters by tag, paginates, hides deleted', async (t) => {
    const { app, clock, database } = await buildTestApp(t);
    const asker = await registerMember(app);
    const voter = await registerMember(app);
    await grantReputation(database.db, voter.userId, 14);
    const a = await askAs(asker, { tags: ['alpha'] });
    clock.advance(60);
    const b = await askAs(asker, { tags: ['beta', 'alpha'] });
    clock.advance(60);
    const c = await askAs(asker, { tags: ['gamma'] });
    clock.advance(60);
    const gone = await askAs(asker, { tags: ['alpha'] });
    await asker.inject({ method: 'DELETE', url: `/api/v1/questions/${gone.id}` });
    await voter.inject({ method: 'POST', url: `/api/v1/questions/${a.id}/vote`, payload: { value: 1 } });
    clock.advance(60);
    await answerAs(voter, b.id);

    const ids = async (query: string) =>
      ((await app.inject({ url: `/api/v1/questions${query}` })).json().items as Array<{ id: number }>).map(
        (q) => q.id,
      );
    assert.deepEqual(await ids(''), [c.id, b.id, a.id]);
    assert.deepEqual(await ids('?sort=votes'), [a.id, c.id, b.id]);
    assert.deepEqual(await ids('?sort=active'), [b.id, c.id, a.id]);
    assert.deepEqual(await ids('?sort=unanswered'), [c.id, a.id]);
    assert.deepEqual(await ids('?tag=alpha'), [b.id, a.id]);
    assert.deepEqual(await ids('?tag=ALPHA'), [b.id, a.id]);
    const page2 = (await app.inject({ url: '/api/v1/questions?page=2&pageSize=2' })).json();
    assert.deepEqual(
      {
        total: page2.total,
        page: page2.page,
        pageSize: page2.pageSize,
        ids: page2.items.map((q: { id: number }) => q.id),
      },
      { total: 3, page: 2, pageSize: 2, ids: [a.id] },
    );
    const summary = (await app.inject({ url: '/api/v1/questions?tag=beta' })).json().items[0];
    assert.equal(summary.answerCount, 1);
    assert.match(summary.excerpt, /obvious approach/);
    assert.ok(!('body' in summary) && !('bodyHtml' in summary));
  });

  test('bad list parameters are 422 naming them', async (t) => {
    const { app } = await buildTestApp(t);
    for (const query of ['?sort=random', '?page=0', '?pageSize=101', '?page=abc']) {
      const response = await app.inject({ url: `/api/v1/questions${query}` });
      assert.equal(response.statusCode, 422, query);
      assert.equal(response.json().error.code, 'request.invalid');
    }
  });
});

describe('reading, editing and deleting questions', () => {
  test('GET /api/v1/questions/:id returns answers (accepted first), comments and the caller’s abilities', async (t) => {
    const { app, database } = await buildTestApp(t);
    const asker = await registerMember(app);
    const first = await registerMember(app);
    const second = await registerMember(app);
    await grantReputation(database.db, asker.userId, 14);
    await grantReputation(database.db, first.userId, 49);
    const question = await askAs(asker);
    const early = await answerAs(first, question.id);
    const late = await answerAs(second, question.id);
    await asker.inject({ method: 'POST', url: `/api/v1/answers/${early.id}/vote`, payload: { value: 1 } });
    await asker.inject({ method: 'POST', url: `/api/v1/answers/${late.id}/accept` });
    await first.inject({
      method: 'POST',
      url: `/api/v1/questions/${question.id}/comments`,
      payload: { body: 'Which version of Node.js is this?' },
    });

    const asAsker = (await asker.inject({ url: `/api/v1/questions/${question.id}` })).json().question;
    assert.deepEqual(
      asAsker.answers.map((a: { id: number }) => a.id),
      [late.id, early.id],
      'accepted first, then score',
    );
    assert.equal(asAsker.answers[0].isAccepted, true);
    assert.equal(asAsker.acceptedAnswerId, late.id);
    assert.equal(asAsker.answers[1].myVote, 1);
    assert.equal(asAsker.comments.length, 1);
    assert.deepEqual(asAsker.abilities, {
      edit: true,
      delete: false,
      vote: false,
      accept: false,
      comment: true,
      answer: true,
    });
    assert.equal(asAsker.answers[0].abilities.accept, true);

    const asOther = (await first.inject({ url: `/api/v1/questions/${question.id}` })).json().question;
    assert.equal(asOther.abilities.edit, false);
    assert.equal(asOther.abilities.vote, true);
    assert.equal(asOther.answers[0].abilities.accept, false);

    const anonymous = (await app.inject({ url: `/api/v1/questions/${question.id}` })).json().question;
    assert.equal(anonymous.abilities.vote, false);
    assert.equal(anonymous.myVote, 0);

    const missing = await app.inject({ url: '/api/v1/questions/987654' });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'question.not_found');
  });

  test('the author edits (new revision, tag counts move); others get 403; a no-op edit records nothing', async (t) => {
    const { app, database } = await buildTestApp(t);
    const author = await registerMember(app);
    const other = await registerMember(app);
    const question = await askAs(author, { tags: ['old-tag'] });

    const refused = await other.inject({
      method: 'PATCH',
      url: `/api/v1/questions/${question.id}`,
      payload: { title: `${title} (edited)` },
    });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error.code, 'question.edit_forbidden');

    const edited = await author.inject({
      method: 'PATCH',
      url: `/api/v1/questions/${question.id}`,
      payload: {
        title: '如何在 Node.js 中逐行读取文件？（已编辑）',
        tags: ['new-tag'],
        comment: 'clearer title',
      },
    });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(edited.json().question.slug, '如何在-node-js-中逐行读取文件-已编辑');
    const tags = await database.db
      .selectFrom('tags')
      .select(['name', 'question_count'])
      .orderBy('name')
      .execute();
    assert.deepEqual(tags, [
      { name: 'new-tag', question_count: 1 },
      { name: 'old-tag', question_count: 0 },
    ]);

    const same = await author.inject({
      method: 'PATCH',
      url: `/api/v1/questions/${question.id}`,
      payload: { tags: ['new-tag'] },
    });
    assert.equal(same.statusCode, 200);
    const revisions = (await app.inject({ url: `/api/v1/questions/${question.id}/revisions` })).json().items;
    assert.deepEqual(
      revisions.map((r: { number: number; kind: string }) => [r.number, r.kind]),
      [
        [1, 'create'],
        [2, 'edit'],
      ],
    );
    assert.equal(revisions[1].comment, 'clearer title');

    const badEdit = await author.inject({
      method: 'PATCH',
      url: `/api/v1/questions/${question.id}`,
      payload: { body: 'short' },
    });
    assert.equal(badEdit.statusCode, 422);
    assert.ok(badEdit.json().error.fields.body);
  });

  test('a moderator may edit anyone’s question; rollback restores an old revision as a new one', async (t) => {
    const { app, database } = await buildTestApp(t);
    const author = await registerMember(app);
    const moderator = await registerMember(app);
    await promote(database, moderator.userId, 'moderator');
    const question = await askAs(author, { title });
    const edit = await moderator.inject({
      method: 'PATCH',
      url: `/api/v1/questions/${question.id}`,
      payload: { title: `${title} Really?` },
    });
    assert.equal(edit.statusCode, 200);
    const rollback = await author.inject({
      method: 'POST',
      url: `/api/v1/questions/${question.id}/revisions/1/rollback`,
    });
    assert.equal(rollback.statusCode, 204);
    const now = (await app.inject({ url: `/api/v1/questions/${question.id}` })).json().question;
    assert.equal(now.title, title);
    const revisions = (await app.inject({ url: `/api/v1/questions/${question.id}/revisions` })).json().items;
    assert.deepEqual(
      revisions.map((r: { kind: string }) => r.kind),
      ['create', 'edit', 'rollback'],
    );
    const missing = await author.inject({
      method: 'POST',
      url: `/api/v1/questions/${question.id}/revisions/9/rollback`,
    });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'revision.not_found');
    const stranger = await registerMember(app);
    const forbidden = await stranger.inject({
      method: 'POST',
      url: `/api/v1/questions/${question.id}/revisions/1/rollback`,
    });
    assert.equal(forbidden.statusCode, 403);
  });

  test('deleting: the author while unanswered, moderators always; deleted questions are hidden from others and frozen', async (t) => {
    const { app, database } = await buildTestApp(t);
    const author = await registerMember(app);
    const answerer = await registerMember(app);
    const moderator = await registerMember(app);
    await promote(database, moderator.userId, 'moderator');

    const answered = await askAs(author, { tags: ['keep'] });
    await answerAs(answerer, answered.id);
    const refused = await author.inject({ method: 'DELETE', url: `/api/v1/questions/${answered.id}` });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error.code, 'question.delete_forbidden');
    assert.equal(
      (await moderator.inject({ method: 'DELETE', url: `/api/v1/questions/${answered.id}` })).statusCode,
      204,
    );

    const lonely = await askAs(author, { tags: ['keep'] });
    assert.equal(
      (await author.inject({ method: 'DELETE', url: `/api/v1/questions/${lonely.id}` })).statusCode,
      204,
    );
    const tag = await database.db
      .selectFrom('tags')
      .select('question_count')
      .where('name', '=', 'keep')
      .executeTakeFirstOrThrow();
    assert.equal(tag.question_count, 0);

    assert.equal(
      (await answerer.inject({ url: `/api/v1/questions/${lonely.id}` })).statusCode,
      404,
      'others cannot see it',
    );
    const own = await author.inject({ url: `/api/v1/questions/${lonely.id}` });
    assert.equal(own.statusCode, 200, 'the author still can');
    assert.equal(own.json().question.deleted, true);
    const edit = await author.inject({
      method: 'PATCH',
      url: `/api/v1/questions/${lonely.id}`,
      payload: { title: `${title} again` },
    });
    assert.equal(edit.statusCode, 409);
    assert.equal(edit.json().error.code, 'question.deleted');
    const answer = await answerer.inject({
      method: 'POST',
      url: `/api/v1/questions/${lonely.id}/answers`,
      payload: { body: questionBody() },
    });
    assert.equal(answer.statusCode, 404);
    const twice = await author.inject({ method: 'DELETE', url: `/api/v1/questions/${lonely.id}` });
    assert.equal(twice.statusCode, 409);
  });
});
