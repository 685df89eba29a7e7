import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  answerViaApi,
  askViaApi,
  getPage,
  HTMX,
  LONG_BODY,
  listedIds,
  postForm,
  voteViaApi,
} from '../../../test/community.js';
import { buildTestApp, registerMember } from '../../../test/helpers.js';
import { grantReputation } from '../reputation/reputation.test-support.js';
import { slugify } from './questions.rules.js';

describe('question list', () => {
  test('an empty community shows the empty state on / and /questions', async (t) => {
    const { app } = await buildTestApp(t);
    for (const url of ['/', '/questions', '/?sort=nonsense&page=x']) {
      const html = await getPage(app, url);
      assert.match(html, /data-testid="empty-list"/, url);
      assert.match(html, /href="\/questions\/ask"/, url);
    }
  });

  test('sorts newest, votes, active and unanswered; each item shows its counts, tags and author', async (t) => {
    const { app, database } = await buildTestApp(t);
    const asker = await registerMember(app);
    const voter = await registerMember(app);
    await grantReputation(database.db, voter.userId, 20); // the upvote privilege (15)
    const first = await askViaApi(asker, { tags: ['python', 'asyncio'] });
    const second = await askViaApi(asker);
    const third = await askViaApi(asker);
    await voteViaApi(voter, 'question', first.id, 1);
    const answerId = await answerViaApi(voter, second.id);
    await asker.inject({ method: 'POST', url: `/api/v1/answers/${answerId}/accept` });

    assert.deepEqual(listedIds(await getPage(app, '/')), [third.id, second.id, first.id]);
    assert.deepEqual(listedIds(await getPage(app, '/questions?sort=votes')).slice(0, 1), [first.id]);
    assert.deepEqual(listedIds(await getPage(app, '/?sort=active')).slice(0, 1), [second.id]);
    assert.deepEqual(listedIds(await getPage(app, '/?sort=unanswered')), [third.id, first.id]);

    const html = await getPage(app, '/?sort=votes');
    assert.match(html, /<a class="nav-link active" href="\/\?sort=votes" aria-current="page"/);
    // The site navigation marks the section the page is in, and only that one.
    const current = (page: string) =>
      [...page.matchAll(/data-testid="nav-(\w+)"/g)]
        .filter((m) => page.slice(page.lastIndexOf('<a', m.index), m.index).includes('aria-current="page"'))
        .map((m) => m[1]);
    assert.deepEqual(current(html), ['questions']);
    assert.deepEqual(current(await getPage(app, '/tags/python')), ['tags']);
    assert.deepEqual(current(await getPage(app, '/bounties')), ['bounties']);
    assert.deepEqual(current(await getPage(app, '/experts')), ['experts']);
    assert.deepEqual(current(await getPage(app, '/search?q=x')), []);
    const item = html.slice(html.indexOf(`id="question-summary-${second.id}"`));
    assert.match(item, /class="stat stat-accepted"[^>]*>.*?<span class="stat-value">1<\/span> answer</s);
    const firstItem = html.slice(html.indexOf(`id="question-summary-${first.id}"`));
    assert.match(firstItem, /<span class="stat-value">1<\/span> vote</);
    assert.match(firstItem, new RegExp(`href="/questions/${first.id}/${first.slug}"`));
    assert.match(firstItem, /href="\/tags\/asyncio" rel="tag">asyncio</);
    assert.match(firstItem, new RegExp(`>${asker.username}</a>`));
    assert.match(firstItem, /<time datetime="[^"]+"[^>]*>now<\/time>/);
  });

  test("opens on the reader's language, with a toggle for all, English and Chinese", async (t) => {
    const { app } = await buildTestApp(t);
    const asker = await registerMember(app);
    const english = await askViaApi(asker, { title: 'How do I cache pip wheels between CI runs?' });
    const chinese = await askViaApi(asker, {
      title: '如何在 CI 中缓存 pip 的 wheel 文件？',
      body: '每次 CI 运行都要重新下载依赖，构建很慢。有没有办法把下载好的 wheel 缓存起来，下次直接使用？',
    });
    // Edited into Chinese, a question moves to the Chinese list.
    const edited = await askViaApi(asker, { title: 'Soon to be a Chinese question, asked in English' });
    const edit = await asker.inject({
      method: 'PATCH',
      url: `/api/v1/questions/${edited.id}`,
      payload: { title: '这个问题后来改成了中文标题，怎么办？' },
    });
    assert.equal(edit.statusCode, 200, edit.body);

    const en = await getPage(app, '/');
    assert.deepEqual(listedIds(en), [english.id]);
    assert.match(en, /data-testid="question-total">1 question</);
    assert.match(
      en,
      /<a class="nav-link active" href="\/\?language=en" aria-current="page" data-language="en">English</,
    );
    assert.match(en, /href="\/\?language=all"[^>]*data-language="all">All</);
    assert.match(en, /href="\/\?language=zh"[^>]*data-language="zh">中文</);

    const zh = await getPage(app, '/?lang=zh-CN');
    assert.deepEqual(listedIds(zh), [edited.id, chinese.id]);
    assert.match(
      zh,
      /<a class="nav-link active" href="\/\?language=zh" aria-current="page" data-language="zh">中文</,
    );
    assert.match(zh, /data-language="en">英文</);

    assert.deepEqual(listedIds(await getPage(app, '/questions?language=all')), [
      edited.id,
      chinese.id,
      english.id,
    ]);
    assert.deepEqual(listedIds(await getPage(app, '/?language=zh')), [edited.id, chinese.id]);
    // A chosen language stays in the sort tabs and the pages; an unknown one is the default.
    const chosen = await getPage(app, '/questions?language=all&sort=votes');
    assert.match(chosen, /href="\/questions\?language=all"[^>]*data-sort="newest"/);
    assert.match(chosen, /href="\/questions\?sort=active&language=all"/);
    assert.deepEqual(listedIds(await getPage(app, '/?language=klingon')), [english.id]);
    // Tag lists show every language.
    assert.equal(listedIds(await getPage(app, '/tags/testing')).length, 3);
  });

  test('pages through 15 questions at a time', async (t) => {
    const { app, clock } = await buildTestApp(t);
    const asker = await registerMember(app);
    const ids: number[] = [];
    for (let i = 0; i < 17; i += 1) {
      ids.push((await askViaApi(asker)).id);
      clock.advance(1);
    }
    const page1 = await getPage(app, '/?sort=newest');
    assert.equal(listedIds(page1).length, 15);
    assert.equal(listedIds(page1)[0], ids[16]);
    assert.match(page1, /<a class="page-link" href="\/\?page=2" rel="next">/);
    const page2 = await getPage(app, '/?page=2');
    assert.deepEqual(listedIds(page2), [ids[1], ids[0]]);
    assert.match(page2, /<li class="page-item active" aria-current="page"><span class="page-link">2</);
    assert.match(page2, /href="\/" rel="prev"|href="\/\?page=1" rel="prev"/);
    const past = await getPage(app, '/?page=9');
    assert.match(past, /data-testid="empty-list"/);
  });

  test('speaks Chinese when asked to', async (t) => {
    const { app } = await buildTestApp(t);
    const html = await getPage(app, '/?lang=zh-CN');
    assert.match(html, /<h1 class="h3 mb-0">最新问题<\/h1>/);
    assert.match(html, />提问</);
  });
});

