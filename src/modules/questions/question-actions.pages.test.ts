import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  answeredQuestion,
  answerViaApi,
  askViaApi,
  getPage,
  HTMX,
  LONG_BODY,
  postForm,
} from '../../../test/community.js';
import { buildTestApp, registerMember } from '../../../test/helpers.js';
import { grantReputation } from '../reputation/reputation.test-support.js';

async function thread(app: Awaited<ReturnType<typeof buildTestApp>>['app'], id: number) {
  return (await app.inject({ url: `/api/v1/questions/${id}` })).json().question;
}

describe('voting, accepting and commenting from the question page', () => {
  test('without JS each form redirects back (303) to the post on the question page', async (t) => {
    const { app, database, asker, answerer, question, answerId, url } = await answeredQuestion(t);
    // Both vote either way and comment anywhere (125 reputation).
    for (const member of [asker, answerer]) await grantReputation(database.db, member.userId, 124);

    const vote = await postForm(app, `/questions/${question.id}/vote`, answerer, { value: '1' });
    assert.equal(vote.statusCode, 303);
    assert.equal(vote.headers.location, `${url}#question-${question.id}`);
    const down = await postForm(app, `/answers/${answerId}/vote`, asker, { value: '-1' });
    assert.equal(down.headers.location, `${url}#answer-${answerId}`);

    const accept = await postForm(app, `/answers/${answerId}/accept`, asker);
    assert.equal(accept.statusCode, 303);
    assert.equal(accept.headers.location, `${url}#answer-${answerId}`);

    const comment = await postForm(app, `/answers/${answerId}/comments`, asker, {
      body: 'Thanks, that **fixed** it!',
    });
    assert.equal(comment.statusCode, 303);
    const commentId = Number(/#comment-(\d+)$/.exec(String(comment.headers.location))?.[1]);
    assert.ok(commentId > 0, String(comment.headers.location));

    let state = await thread(app, question.id);
    assert.equal(state.score, 1);
    assert.equal(state.answers[0].score, -1);
    assert.equal(state.acceptedAnswerId, answerId);
    assert.equal(state.answers[0].comments[0].body, 'Thanks, that **fixed** it!');

    const page = await getPage(app, url, asker);
    assert.match(page, /<span class="comment-body">Thanks, that <strong>fixed<\/strong> it!<\/span>/);
    assert.match(
      page,
      new RegExp(
        `id="vote-answer-${answerId}-down" class="vote-btn vote-down voted" name="value" value="0" aria-pressed="true"`,
      ),
    );
    assert.match(
      page,
      /data-testid="accept-button"[^>]*>|aria-pressed="true"[^>]*data-testid="accept-button"/,
    );

    const removed = await postForm(app, `/comments/${commentId}/delete`, asker, {
      questionId: String(question.id),
      post: `answer-${answerId}`,
    });
    assert.equal(removed.statusCode, 303);
    assert.equal(removed.headers.location, `${url}#answer-${answerId}`);
    state = await thread(app, question.id);
    assert.equal(state.answers[0].comments.length, 0);
  });

  test('with htmx each route answers with just the fragment to swap', async (t) => {
    const { app, database, asker, answerer, question, answerId } = await answeredQuestion(t);
    // Both vote either way and comment anywhere (125 reputation).
    for (const member of [asker, answerer]) await grantReputation(database.db, member.userId, 124);

    const vote = await postForm(app, `/answers/${answerId}/vote`, asker, { value: '1' }, HTMX);
    assert.equal(vote.statusCode, 200);
    assert.ok(!vote.body.includes('<html'));
    assert.match(vote.body, new RegExp(`^<form class="vote-widget" id="vote-answer-${answerId}"`));
    assert.match(vote.body, /class="vote-btn vote-up voted" name="value" value="0" aria-pressed="true"/);
    assert.match(vote.body, /<span class="visually-hidden">Score: <\/span>1<\/span>/);

    const retract = await postForm(app, `/answers/${answerId}/vote`, asker, { value: '0' }, HTMX);
    assert.match(retract.body, /class="vote-btn vote-up" name="value" value="1" aria-pressed="false"/);

    const accept = await postForm(app, `/answers/${answerId}/accept`, asker, {}, HTMX);
    assert.equal(accept.statusCode, 200);
    assert.ok(!accept.body.includes('<html'));
    assert.match(accept.body, /^<section id="answers"/);
    assert.match(accept.body, /class="accept-btn accepted" aria-pressed="true"/);

    const comment = await postForm(
      app,
      `/questions/${question.id}/comments`,
      answerer,
      { body: 'Which version of Node is this?' },
      HTMX,
    );
    assert.equal(comment.statusCode, 200);
    assert.ok(!comment.body.includes('<html'));
    assert.match(comment.body, new RegExp(`^<div class="comments" id="comments-question-${question.id}"`));
    assert.match(comment.body, /Which version of Node is this\?/);
    const commentId = Number(/id="comment-(\d+)"/.exec(comment.body)?.[1]);

    const removed = await postForm(
      app,
      `/comments/${commentId}/delete`,
      answerer,
      { questionId: String(question.id) },
      HTMX,
    );
    assert.equal(removed.statusCode, 200);
    assert.equal(removed.body, '');
    assert.equal((await thread(app, question.id)).comments.length, 0);

    // An answer's comments: that answer's only, not the question's or another answer's.
    await postForm(
      app,
      `/questions/${question.id}/comments`,
      asker,
      { body: 'A comment on the question itself.' },
      HTMX,
    );
    const otherAnswer = await answerViaApi(asker, question.id);
    await postForm(
      app,
      `/answers/${otherAnswer}/comments`,
      answerer,
      { body: 'A comment on the other answer.' },
      HTMX,
    );
    const onAnswer = await postForm(
      app,
      `/answers/${answerId}/comments`,
      asker,
      { body: 'Does this work on Node 18 too?' },
      HTMX,
    );
    assert.equal(onAnswer.statusCode, 200);
    assert.match(onAnswer.body, new RegExp(`^<div class="comments" id="comments-answer-${answerId}"`));
    assert.match(onAnswer.body, /Does this work on Node 18 too\?/);
    assert.doesNotMatch(onAnswer.body, /A comment on the question itself|A comment on the other answer/);

    // A comment too short comes back in its box with the field marked (not only a banner).
    const short = await postForm(
      app,
      `/questions/${question.id}/comments`,
      answerer,
      { body: 'short' },
      HTMX,
    );
    assert.equal(short.statusCode, 422);
    assert.equal(short.headers['hx-retarget'], undefined);
    assert.match(short.body, new RegExp(`^<div class="comments" id="comments-question-${question.id}"`));
    assert.match(short.body, /class="form-control form-control-sm is-invalid"[^>]*aria-invalid="true"/);
    assert.match(short.body, /data-field-error="comment"/);
    assert.match(short.body, />\nshort<\/textarea>/);

    // A refusal goes to the platform's handler: an alert for #flash, never a page.
    const own = await postForm(app, `/questions/${question.id}/vote`, asker, { value: '1' }, HTMX);
    assert.equal(own.statusCode, 403);
    assert.equal(own.headers['hx-retarget'], '#flash');
    assert.match(
      own.body,
      /^<div class="alert alert-danger" role="alert"><span>You cannot vote on your own post\.<\/span><\/div>$/,
    );
  });

  test('refusals without JS show the question page again with the problem', async (t) => {
    const { app, database } = await buildTestApp(t);
    const asker = await registerMember(app);
    const other = await registerMember(app);
    await grantReputation(database.db, other.userId, 49);
    const question = await askViaApi(asker);

    const own = await postForm(app, `/questions/${question.id}/vote`, asker, { value: '1' });
    assert.equal(own.statusCode, 403);
    assert.match(
      own.body,
      /<div class="alert alert-danger" role="alert"><span>You cannot vote on your own post\.<\/span>/,
    );
    assert.match(own.body, /id="question-title"/);

    const short = await postForm(app, `/questions/${question.id}/comments`, other, { body: 'too short' });
    assert.equal(short.statusCode, 422);
    assert.match(short.body, /<details class="add-comment" open>/);
    assert.match(short.body, /data-field-error="comment">Must be at least 15 characters\./);
    assert.match(short.body, />\ntoo short<\/textarea>/);

    const visitor = await app.inject({ url: `/questions/${question.id}/${question.slug}` });
    assert.match(
      visitor.body,
      /href="\/login\?next=[^"]+" title="Log in to vote"/,
      'visitors get links to log in',
    );
    const missing = await postForm(app, '/answers/424242/vote', other, { value: '1' });
    assert.equal(missing.statusCode, 404);
  });

  test('deleting: the author sees the deleted notice, others no longer see the answer', async (t) => {
    const { app, asker, answerer, question, answerId } = await answeredQuestion(t);
    const deleted = await postForm(app, `/answers/${answerId}/delete`, answerer);
    assert.equal(deleted.statusCode, 303);
    const url = `/questions/${question.id}/${question.slug}`;
    const mine = await getPage(app, url, answerer);
    assert.match(mine, new RegExp(`id="answer-${answerId}"[^>]*>.*?data-testid="deleted-notice"`, 's'));
    const theirs = await getPage(app, url, asker);
    assert.ok(!theirs.includes(`id="answer-${answerId}"`));
  });
});

