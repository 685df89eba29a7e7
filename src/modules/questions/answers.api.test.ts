import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerAs, askAs, buildTestApp, promote, registerMember } from '../../../test/helpers.js';
import { grantReputation } from '../reputation/reputation.test-support.js';

const body = 'Read it with readline.createInterface over a stream; it yields one line at a time.';

describe('answers', () => {
  test('answering counts, bumps activity, and is editable by its author only', async (t) => {
    const { app, clock } = await buildTestApp(t);
    const asker = await registerMember(app);
    const answerer = await registerMember(app);
    const question = await askAs(asker);
    clock.advance(120);
    const created = await answerer.inject({
      method: 'POST',
      url: `/api/v1/questions/${question.id}/answers`,
      payload: { body },
    });
    assert.equal(created.statusCode, 201);
    const { answer } = created.json();
    assert.equal(answer.questionId, question.id);
    assert.equal(answer.isAccepted, false);
    assert.match(answer.bodyHtml, /readline/);

    const after = (await app.inject({ url: `/api/v1/questions/${question.id}` })).json().question;
    assert.equal(after.answerCount, 1);
    assert.ok(new Date(after.lastActivityAt) > new Date(after.createdAt));

    const refused = await asker.inject({
      method: 'PATCH',
      url: `/api/v1/answers/${answer.id}`,
      payload: { body: `${body} Edited.` },
    });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error.code, 'answer.edit_forbidden');
    const edited = await answerer.inject({
      method: 'PATCH',
      url: `/api/v1/answers/${answer.id}`,
      payload: { body: `${body} Edited.`, comment: 'typo' },
    });
    assert.equal(edited.statusCode, 200);
    const revisions = (await app.inject({ url: `/api/v1/answers/${answer.id}/revisions` })).json().items;
    assert.deepEqual(
      revisions.map((r: { kind: string }) => r.kind),
      ['create', 'edit'],
    );

    const one = await app.inject({ url: `/api/v1/answers/${answer.id}` });
    assert.equal(one.json().answer.body, `${body} Edited.`);
  });

  test('bad answers and unknown questions are refused with codes, writing nothing', async (t) => {
    const { app, database } = await buildTestApp(t);
    const asker = await registerMember(app);
    const question = await askAs(asker);
    for (const payload of [{ body: 'too short' }, { body: '' }, {}, { body: 7 }, { body, extra: true }]) {
      const response = await asker.inject({
        method: 'POST',
        url: `/api/v1/questions/${question.id}/answers`,
        payload,
      });
      assert.equal(response.statusCode, 422, JSON.stringify(payload));
    }
    const missing = await asker.inject({
      method: 'POST',
      url: '/api/v1/questions/424242/answers',
      payload: { body },
    });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'question.not_found');
    const anonymous = await app.inject({
      method: 'POST',
      url: `/api/v1/questions/${question.id}/answers`,
      payload: { body },
    });
    assert.equal(anonymous.statusCode, 401);
    const answers = await database.db.selectFrom('answers').select('id').execute();
    assert.equal(answers.length, 0);
    assert.equal((await app.inject({ url: '/api/v1/answers/5555' })).json().error.code, 'answer.not_found');
  });

  test('deleting an accepted answer un-accepts it and lowers the count; deleted answers are frozen', async (t) => {
    const { app } = await buildTestApp(t);
    const asker = await registerMember(app);
    const answerer = await registerMember(app);
    const question = await askAs(asker);
    const answer = await answerAs(answerer, question.id);
    await asker.inject({ method: 'POST', url: `/api/v1/answers/${answer.id}/accept` });
    assert.equal(
      (await answerer.inject({ method: 'DELETE', url: `/api/v1/answers/${answer.id}` })).statusCode,
      204,
    );
    const after = (await app.inject({ url: `/api/v1/questions/${question.id}` })).json().question;
    assert.equal(after.answerCount, 0);
    assert.equal(after.acceptedAnswerId, null);
    assert.equal(after.answers.length, 0, 'hidden from others');
    const own = (await answerer.inject({ url: `/api/v1/questions/${question.id}` })).json().question;
    assert.equal(own.answers[0].deleted, true, 'its author still sees it');
    const edit = await answerer.inject({
      method: 'PATCH',
      url: `/api/v1/answers/${answer.id}`,
      payload: { body },
    });
    assert.equal(edit.statusCode, 409);
    assert.equal(edit.json().error.code, 'answer.deleted');
    const vote = await asker.inject({
      method: 'POST',
      url: `/api/v1/answers/${answer.id}/vote`,
      payload: { value: 1 },
    });
    assert.equal(vote.statusCode, 404);
  });
});

