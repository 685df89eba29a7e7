import assert from 'node:assert/strict';
import { describe, type TestContext, test } from 'node:test';
import { topupLinkOf } from '../../../test/community.js';
import {
  buildTestApp,
  csrfFieldOf,
  form,
  idempotencyFieldOf,
  promote,
  registerMember,
  type Session,
} from '../../../test/helpers.js';
import { translate } from '../../platform/i18n/index.js';
import { cny, topUp } from '../ledger/ledger.test-support.js';
import { walletMinor } from '../payments/payments.test-support.js';
import { askExpertViaApi, becomeExpertViaApi } from './experts.test-support.js';

async function submit(
  member: Session,
  page: string,
  action: string,
  fields: Record<string, string>,
  money = true,
) {
  const html = (await member.inject({ method: 'GET', url: page })).body;
  const body = {
    _csrf: csrfFieldOf(html),
    ...(money ? { idempotencyKey: idempotencyFieldOf(html, action) } : {}),
    ...fields,
  };
  return member.inject({ method: 'POST', url: action, ...form(body) });
}

/** An app with three members: an asker with ¥100, an expert at ¥50 (SQL) and a third member. */
async function pagesWorld(t: TestContext) {
  const { app, database } = await buildTestApp(t);
  const [asker, expert, other] = [
    await registerMember(app),
    await registerMember(app),
    await registerMember(app),
  ];
  await topUp(database.db, asker.userId, cny(10_000));
  await becomeExpertViaApi(expert, { bio: 'SQL', tags: ['sql'] });
  return {
    app,
    database,
    asker,
    expert,
    other,
    /** The asker's question to the expert, through the API; its id. */
    askByApi(fields: { title: string; body: string; visibility?: 'public' | 'private' }): Promise<number> {
      return askExpertViaApi(asker, expert, { tags: undefined, ...fields });
    },
  };
}