describe('asking', () => {
  test('visitors are sent to log in first', async (t) => {
    const { app } = await buildTestApp(t);
    const response = await app.inject({ url: '/questions/ask' });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/login?next=%2Fquestions%2Fask');
  });

  test('bad input comes back with each field’s error and the typed values; nothing is saved', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    await getPage(app, '/questions/ask', member);
    const response = await postForm(app, '/questions/ask', member, {
      title: 'Too <short>',
      body: 'Body & "quotes" here',
      tags: '',
    });
    assert.equal(response.statusCode, 422);
    for (const field of ['title', 'body', 'tags'])
      assert.match(response.body, new RegExp(`data-field-error="${field}"`));
    assert.match(response.body, /name="title" type="text" value="Too <short>"/);
    assert.match(
      response.body,
      /<textarea[^>]*name="body"[^>]*>\nBody &amp; &#34;quotes&#34; here<\/textarea>/,
    );
    const list = await app.inject({ url: '/api/v1/questions' });
    assert.equal(list.json().total, 0);

    // The refused form's page switches language at the form's page, not at the POST's URL.
    const langHref = (html: string) => /href="([^"]*)"[^>]*data-testid="lang-zh-CN"/.exec(html)?.[1];
    const bad = { title: 'short', body: 'short', tags: '' };
    const fromForm = await postForm(app, '/questions/ask', member, bad, {
      referer: 'http://localhost:80/questions/ask?from=nav',
    });
    assert.equal(langHref(fromForm.body), '/questions/ask?from=nav&lang=zh-CN');
    const foreign = await postForm(app, '/questions/ask', member, bad, {
      referer: 'https://elsewhere.example/x',
    });
    assert.equal(langHref(foreign.body), '/?lang=zh-CN');
    assert.equal(langHref((await postForm(app, '/questions/ask', member, bad)).body), '/?lang=zh-CN');
  });

  test('a good question lands on its canonical URL (303); tags may be comma or space separated', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    const title = 'Why does my Python asyncio loop never finish?';
    const response = await postForm(app, '/questions/ask', member, {
      title,
      body: LONG_BODY,
      tags: 'Python, asyncio  event-loop',
    });
    assert.equal(response.statusCode, 303);
    const match = /^\/questions\/(\d+)\/why-does-my-python-asyncio-loop-never-finish$/.exec(
      String(response.headers.location),
    );
    assert.ok(match, String(response.headers.location));
    const question = (await app.inject({ url: `/api/v1/questions/${match[1]}` })).json().question;
    assert.deepEqual(question.tags, ['python', 'asyncio', 'event-loop']);
  });

  test('Preview without JS re-renders the form with the rendered body and saves nothing', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    const response = await postForm(app, '/questions/ask', member, {
      title: 'A title that is long enough',
      body: 'Some **bold** text',
      tags: 'x',
      intent: 'preview',
    });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /data-testid="preview"><p>Some <strong>bold<\/strong> text<\/p>/);
    assert.equal((await app.inject({ url: '/api/v1/questions' })).json().total, 0);
  });

  test('the live preview answers htmx with the rendered fragment only', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    const response = await postForm(
      app,
      '/questions/preview',
      member,
      { body: '# Hi\n\n<script>x</script>' },
      HTMX,
    );
    assert.equal(response.statusCode, 200);
    assert.ok(!response.body.includes('<html'));
    assert.match(response.body, /<h3>Hi<\/h3>/);
    assert.ok(!response.body.includes('<script'));
    const forged = await app.inject({
      method: 'POST',
      url: '/questions/preview',
      payload: 'body=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: member.cookie },
    });
    assert.equal(forged.statusCode, 403, 'the preview needs the CSRF token too');
  });
});