describe('accepting', () => {
  test('only the asker accepts; again un-accepts; another answer moves the mark', async (t) => {
    const { app, database } = await buildTestApp(t);
    const asker = await registerMember(app);
    const answerer = await registerMember(app);
    const moderator = await registerMember(app);
    await promote(database, moderator.userId, 'moderator');
    const question = await askAs(asker);
    const first = await answerAs(answerer, question.id);
    const second = await answerAs(moderator, question.id);

    for (const who of [answerer, moderator]) {
      const refused = await who.inject({ method: 'POST', url: `/api/v1/answers/${first.id}/accept` });
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().error.code, 'answer.accept_forbidden');
    }
    const accept = await asker.inject({ method: 'POST', url: `/api/v1/answers/${first.id}/accept` });
    assert.deepEqual(accept.json(), { questionId: question.id, acceptedAnswerId: first.id });
    const move = await asker.inject({ method: 'POST', url: `/api/v1/answers/${second.id}/accept` });
    assert.equal(move.json().acceptedAnswerId, second.id);
    const undo = await asker.inject({ method: 'POST', url: `/api/v1/answers/${second.id}/accept` });
    assert.equal(undo.json().acceptedAnswerId, null);
    const list = (await app.inject({ url: '/api/v1/questions' })).json().items[0];
    assert.equal(list.acceptedAnswerId, null);
    const missing = await asker.inject({ method: 'POST', url: '/api/v1/answers/999999/accept' });
    assert.equal(missing.statusCode, 404);
  });
});

