import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { askViaApi, HTMX, LONG_BODY, postForm, setRole } from '../../../test/community.js';
import { buildTestApp, registerMember } from '../../../test/helpers.js';
import { topUp } from '../../modules/wallet/wallet.test-support.js';
import { translate } from '../i18n/index.js';
import { unsafeTextFields } from './input-text.js';

const NUL = '\u0000';
const BEL = '\u0007';
const RLO = '\u202E';

describe('refused characters, found anywhere in a value', () => {
  test('controls and bidi overrides are refused; tab and newlines only in bodies', () => {
    assert.deepEqual(unsafeTextFields({ q: `a${NUL}b` }, 'querystring'), {
      'querystring.q': { code: 'validation.control_chars' },
    });
    assert.deepEqual(unsafeTextFields({ q: 'a\tb' }, 'querystring'), {
      'querystring.q': { code: 'validation.control_chars' },
    });
    assert.deepEqual(unsafeTextFields({ body: 'a\tb\r\nc' }, 'body'), {});
    for (const char of ['\u0001', '\u001b', '\u007f', '\u0085', RLO, '\u202A', '\u2066', '\u2069']) {
      assert.deepEqual(
        Object.keys(unsafeTextFields({ post: { tags: ['ok', `x${char}`] } }, 'body')),
        ['post.tags.1'],
        JSON.stringify(char),
      );
    }
    // Direction marks (LRM, RLM, ALM) belong in Arabic and Hebrew text and reorder nothing.
    assert.deepEqual(unsafeTextFields({ body: 'שלום\u200F \u200E \u061C' }, 'body'), {});
    assert.deepEqual(unsafeTextFields({ [`a${NUL}`]: 'x' }, 'body'), {
      'a?': { code: 'validation.control_chars' },
    });
  });

  test('a deeply nested body is walked without recursion, and only so many fields are named', () => {
    let deep: unknown = `x${NUL}`;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    assert.equal(Object.keys(unsafeTextFields({ deep }, 'body')).length, 1);
    const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`f${i}`, NUL]));
    assert.equal(Object.keys(unsafeTextFields(many, 'body')).length, 20);
  });
});

async function community(t: Parameters<typeof buildTestApp>[0]) {
  const built = await buildTestApp(t);
  const member = await registerMember(built.app);
  const admin = await registerMember(built.app);
  await setRole(built.database, admin.userId, 'admin');
  const question = await askViaApi(member, { tags: ['testing'] });
  // Enough money that a payout would go through if its destination were not refused.
  await topUp(built.database, member.userId, { amountMinor: 100_00, currency: 'CNY' });
  return { ...built, member, admin, question };
}

describe('the edge refuses them before any route: JSON API', () => {
  test('each route answers 422 request.invalid naming the field, never a 500', async (t) => {
    const { database, member, admin, question } = await community(t);
    const rows: Array<[string, InjectOptions, string]> = [
      ['question list tag', { url: '/api/v1/questions?tag=%00' }, 'querystring.tag'],
      ['tag search', { url: '/api/v1/tags?q=%00' }, 'querystring.q'],
      ['tag name in the path', { url: '/api/v1/tags/a%00b' }, 'params.name'],
      ['search with a tab', { url: '/api/v1/search?q=a%09b' }, 'querystring.q'],
      [
        'log in',
        {
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { login: `a${NUL}b`, password: 'x'.repeat(12) },
        },
        'login',
      ],
      [
        'tag description',
        { method: 'PUT', url: '/api/v1/tags/testing/description', payload: { description: `a${NUL}` } },
        'description',
      ],
      ['admin orders', { url: '/api/v1/admin/payments/orders?status=%00' }, 'querystring.status'],
      [
        'payout destination',
        {
          method: 'POST',
          url: '/api/v1/payouts',
          headers: { 'idempotency-key': 'payout-rlo-1' },
          payload: {
            amount: { amountMinor: 1000, currency: 'CNY' },
            gateway: 'dev',
            destination: `${RLO}moc.elpmaxe@evil`,
          },
        },
        'destination',
      ],
      [
        'answer body',
        {
          method: 'POST',
          url: `/api/v1/questions/${question.id}/answers`,
          payload: { body: `${LONG_BODY}${RLO}` },
        },
        'body',
      ],
      [
        'question tags',
        {
          method: 'POST',
          url: '/api/v1/questions',
          payload: { title: 'A question with a bad tag in it', body: LONG_BODY, tags: ['ok', `b${NUL}`] },
        },
        'tags.1',
      ],
    ];
    const answers: string[] = [];
    for (const [what, request] of rows) {
      const caller = what.startsWith('admin') || what === 'tag description' ? admin : member;
      const response = await caller.inject(request);
      const { error } = response.json() as { error?: { code: string; fields?: Record<string, string> } };
      answers.push(`${what}: ${response.statusCode} ${error?.code} ${Object.keys(error?.fields ?? {})}`);
    }
    assert.deepEqual(
      answers,
      rows.map(([what, , field]) => `${what}: 422 request.invalid ${field}`),
    );
    assert.equal((await database.db.selectFrom('payouts').select('id').execute()).length, 0);
  });

  test('tabs and newlines in a body are text; the field is named in the reader’s language', async (t) => {
    const { member, question } = await community(t);
    const answered = await member.inject({
      method: 'POST',
      url: `/api/v1/questions/${question.id}/answers`,
      payload: { body: `${LONG_BODY}\r\n\tindented\u200F` },
    });
    assert.equal(answered.statusCode, 201, answered.body);
    const zh = await member.inject({ url: '/api/v1/tags?q=%00', headers: { 'accept-language': 'zh-CN' } });
    assert.equal(zh.statusCode, 422);
    assert.equal(zh.json().error.fields['querystring.q'], '不能包含控制字符。');
  });
});