describe('question page', () => {
  test('a missing or wrong slug redirects (301) to the canonical, encoded URL; Chinese slugs work', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    const title = 'React 的 useEffect 为什么执行两次？';
    const question = await askViaApi(member, { title });
    const canonical = `/questions/${question.id}/${encodeURIComponent(slugify(title))}`;
    for (const url of [`/questions/${question.id}`, `/questions/${question.id}/wrong-slug`]) {
      const response = await app.inject({ url });
      assert.equal(response.statusCode, 301, url);
      assert.equal(response.headers.location, canonical, url);
    }
    const withQuery = await app.inject({ url: `/questions/${question.id}?lang=zh-CN` });
    assert.equal(withQuery.headers.location, `${canonical}?lang=zh-CN`);
    const page = await getPage(app, canonical);
    assert.match(page, /<h1 id="question-title" class="h3 mb-2">React 的 useEffect 为什么执行两次？<\/h1>/);
    await getPage(app, '/questions/424242', null, 404);
    // A word where the id goes is no page: 404, as for any unknown address (not a 422 about the id).
    for (const url of ['/questions/feed', '/questions/feed/rss', '/questions/12abc', '/questions/-1']) {
      const response = await app.inject({ url });
      assert.equal(response.statusCode, 404, url);
    }
    // …while the pages below a question keep their own routes.
    const related = await app.inject({ url: `/questions/${question.id}/related?fragment=1` });
    assert.equal(related.statusCode, 200);
    assert.match(related.body, /^<(ul|p)/, 'the related list, not a redirect to the question');
    const edit = await app.inject({ url: `/questions/${question.id}/edit` });
    assert.notEqual(edit.statusCode, 301, 'the edit page is not the question page');
  });

  test('shows answers accepted first, escapes titles once, and member HTML as text', async (t) => {
    const { app, database } = await buildTestApp(t);
    const asker = await registerMember(app);
    const first = await registerMember(app);
    const second = await registerMember(app);
    await grantReputation(database.db, asker.userId, 20); // the upvote privilege (15)
    const question = await askViaApi(asker, {
      title: 'Tom & Jerry <b>bold</b> question',
      body: 'Look at this: <script>alert("x")</script> **and this**',
    });
    const early = await answerViaApi(first, question.id, `${LONG_BODY} (early)`);
    const late = await answerViaApi(second, question.id, `${LONG_BODY} (late)`);
    await voteViaApi(asker, 'answer', early, 1);
    await asker.inject({ method: 'POST', url: `/api/v1/answers/${late}/accept` });

    const html = await getPage(app, `/questions/${question.id}/${question.slug}`);
    assert.ok(html.indexOf(`id="answer-${late}"`) < html.indexOf(`id="answer-${early}"`), 'accepted first');
    assert.match(html, new RegExp(`id="answer-${late}"[^>]*aria-label="Accepted answer"`));
    assert.match(html, /data-testid="accepted-mark"/);
    assert.match(
      html,
      /<h1 id="question-title" class="h3 mb-2">Tom &amp; Jerry &lt;b>bold&lt;\/b> question<\/h1>/,
    );
    assert.ok(!html.includes('&amp;amp;') && !html.includes('&amp;lt;'), 'nothing escaped twice');
    assert.match(html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; <strong>and this<\/strong>/);
    const scripts = [...html.matchAll(/<script[^>]*>/g)].map((m) => m[0]);
    assert.deepEqual(scripts, [
      '<script src="/assets/vendor/htmx/htmx.min.js" defer>',
      '<script src="/assets/app.js" defer>',
      '<script src="/assets/time-zone.js" defer>',
    ]);
    assert.match(html, /data-testid="answers-heading">2 answers</);
    assert.match(html, /data-testid="answer-login"/, 'visitors get a sign-in prompt instead of the form');
    assert.ok(!html.includes('data-testid="answer-form"'));
  });

  test('imported content shows its licence and a link to its source', async (t) => {
    const { app, database } = await buildTestApp(t);
    const member = await registerMember(app);
    const question = await askViaApi(member);
    await database.db
      .updateTable('questions')
      .set({ license: 'CC BY-SA 4.0', source_url: 'https://stackoverflow.com/q/1' })
      .where('id', '=', question.id)
      .execute();
    const html = await getPage(app, `/questions/${question.id}/${question.slug}`);
    assert.match(
      html,
      /Imported from <a href="https:\/\/stackoverflow.com\/q\/1" rel="nofollow ugc noopener noreferrer"/,
    );
    assert.match(html, /Licensed under CC BY-SA 4.0/);
  });

  test('counts a view once per viewer per hour', async (t) => {
    const { app, clock } = await buildTestApp(t);
    const member = await registerMember(app);
    const question = await askViaApi(member);
    const url = `/questions/${question.id}/${question.slug}`;
    const views = async () => {
      await app.flushQuestionViews();
      return (await app.inject({ url: `/api/v1/questions/${question.id}` })).json().question.viewCount;
    };
    await getPage(app, url);
    await getPage(app, url);
    assert.equal(await views(), 1, 'the same visitor twice');
    await getPage(app, url, member);
    assert.equal(await views(), 2, 'a member is another viewer');
    await app.inject({ url: `/questions/${question.id}` });
    assert.equal(await views(), 2, 'a redirect is not a view');
    clock.advance(3600);
    await getPage(app, url);
    assert.equal(await views(), 3, 'an hour later the visitor counts again');
    assert.match(await getPage(app, url), /Viewed 3 times/);
  });

  test('answering: the form posts, refuses short answers in place, and lands on the new answer', async (t) => {
    const { app } = await buildTestApp(t);
    const asker = await registerMember(app);
    const answerer = await registerMember(app);
    const question = await askViaApi(asker);
    const short = await postForm(app, `/questions/${question.id}/answers`, answerer, { body: 'Too short' });
    assert.equal(short.statusCode, 422);
    assert.match(short.body, /data-field-error="body"/);
    assert.match(short.body, /name="body"[^>]*>\nToo short<\/textarea>/);
    const posted = await postForm(app, `/questions/${question.id}/answers`, answerer, { body: LONG_BODY });
    assert.equal(posted.statusCode, 303);
    assert.match(
      String(posted.headers.location),
      new RegExp(`^/questions/${question.id}/${question.slug}#answer-\\d+$`),
    );
    const visitor = await postForm(app, `/questions/${question.id}/answers`, null, { body: LONG_BODY });
    assert.equal(visitor.statusCode, 403, 'no CSRF cookie, no post');
  });
});