describe('experts pages', () => {
  test('become an expert through the form; the directory and profile show price and tags', async (t) => {
    const { app } = await buildTestApp(t);
    const expert = await registerMember(app);
    const visitor = await app.inject({ method: 'GET', url: '/me/expert' });
    assert.equal(visitor.statusCode, 303);

    const bad = await submit(
      expert,
      '/me/expert',
      '/me/expert',
      { bio: 'Rust', tags: 'rust', price: '0.5', currency: 'CNY', answerHours: '24', accepting: 'on' },
      false,
    );
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /data-field-error="price"/);
    assert.match(bad.body, /name="price"[^>]*aria-describedby="[^"]*-error"[^>]*aria-invalid="true"/);

    const saved = await submit(
      expert,
      '/me/expert',
      '/me/expert',
      {
        bio: 'Rust <b>and</b> async',
        tags: 'rust, tokio',
        price: '88',
        currency: 'CNY',
        answerHours: '24',
        accepting: 'on',
      },
      false,
    );
    assert.equal(saved.statusCode, 303, saved.body);
    assert.equal(saved.headers.location, '/me/expert?done=saved');
    const settings = await expert.inject({ method: 'GET', url: '/me/expert?done=saved' });
    assert.match(settings.body, /data-testid="notice"/);
    assert.match(settings.body, /value="88.00"/);

    const list = await app.inject({ method: 'GET', url: '/experts?tag=tokio' });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /data-testid="expert-row"/);
    assert.match(list.body, /CN¥88\.00/);
    assert.match(list.body, /data-testid="nav-experts"/);
    const other = await app.inject({ method: 'GET', url: '/experts?tag=cobol' });
    assert.match(other.body, /data-testid="experts-empty"/);
    const zh = await app.inject({ method: 'GET', url: '/experts?lang=zh-CN' });
    assert.match(zh.body, /向指定专家付费提问/);
    assert.match(zh.body, /¥88\.00/);

    const profile = await app.inject({ method: 'GET', url: `/experts/${expert.userId}` });
    assert.equal(profile.statusCode, 200);
    assert.match(profile.body, /Rust &lt;b>and&lt;\/b> async/);
    assert.match(profile.body, /href="\/login\?next=/);
    const missing = await app.inject({ method: 'GET', url: '/experts/999999' });
    assert.equal(missing.statusCode, 404);
  });

  test('ask, answer, unlock and rate through the forms', async (t) => {
    const { app, database, asker, expert, other: reader } = await pagesWorld(t);
    await topUp(database.db, reader.userId, cny(1000));
    const profileUrl = `/experts/${expert.userId}`;
    // The ask form posts to the profile's own URL, so a refusal is shown where the member was.
    const action = profileUrl;

    const invalid = await submit(asker, profileUrl, action, {
      title: 'short',
      body: '',
      visibility: 'public',
    });
    assert.equal(invalid.statusCode, 422);
    assert.match(invalid.body, /data-field-error="title"/);
    assert.match(invalid.body, /data-field-error="body"/);
    assert.match(invalid.body, /id="ask-title" name="title" value="short"/, 'the typed title is kept');

    // Not enough money: the profile again, the question as typed, the shortfall and a top-up.
    const broke = await registerMember(app);
    const typed = {
      title: 'Why is my index not used by the planner?',
      body: '\nThe planner picks a sequential scan on a 10M row table; EXPLAIN shows <no> index use.',
      tags: 'sql postgresql',
      visibility: 'private',
    };
    const refused = await submit(broke, profileUrl, action, typed);
    assert.equal(refused.statusCode, 409, refused.body);
    assert.match(refused.body, /data-testid="shortfall"/);
    assert.match(refused.body, /value="Why is my index not used by the planner\?"/);
    assert.match(
      refused.body,
      /data-testid="ask-body"[^>]*>\n\nThe planner picks [^<]*EXPLAIN shows &lt;no> index use\.<\/textarea>/,
    );
    assert.match(refused.body, /value="sql postgresql"/);
    assert.match(refused.body, /id="ask-visibility-private" value="private" checked/);
    assert.equal(await walletMinor(database.db, broke.userId), 0);

    const asked = await submit(asker, profileUrl, action, {
      title: 'How do I read this query plan?',
      body: 'The plan has a nested loop with 10M rows estimated; what does that mean?',
      tags: 'sql',
      visibility: 'public',
    });
    assert.equal(asked.statusCode, 303, asked.body);
    const questionUrl = String(asked.headers.location).split('?')[0] ?? '';
    assert.match(questionUrl, /^\/paid-questions\/\d+$/);
    assert.equal(await walletMinor(database.db, asker.userId), 5000);

    const asAsker = await asker.inject({ method: 'GET', url: `${questionUrl}?done=asked` });
    assert.match(asAsker.body, /data-testid="answer-waiting"/);
    assert.match(asAsker.body, /data-testid="notice"/);
    const asExpert = await expert.inject({ method: 'GET', url: questionUrl });
    assert.match(asExpert.body, /data-testid="answer-form"/);
    assert.match(asExpert.body, /data-testid="decline-form"/);
    const queue = await expert.inject({ method: 'GET', url: '/me/expert/questions' });
    assert.match(queue.body, /data-testid="paid-question-row"/);

    const answered = await submit(expert, questionUrl, `${questionUrl}/answer`, {
      body: 'Read it bottom up: the estimate comes from stale statistics, so run ANALYZE first.',
    });
    assert.equal(answered.statusCode, 303, answered.body);
    assert.equal(await walletMinor(database.db, expert.userId), 4500);

    const locked = await reader.inject({ method: 'GET', url: questionUrl });
    assert.match(locked.body, /data-testid="answer-locked"/);
    assert.match(locked.body, /Unlock for CN¥1\.00/);
    assert.doesNotMatch(locked.body, /stale statistics/);
    const unlocked = await submit(reader, questionUrl, `${questionUrl}/unlock`, {});
    assert.equal(unlocked.statusCode, 303, unlocked.body);
    const open = await reader.inject({ method: 'GET', url: String(unlocked.headers.location) });
    // Said once (the notice and the answer's card use different words), counted in the singular.
    const once = (html: string, text: string) => html.split(text).length - 1;
    assert.equal(once(open.body, translate('en', 'paid_question.unlocked')), 1);
    assert.equal(once(open.body, translate('en', 'paid_question.unlocked_notice')), 1);
    assert.match(
      open.body,
      new RegExp(`data-count="1">${translate('en', 'paid_question.unlock_count.one', { count: 1 })}<`),
    );
    assert.match(open.body, /stale statistics/);
    assert.match(open.body, /data-testid="unlock-count" data-count="1"/);
    assert.equal(await walletMinor(database.db, reader.userId), 900);

    // Not enough money: the locked answer says so up front, and a refused unlock goes back to the
    // page (not the POST URL) with the balance, the shortfall and a top-up returning to it.
    const poor = await registerMember(app);
    const before = await poor.inject({ method: 'GET', url: questionUrl });
    assert.deepEqual(topupLinkOf(before.body), { amount: '1.00', currency: 'CNY', next: questionUrl });
    const short = await submit(poor, questionUrl, `${questionUrl}/unlock`, {});
    assert.equal(short.statusCode, 303, short.body);
    assert.equal(short.headers.location, `${questionUrl}#answer-heading`);
    const after = await poor.inject({ method: 'GET', url: `${questionUrl}?lang=zh-CN` });
    assert.match(after.body, /data-testid="shortfall" data-shortfall-minor="100"/);
    assert.match(after.body, /还差 ¥1\.00/);
    assert.doesNotMatch(open.body, /data-testid="shortfall"/, 'no notice for who can pay');
    const profileShort = await poor.inject({ method: 'GET', url: profileUrl });
    assert.deepEqual(topupLinkOf(profileShort.body), { amount: '50.00', currency: 'CNY', next: profileUrl });

    const own = await reader.inject({ method: 'GET', url: `${questionUrl}?lang=zh-CN` });
    assert.match(own.body, /你已解锁这个回答/);

    const rated = await submit(
      asker,
      questionUrl,
      `${questionUrl}/rating`,
      { stars: '4', review: 'Good' },
      false,
    );
    assert.equal(rated.statusCode, 303, rated.body);
    const ratedPage = await app.inject({ method: 'GET', url: questionUrl });
    assert.match(ratedPage.body, /data-testid="paid-rating" data-stars="4"/);
    const profile = await app.inject({ method: 'GET', url: profileUrl });
    assert.match(profile.body, /data-testid="rating-distribution"/);
    assert.match(profile.body, /data-testid="unlock-count"/);
  });

  test('a refused action shows its reason on the page; private questions are not found', async (t) => {
    const { database, asker, expert, other: reader, askByApi } = await pagesWorld(t);
    const id = await askByApi({
      title: 'A private question about our schema',
      body: 'Our schema has a table with 200 columns; how do we split it?',
      visibility: 'private',
    });
    const hidden = await reader.inject({ method: 'GET', url: `/paid-questions/${id}` });
    assert.equal(hidden.statusCode, 404);

    const page = (await expert.inject({ method: 'GET', url: `/paid-questions/${id}` })).body;
    const empty = await expert.inject({
      method: 'POST',
      url: `/paid-questions/${id}/answer`,
      ...form({
        _csrf: csrfFieldOf(page),
        idempotencyKey: idempotencyFieldOf(page, `/paid-questions/${id}/answer`),
        body: 'no',
      }),
    });
    assert.equal(empty.statusCode, 422);
    assert.match(empty.body, /data-field-error="body"/);
    const declined = await submit(expert, `/paid-questions/${id}`, `/paid-questions/${id}/decline`, {});
    assert.equal(declined.statusCode, 303);
    const after = await expert.inject({
      method: 'POST',
      url: `/paid-questions/${id}/answer`,
      ...form({
        _csrf: csrfFieldOf(page),
        idempotencyKey: 'another-key',
        body: 'A long enough answer that comes too late.',
      }),
    });
    assert.equal(after.statusCode, 409);
    assert.match(after.body, /data-testid="form-error"/);
    assert.equal(await walletMinor(database.db, asker.userId), 10_000);
  });

  test('disputes: the asker opens one, a moderator decides it on the disputes page', async (t) => {
    const { database, asker, expert, other: mod, askByApi } = await pagesWorld(t);
    await promote(database, mod.userId, 'moderator');
    const id = await askByApi({
      title: 'What is a covering index?',
      body: 'I keep reading about covering indexes but do not get it.',
    });
    await expert.inject({
      method: 'POST',
      url: `/api/v1/paid-questions/${id}/answer`,
      headers: { 'idempotency-key': 'a1' },
      payload: { body: 'An index that holds every column the query needs, so no heap fetch.' },
    });
    const memberView = await asker.inject({ method: 'GET', url: '/moderation/disputes' });
    assert.equal(memberView.statusCode, 403);

    const opened = await submit(
      asker,
      `/paid-questions/${id}`,
      `/paid-questions/${id}/dispute`,
      { reason: 'Too short to help me at all.' },
      false,
    );
    assert.equal(opened.statusCode, 303, opened.body);
    const list = await mod.inject({ method: 'GET', url: '/moderation/disputes' });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /data-testid="dispute-row"/);
    const html = list.body;
    const decided = await mod.inject({
      method: 'POST',
      url: `/paid-questions/${id}/dispute/decision`,
      ...form({
        _csrf: csrfFieldOf(html),
        idempotencyKey: idempotencyFieldOf(html, `/paid-questions/${id}/dispute/decision`),
        outcome: 'release',
        note: '',
      }),
    });
    assert.equal(decided.statusCode, 303, decided.body);
    const empty = await mod.inject({ method: 'GET', url: '/moderation/disputes' });
    assert.match(empty.body, /data-testid="disputes-empty"/);
    const page = await asker.inject({ method: 'GET', url: `/paid-questions/${id}` });
    assert.match(page.body, /data-testid="paid-dispute" data-state="released"/);
    assert.equal(await walletMinor(database.db, expert.userId), 4500);
  });
});