describe('the edge refuses them before any route: pages', () => {
  test('each page answers 422 naming the field (the error page, or the form it came from), never a 500', async (t) => {
    const { app, database, member, admin, question } = await community(t);
    const pages: Array<[string, () => Promise<LightMyRequestResponse>, string]> = [
      ['tag list search', () => app.inject({ url: '/tags?q=%00' }), 'querystring.q'],
      ['question list tag', () => app.inject({ url: '/questions?tag=%00' }), 'querystring.tag'],
      ['tag suggestions', () => app.inject({ url: '/tags/suggest?tags=%00' }), 'querystring.tags'],
      [
        'tag suggestions (htmx)',
        () => app.inject({ url: '/tags/suggest?tags=%00', headers: HTMX }),
        'querystring.tags',
      ],
      ['search with a tab', () => app.inject({ url: '/search?q=a%09b' }), 'querystring.q'],
      ['sign in', () => postForm(app, '/login', member, { login: `a${NUL}b`, password: 'x' }), 'login'],
      [
        'payout destination',
        () =>
          postForm(app, '/wallet/payouts', member, {
            amount: '10',
            currency: 'CNY',
            gateway: 'dev',
            destination: `${RLO}evil`,
            idempotencyKey: 'payout-page-rlo-1',
          }),
        'destination',
      ],
      [
        'answer body',
        () => postForm(app, `/questions/${question.id}/answers`, member, { body: `${LONG_BODY}${RLO}` }),
        'body',
      ],
      [
        'tag description',
        () => postForm(app, '/tags/testing/description', admin, { description: `a${NUL}` }),
        'description',
      ],
    ];
    const answers: string[] = [];
    for (const [what, send] of pages) {
      const response = await send();
      const named = /data-field-error="([^"]+)"/.exec(response.body)?.[1];
      const page = /text\/html/.test(String(response.headers['content-type'])) ? 'page' : 'not a page';
      answers.push(`${what}: ${response.statusCode} ${page} ${named}`);
      assert.ok(response.headers['content-security-policy'], what);
    }
    assert.deepEqual(
      answers,
      pages.map(([what, , field]) => `${what}: 422 page ${field}`),
    );
    assert.equal((await database.db.selectFrom('payouts').select('id').execute()).length, 0);
  });

  test('a page form is shown again with its text, the characters taken out and the field marked', async (t) => {
    const { app, member, question } = await community(t);
    const answered = await member.inject({
      method: 'POST',
      url: `/api/v1/questions/${question.id}/answers`,
      payload: { body: LONG_BODY },
    });
    const answerId = answered.json().answer.id as number;
    const commented = await postForm(app, `/questions/${question.id}/comments`, member, {
      body: 'A comment that is long enough.',
    });
    const commentId = Number(/#comment-(\d+)$/.exec(String(commented.headers.location))?.[1]);
    const expert = await registerMember(app);
    await expert.inject({
      method: 'PUT',
      url: '/api/v1/me/expert',
      payload: { bio: 'SQL', tags: ['sql'], price: { amountMinor: 1000, currency: 'CNY' } },
    });
    const removed = translate('en', 'validation.control_chars_removed');
    const forms: Array<[string, () => Promise<LightMyRequestResponse>, string, RegExp]> = [
      [
        'ask a question',
        () =>
          postForm(app, '/questions/ask', member, {
            title: `A title with a bell${BEL} in it`,
            body: `${LONG_BODY}${RLO}`,
            tags: 'testing',
          }),
        'title',
        /data-testid="ask-form"[\s\S]*value="A title with a bell in it"[\s\S]*>\nThis body is long enough[^<]*post\.<\/textarea>/,
      ],
      [
        'answer',
        () => postForm(app, `/questions/${question.id}/answers`, member, { body: `${LONG_BODY}${RLO}` }),
        'body',
        /data-testid="answer-form"[\s\S]*>\nThis body is long enough[^<]*post\.<\/textarea>/,
      ],
      [
        'edit a question',
        () =>
          postForm(app, `/questions/${question.id}/edit`, member, {
            title: question.title,
            body: `Edited: ${LONG_BODY}${NUL}`,
            tags: 'testing',
          }),
        'body',
        /data-testid="edit-form"[\s\S]*>\nEdited: This body[^<]*post\.<\/textarea>/,
      ],
      [
        'edit an answer',
        () => postForm(app, `/answers/${answerId}/edit`, member, { body: `Edited: ${LONG_BODY}${BEL}` }),
        'body',
        /data-testid="edit-form"[\s\S]*>\nEdited: This body[^<]*post\.<\/textarea>/,
      ],
      [
        'comment',
        () =>
          postForm(app, `/questions/${question.id}/comments`, member, {
            body: `Another comment${RLO} here.`,
          }),
        'comment',
        />\nAnother comment here\.<\/textarea>/,
      ],
      [
        'comment (htmx)',
        () =>
          postForm(
            app,
            `/questions/${question.id}/comments`,
            member,
            { body: `Another comment${RLO} here.` },
            HTMX,
          ),
        'comment',
        /^<div class="comments"[\s\S]*>\nAnother comment here\.<\/textarea>/,
      ],
      [
        'edit a comment',
        () =>
          postForm(app, `/comments/${commentId}/edit`, member, {
            body: `An edited comment${NUL} here.`,
            questionId: String(question.id),
            post: `question-${question.id}`,
          }),
        // Back on the question page, the problem on top (as when the use case refuses an edit).
        'none',
        new RegExp(`id="comment-${commentId}"`),
      ],
      [
        'ask an expert',
        () =>
          postForm(app, `/experts/${expert.userId}`, member, {
            title: 'Why is my query plan so slow?',
            body: `The planner picks a sequential scan${BEL} on a big table; why?`,
            visibility: 'public',
            idempotencyKey: 'ask-expert-bell-1',
          }),
        'body',
        /data-testid="ask-form"[\s\S]*>\nThe planner picks a sequential scan on a big table; why\?<\/textarea>/,
      ],
    ];
    const answers: string[] = [];
    for (const [what, send, , text] of forms) {
      const response = await send();
      const named = /data-field-error="([^"]+)"/.exec(response.body)?.[1] ?? 'none';
      const kept = text.test(response.body) ? 'shown' : 'not shown';
      const said = response.body.includes(removed) ? 'said' : 'not said';
      answers.push(`${what}: ${response.statusCode} ${named} ${kept} ${said}`);
    }
    assert.deepEqual(
      answers,
      forms.map(([what, , field]) => `${what}: 422 ${field} shown said`),
    );
    const zh = await postForm(app, `/questions/${question.id}/answers?lang=zh-CN`, member, {
      body: `${LONG_BODY}${RLO}`,
    });
    assert.match(zh.body, new RegExp(translate('zh-CN', 'validation.control_chars_removed')));
    const thread = (await app.inject({ url: `/api/v1/questions/${question.id}` })).json().question;
    assert.equal(thread.answers.length, 1, 'nothing was written');
    assert.equal(thread.comments.length, 1);
  });

  test('the error page names the field in Chinese for a zh-CN reader', async (t) => {
    const { app } = await buildTestApp(t);
    const response = await app.inject({ url: '/tags?q=%00&lang=zh-CN' });
    assert.equal(response.statusCode, 422);
    assert.match(response.body, /<code>q<\/code>: <span>不能包含控制字符。<\/span>/);
  });
});