describe('comments', () => {
  test('on questions and answers; 15–600 characters; author edits for 5 minutes; author or moderator deletes', async (t) => {
    const { app, clock, database } = await buildTestApp(t);
    const asker = await registerMember(app);
    const answerer = await registerMember(app);
    const moderator = await registerMember(app);
    await promote(database, moderator.userId, 'moderator');
    const question = await askAs(asker);
    const answer = await answerAs(answerer, question.id);
    // Commenting on the question is commenting on someone else's post: 50 reputation.
    await grantReputation(database.db, answerer.userId, 49);

    for (const bad of ['too short', 'x'.repeat(601), '']) {
      const response = await asker.inject({
        method: 'POST',
        url: `/api/v1/questions/${question.id}/comments`,
        payload: { body: bad },
      });
      assert.equal(response.statusCode, 422);
      assert.ok(response.json().error.fields.body);
    }
    const onAnswer = await asker.inject({
      method: 'POST',
      url: `/api/v1/answers/${answer.id}/comments`,
      payload: { body: 'Thanks, does this work with `fs.promises` too? <b>bold?</b>' },
    });
    assert.equal(onAnswer.statusCode, 201);
    const comment = onAnswer.json().comment;
    assert.equal(comment.answerId, answer.id);
    assert.match(comment.bodyHtml, /<code>fs\.promises<\/code>/);
    assert.ok(!comment.bodyHtml.includes('<b>'));

    const stranger = await answerer.inject({
      method: 'PATCH',
      url: `/api/v1/comments/${comment.id}`,
      payload: { body: 'I changed your words here.' },
    });
    assert.equal(stranger.statusCode, 403);
    assert.equal(stranger.json().error.code, 'comment.edit_forbidden');
    clock.advance(4 * 60);
    const inTime = await asker.inject({
      method: 'PATCH',
      url: `/api/v1/comments/${comment.id}`,
      payload: { body: 'Thanks, does this also work with promises?' },
    });
    assert.equal(inTime.statusCode, 200);
    clock.advance(2 * 60);
    const late = await asker.inject({
      method: 'PATCH',
      url: `/api/v1/comments/${comment.id}`,
      payload: { body: 'Too late to change this comment now.' },
    });
    assert.equal(late.statusCode, 403);
    assert.equal(late.json().error.code, 'comment.edit_window_closed');

    const q = await answerer.inject({
      method: 'POST',
      url: `/api/v1/questions/${question.id}/comments`,
      payload: { body: 'Please add the exact error message.' },
    });
    assert.equal(
      (await asker.inject({ method: 'DELETE', url: `/api/v1/comments/${q.json().comment.id}` })).statusCode,
      403,
    );
    assert.equal(
      (await moderator.inject({ method: 'DELETE', url: `/api/v1/comments/${q.json().comment.id}` }))
        .statusCode,
      204,
    );
    assert.equal(
      (await asker.inject({ method: 'DELETE', url: `/api/v1/comments/${comment.id}` })).statusCode,
      204,
    );
    const thread = (await app.inject({ url: `/api/v1/questions/${question.id}` })).json().question;
    assert.equal(thread.comments.length, 0);
    assert.equal(thread.answers[0].comments.length, 0);
    assert.equal(thread.commentCount, 0);
    const again = await asker.inject({ method: 'DELETE', url: `/api/v1/comments/${comment.id}` });
    assert.equal(again.statusCode, 404);
  });

  test('on others’ posts from 50 reputation (not 49); on one’s own posts and the answers to one’s question always', async (t) => {
    const { app, database } = await buildTestApp(t);
    const asker = await registerMember(app);
    const answerer = await registerMember(app);
    const passer = await registerMember(app);
    const question = await askAs(asker);
    const answer = await answerAs(answerer, question.id);
    const comment = (who: typeof asker, on: 'questions' | 'answers', id: number) =>
      who.inject({
        method: 'POST',
        url: `/api/v1/${on}/${id}/comments`,
        payload: { body: 'Which version of the library is this about?' },
      });

    assert.equal((await comment(asker, 'questions', question.id)).statusCode, 201, 'one’s own question');
    assert.equal((await comment(asker, 'answers', answer.id)).statusCode, 201, 'an answer to one’s question');
    assert.equal((await comment(answerer, 'answers', answer.id)).statusCode, 201, 'one’s own answer');

    await grantReputation(database.db, passer.userId, 48);
    for (const [on, id] of [
      ['questions', question.id],
      ['answers', answer.id],
    ] as const) {
      const refused = await comment(passer, on, id);
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().error.code, 'privilege.required');
      assert.deepEqual(refused.json().error.params, {
        privilege: 'comment_everywhere',
        required: 50,
        current: 49,
      });
    }
    const onQuestion = await comment(answerer, 'questions', question.id);
    assert.deepEqual(
      onQuestion.json().error.params.privilege,
      'comment_everywhere',
      'answering gives no pass',
    );
    const thread = (await app.inject({ url: `/api/v1/questions/${question.id}` })).json().question;
    assert.equal(thread.commentCount, 1, 'nothing refused was written');

    await grantReputation(database.db, passer.userId, 1);
    assert.equal((await comment(passer, 'questions', question.id)).statusCode, 201);
    assert.equal((await comment(passer, 'answers', answer.id)).statusCode, 201);
    const moderator = await registerMember(app);
    await promote(database, moderator.userId, 'moderator');
    assert.equal((await comment(moderator, 'answers', answer.id)).statusCode, 201);
  });
});

test('POST /api/v1/markdown/preview renders like a post, safely', async (t) => {
  const { app } = await buildTestApp(t);
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/markdown/preview',
    payload: { body: '**bold** [x](javascript:alert(1)) <img src=x onerror=alert(1)>' },
  });
  assert.equal(response.statusCode, 200);
  const { html } = response.json();
  assert.match(html, /<strong>bold<\/strong>/);
  assert.ok(!/href="javascript:|<img/i.test(html));
});