describe('editing a comment from the page', () => {
  test('its author edits it for five minutes, without JS and with htmx; then the form is gone', async (t) => {
    const { app, clock, asker, answerer, question, answerId, url } = await answeredQuestion(t);
    const added = await postForm(app, `/answers/${answerId}/comments`, asker, {
      body: 'Does this work on Node 18?',
    });
    const commentId = Number(/#comment-(\d+)$/.exec(String(added.headers.location))?.[1]);
    const fields = { questionId: String(question.id), post: `answer-${answerId}` };

    const page = await getPage(app, url, asker);
    assert.match(page, new RegExp(`action="/comments/${commentId}/edit"`));
    assert.match(page, /<textarea[^>]*id="comment-edit-\d+"[^>]*>\nDoes this work on Node 18\?<\/textarea>/);
    assert.doesNotMatch(await getPage(app, url, answerer), /\/edit" hx-post="\/comments/, 'only its author');
    assert.doesNotMatch(await getPage(app, url), new RegExp(`/comments/${commentId}/edit`), 'nor visitors');

    const plain = await postForm(app, `/comments/${commentId}/edit`, asker, {
      ...fields,
      body: 'Does this work on **Node 20**?',
    });
    assert.equal(plain.statusCode, 303);
    assert.equal(plain.headers.location, `${url}#comment-${commentId}`);
    assert.equal(
      (await thread(app, question.id)).answers[0].comments[0].body,
      'Does this work on **Node 20**?',
    );

    const swapped = await postForm(
      app,
      `/comments/${commentId}/edit`,
      asker,
      { ...fields, body: 'Does this work on Node 22 as well?' },
      HTMX,
    );
    assert.equal(swapped.statusCode, 200);
    assert.match(swapped.body, new RegExp(`^<li class="comment" id="comment-${commentId}">`));
    assert.match(swapped.body, /Node 22 as well/);

    // Someone else's comment, bad input, and the closed window: refused, nothing changes.
    const other = await postForm(app, `/comments/${commentId}/edit`, answerer, {
      ...fields,
      body: 'I rewrote your comment here.',
    });
    assert.equal(other.statusCode, 403);
    assert.match(other.body, /You cannot edit this comment\./);
    const short = await postForm(app, `/comments/${commentId}/edit`, asker, { ...fields, body: 'short' });
    assert.equal(short.statusCode, 422);
    assert.match(short.body, /Must be at least 15 characters/);
    const missing = await postForm(app, '/comments/999999/edit', asker, {
      ...fields,
      body: 'A comment that does not exist.',
    });
    assert.equal(missing.statusCode, 404);

    clock.advance(5 * 60 + 1);
    const late = await postForm(app, `/comments/${commentId}/edit`, asker, {
      ...fields,
      body: 'Too late to change this comment.',
    });
    assert.equal(late.statusCode, 403);
    assert.equal(
      (await thread(app, question.id)).answers[0].comments[0].body,
      'Does this work on Node 22 as well?',
    );
    assert.doesNotMatch(await getPage(app, url, asker), new RegExp(`/comments/${commentId}/edit`));
  });
});

describe('who sees which buttons', () => {
  test('only the author gets edit and delete; others are refused the edit form (403)', async (t) => {
    const { app, database } = await buildTestApp(t);
    const asker = await registerMember(app);
    const other = await registerMember(app);
    await grantReputation(database.db, other.userId, 14);
    const question = await askViaApi(asker);
    const url = `/questions/${question.id}/${question.slug}`;

    const mine = await getPage(app, url, asker);
    assert.match(
      mine,
      new RegExp(
        `data-testid="menu-question-${question.id}"><a href="/questions/${question.id}/edit" data-testid="edit-link">`,
      ),
    );
    assert.match(mine, /data-testid="delete-button"/);
    assert.ok(!mine.includes('data-testid="vote-question"'), 'no voting on your own question');

    const theirs = await getPage(app, url, other);
    assert.ok(!theirs.includes('data-testid="edit-link"'));
    assert.ok(!theirs.includes('data-testid="delete-button"'));
    assert.match(theirs, /data-testid="vote-question"/);
    assert.match(theirs, /data-testid="answer-form"/);

    await getPage(app, `/questions/${question.id}/edit`, other, 403);
    const forged = await postForm(app, `/questions/${question.id}/edit`, other, {
      title: 'A hijacked title for this question',
      body: LONG_BODY,
      tags: 'x',
    });
    assert.equal(forged.statusCode, 403);
    const visitor = await app.inject({ url: `/questions/${question.id}/edit` });
    assert.equal(visitor.statusCode, 303);
    assert.equal(
      visitor.headers.location,
      `/login?next=${encodeURIComponent(`/questions/${question.id}/edit`)}`,
    );
  });
});

describe('what the privileges leave, said in both languages', () => {
  test('a newcomer sees what voting and commenting need; the asker comments on their question and its answers', async (t) => {
    const { app, database } = await buildTestApp(t);
    const asker = await registerMember(app);
    const answerer = await registerMember(app);
    const newcomer = await registerMember(app);
    const question = await askViaApi(asker);
    const answerId = await answerViaApi(answerer, question.id);
    const url = `/questions/${question.id}/${question.slug}`;

    const page = await getPage(app, url, newcomer);
    assert.ok(!page.includes('data-testid="vote-question"'), 'no vote form below 15');
    assert.match(page, /data-testid="vote-up-needs"/);
    assert.match(page, /title="Upvoting needs 15 reputation; you have 1\."/);
    assert.match(page, /title="Downvoting needs 125 reputation; you have 1\."/);
    assert.ok(!page.includes(`data-testid="comment-form-question-${question.id}"`));
    assert.match(
      page,
      /data-testid="privilege-needed-comment_everywhere">Commenting on others’ posts needs 50 reputation; you have 1\.</,
    );

    const zh = await getPage(app, `${url}?lang=zh-CN`, newcomer);
    assert.match(zh, /title="投赞成票需要 15 声望，你现在有 1。"/);
    assert.match(zh, />评论他人的帖子需要 50 声望，你现在有 1。</);

    const asAsker = await getPage(app, url, asker);
    assert.match(asAsker, new RegExp(`data-testid="comment-form-question-${question.id}"`));
    assert.match(
      asAsker,
      new RegExp(`data-testid="comment-form-answer-${answerId}"`),
      'answers to one’s question',
    );
    assert.ok(!asAsker.includes('privilege-needed-comment_everywhere'));
    const asAnswerer = await getPage(app, url, answerer);
    assert.match(asAnswerer, new RegExp(`data-testid="comment-form-answer-${answerId}"`), 'one’s own answer');
    assert.ok(!asAnswerer.includes(`data-testid="comment-form-question-${question.id}"`));

    await grantReputation(database.db, newcomer.userId, 14);
    const at15 = await getPage(app, url, newcomer);
    assert.match(at15, new RegExp(`id="vote-question-${question.id}-up"`), 'upvoting at 15');
    assert.ok(!at15.includes(`id="vote-question-${question.id}-down"`));
    assert.match(at15, /title="Downvoting needs 125 reputation; you have 15\."/);
    const voted = await postForm(app, `/questions/${question.id}/vote`, newcomer, { value: '1' }, HTMX);
    assert.match(voted.body, /title="Downvoting needs 125 reputation; you have 15\."/, 'the fragment too');
    const refused = await postForm(app, `/questions/${question.id}/vote`, newcomer, { value: '-1' });
    assert.equal(refused.statusCode, 403);
    assert.match(refused.body, /This needs 125 reputation; you have 15\./);

    await grantReputation(database.db, newcomer.userId, 35);
    const at50 = await getPage(app, url, newcomer);
    assert.match(at50, new RegExp(`data-testid="comment-form-question-${question.id}"`));
    assert.ok(!at50.includes('privilege-needed-comment_everywhere'));
  });
});

describe('editing and revisions', () => {
  test('an edit shows as a word diff; rolling back writes a new revision', async (t) => {
    const { app } = await buildTestApp(t);
    const asker = await registerMember(app);
    const question = await askViaApi(asker, {
      title: 'How do I read a file in Node?',
      body: 'I call readFile and the callback never runs at all.',
      tags: ['node'],
    });
    const form = await getPage(app, `/questions/${question.id}/edit`, asker);
    assert.match(form, /name="title" type="text" value="How do I read a file in Node\?"/);
    assert.match(form, /name="tags" type="text" value="node"/);
    // The preview shows the current text from the start, rendered on the server (no JS needed).
    assert.match(form, /data-testid="preview"><p>I call readFile and the callback never runs at all\.<\/p>/);

    const bad = await postForm(app, `/questions/${question.id}/edit`, asker, {
      title: 'short',
      body: 'x *kept*',
      tags: 'node',
    });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /data-field-error="title"/);
    assert.match(
      bad.body,
      /data-testid="preview"><p>x <em>kept<\/em><\/p>/,
      'a refused edit keeps its preview',
    );

    const edited = await postForm(app, `/questions/${question.id}/edit`, asker, {
      title: 'How do I read a file in Node?',
      body: 'I call fs.readFile and the <callback> never runs.',
      tags: 'node fs',
      comment: 'clarify the <API>',
    });
    assert.equal(edited.statusCode, 303);
    assert.equal(edited.headers.location, `/questions/${question.id}/${question.slug}`);

    const history = await getPage(app, `/questions/${question.id}/revisions`, asker);
    assert.ok(history.indexOf('id="revision-2"') < history.indexOf('id="revision-1"'), 'newest first');
    assert.match(
      history,
      /<span>I call <\/span><ins class="diff-add">fs\.<\/ins><span>readFile and the <\/span>/,
    );
    assert.match(
      history,
      /<ins class="diff-add">&lt;<\/ins><span>callback<\/span><ins class="diff-add">><\/ins>/,
    );
    assert.match(history, /<del class="diff-del"> at all<\/del>/);
    assert.match(history, /<ins class="diff-add tag-badge">fs<\/ins>/);
    assert.match(history, /<span>clarify the &lt;API><\/span>/);
    assert.equal(
      [...history.matchAll(/data-testid="rollback"/g)].length,
      1,
      'every revision but the current one',
    );

    const rolled = await postForm(app, `/questions/${question.id}/revisions/1/rollback`, asker);
    assert.equal(rolled.statusCode, 303);
    assert.equal(rolled.headers.location, `/questions/${question.id}/revisions`);
    const revisions = (await app.inject({ url: `/api/v1/questions/${question.id}/revisions` })).json().items;
    assert.equal(revisions.length, 3);
    assert.equal(revisions[2].kind, 'rollback');
    const current = await thread(app, question.id);
    assert.equal(current.body, 'I call readFile and the callback never runs at all.');
    assert.deepEqual(current.tags, ['node']);

    const other = await registerMember(app);
    const theirs = await getPage(app, `/questions/${question.id}/revisions`, other);
    assert.ok(!theirs.includes('data-testid="rollback"'));
    assert.equal(
      (await postForm(app, `/questions/${question.id}/revisions/1/rollback`, other)).statusCode,
      403,
    );
  });

  test('answers are edited from their own form and have their own history', async (t) => {
    const { app, asker, answerer, question, answerId } = await answeredQuestion(t);
    const form = await getPage(app, `/answers/${answerId}/edit`, answerer);
    assert.match(form, new RegExp(`action="/answers/${answerId}/edit"`));
    assert.match(form, new RegExp(`data-testid="preview"><p>${LONG_BODY}</p>`));
    await getPage(app, `/answers/${answerId}/edit`, asker, 403);
    const edited = await postForm(app, `/answers/${answerId}/edit`, answerer, {
      body: `${LONG_BODY} Updated.`,
    });
    assert.equal(edited.statusCode, 303);
    assert.equal(edited.headers.location, `/questions/${question.id}/${question.slug}#answer-${answerId}`);
    const history = await getPage(app, `/answers/${answerId}/revisions`);
    assert.match(history, /<ins class="diff-add"> Updated\.<\/ins>|<ins class="diff-add">Updated\.<\/ins>/);
  });
});
