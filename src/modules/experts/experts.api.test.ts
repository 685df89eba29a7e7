import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { buildTestApp, promote, registerMember, type Session } from '../../../test/helpers.js';
import { assertBooksBalance, cny, topUp } from '../ledger/ledger.test-support.js';

const EXPERT = {
  bio: 'PostgreSQL performance, ten years.',
  tags: ['postgresql', 'performance'],
  price: { amountMinor: 5000, currency: 'CNY' },
  answerHours: 48,
  accepting: true,
};
const QUESTION = {
  title: 'Why does my index not get used?',
  body: 'EXPLAIN shows a sequential scan on a 10M row table even with an index on the column.',
  tags: ['postgresql'],
  visibility: 'public',
};
const ANSWER = {
  body: 'The planner estimates the filter is not selective; run ANALYZE and check the statistics.',
};

function post(member: Session, url: string, payload?: object, key: string | null = randomUUID()) {
  return member.inject({
    method: 'POST',
    url,
    ...(payload ? { payload } : {}),
    headers: key === null ? {} : { 'idempotency-key': key },
  });
}

async function walletOf(member: Session): Promise<number> {
  const response = await member.inject({ method: 'GET', url: '/api/v1/wallet' });
  assert.equal(response.statusCode, 200, response.body);
  const body = response.json() as { balances: Array<{ amountMinor: number; currency: string }> };
  return body.balances.find((m) => m.currency === 'CNY')?.amountMinor ?? 0;
}

describe('experts API', () => {
  test('expert profile, directory, ask, answer, unlock, rating, dispute: the whole flow', async (t) => {
    const { app, database } = await buildTestApp(t);
    const [asker, expert, reader, moderator] = [
      await registerMember(app),
      await registerMember(app),
      await registerMember(app),
      await registerMember(app),
    ];
    await promote(database, moderator.userId, 'moderator');
    await topUp(database.db, asker.userId, cny(10_000));
    await topUp(database.db, reader.userId, cny(1000));

    const bad = await expert.inject({
      method: 'PUT',
      url: '/api/v1/me/expert',
      payload: { ...EXPERT, price: { amountMinor: 1, currency: 'CNY' }, answerHours: 500 },
    });
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().error.code, 'request.invalid');
    assert.deepEqual(Object.keys(bad.json().error.fields).sort(), ['answerHours', 'price']);

    const put = await expert.inject({ method: 'PUT', url: '/api/v1/me/expert', payload: EXPERT });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.json().expert.userId, expert.userId);
    assert.deepEqual(put.json().expert.price, EXPERT.price);

    const directory = await app.inject({ method: 'GET', url: '/api/v1/experts?tag=postgresql' });
    assert.equal(directory.statusCode, 200);
    assert.deepEqual(
      directory.json().items.map((item: { userId: number }) => item.userId),
      [expert.userId],
    );
    const none = await app.inject({ method: 'GET', url: '/api/v1/experts?tag=cobol' });
    assert.equal(none.json().total, 0);

    const url = `/api/v1/experts/${expert.userId}/questions`;
    const noKey = await post(asker, url, QUESTION, null);
    assert.equal(noKey.statusCode, 400);
    assert.equal(noKey.json().error.code, 'idempotency.key_required');
    const key = randomUUID();
    const asked = await post(asker, url, QUESTION, key);
    assert.equal(asked.statusCode, 201, asked.body);
    const paid = asked.json().paidQuestion;
    assert.equal(paid.status, 'paid');
    assert.deepEqual(paid.price, EXPERT.price);
    assert.ok(Date.parse(paid.deadlineAt) > Date.now() + 47 * 3600_000);
    const replay = await post(asker, url, QUESTION, key);
    assert.equal(replay.statusCode, 201);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.equal(replay.json().paidQuestion.id, paid.id);
    assert.equal(await walletOf(asker), 5000, 'charged once');

    const before = await reader.inject({ method: 'GET', url: `/api/v1/paid-questions/${paid.id}` });
    assert.equal(before.statusCode, 200);
    assert.equal(before.json().paidQuestion.answer, null);
    assert.equal(before.json().abilities.unlock, false, 'nothing to unlock yet');

    const notExpert = await post(asker, `/api/v1/paid-questions/${paid.id}/answer`, ANSWER);
    assert.equal(notExpert.statusCode, 403);
    assert.equal(notExpert.json().error.code, 'paid_question.not_expert');
    const answered = await post(expert, `/api/v1/paid-questions/${paid.id}/answer`, ANSWER);
    assert.equal(answered.statusCode, 200, answered.body);
    assert.equal(answered.json().paidQuestion.status, 'answered');
    assert.equal(answered.json().paidQuestion.answer.body, ANSWER.body);
    assert.equal(await walletOf(expert), 4500);

    const locked = await reader.inject({ method: 'GET', url: `/api/v1/paid-questions/${paid.id}` });
    assert.equal(
      locked.json().paidQuestion.answer,
      null,
      'the answer is not sent to a reader who has not unlocked',
    );
    assert.equal(locked.json().paidQuestion.answered, true);
    assert.doesNotMatch(locked.body, /ANALYZE/);
    assert.equal(locked.json().abilities.unlock, true);
    assert.deepEqual(locked.json().unlockPrice, { amountMinor: 100, currency: 'CNY' });
    const anonymous = await app.inject({ method: 'GET', url: `/api/v1/paid-questions/${paid.id}` });
    assert.equal(anonymous.json().paidQuestion.answer, null);

    const unlocked = await post(reader, `/api/v1/paid-questions/${paid.id}/unlock`);
    assert.equal(unlocked.statusCode, 200, unlocked.body);
    assert.equal(unlocked.json().charged, true);
    assert.equal(unlocked.json().paidQuestion.answer.body, ANSWER.body);
    assert.equal(unlocked.json().paidQuestion.unlockCount, 1);
    const twice = await post(reader, `/api/v1/paid-questions/${paid.id}/unlock`);
    assert.equal(twice.statusCode, 200);
    assert.equal(twice.json().charged, false);
    assert.equal(await walletOf(reader), 900);
    assert.equal(await walletOf(asker), 5045);
    assert.equal(await walletOf(expert), 4545);
    const own = await post(asker, `/api/v1/paid-questions/${paid.id}/unlock`);
    assert.equal(own.statusCode, 409);
    assert.equal(own.json().error.code, 'paid_question.unlock_not_needed');

    const rateOther = await reader.inject({
      method: 'POST',
      url: `/api/v1/paid-questions/${paid.id}/rating`,
      payload: { stars: 1 },
    });
    assert.equal(rateOther.statusCode, 403);
    assert.equal(rateOther.json().error.code, 'paid_question.not_asker');
    const rated = await asker.inject({
      method: 'POST',
      url: `/api/v1/paid-questions/${paid.id}/rating`,
      payload: { stars: 5, review: 'Exactly right.' },
    });
    assert.equal(rated.statusCode, 201, rated.body);
    const again = await asker.inject({
      method: 'POST',
      url: `/api/v1/paid-questions/${paid.id}/rating`,
      payload: { stars: 4 },
    });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'paid_question.already_rated');
    const profile = await app.inject({ method: 'GET', url: `/api/v1/experts/${expert.userId}` });
    assert.equal(profile.statusCode, 200);
    assert.deepEqual(profile.json().expert.rating, { count: 1, average: 5 });
    assert.deepEqual(profile.json().ratingDistribution, [0, 0, 0, 0, 1]);
    assert.equal(profile.json().answered[0].unlockCount, 1);
    assert.equal(profile.json().answered[0].answer, null);

    const dispute = await asker.inject({
      method: 'POST',
      url: `/api/v1/paid-questions/${paid.id}/dispute`,
      payload: { reason: 'On second thought it misses the partial index.' },
    });
    assert.equal(dispute.statusCode, 201, dispute.body);
    const notMod = await post(asker, `/api/v1/paid-questions/${paid.id}/dispute/decision`, {
      outcome: 'refund',
    });
    assert.equal(notMod.statusCode, 403);
    assert.equal(notMod.json().error.code, 'dispute.moderator_only');
    const open = await moderator.inject({ method: 'GET', url: '/api/v1/moderation/disputes' });
    assert.equal(open.json().total, 1);
    const decided = await post(moderator, `/api/v1/paid-questions/${paid.id}/dispute/decision`, {
      outcome: 'refund',
      note: 'The answer misses the question.',
    });
    assert.equal(decided.statusCode, 200, decided.body);
    assert.equal(decided.json().dispute.state, 'refunded');
    assert.equal(await walletOf(asker), 10_045);
    assert.equal(await walletOf(expert), 45);
    await assertBooksBalance(database.db);
  });

  test('decline and the queue; private questions are not found by others', async (t) => {
    const { app, database } = await buildTestApp(t);
    const [asker, expert, reader] = [
      await registerMember(app),
      await registerMember(app),
      await registerMember(app),
    ];
    await topUp(database.db, asker.userId, cny(10_000));
    await expert.inject({ method: 'PUT', url: '/api/v1/me/expert', payload: EXPERT });
    const url = `/api/v1/experts/${expert.userId}/questions`;
    const secret = (await post(asker, url, { ...QUESTION, visibility: 'private' })).json().paidQuestion;
    const queue = await expert.inject({ method: 'GET', url: '/api/v1/me/expert/questions' });
    assert.equal(queue.statusCode, 200);
    assert.deepEqual(
      queue.json().items.map((q: { id: number }) => q.id),
      [secret.id],
    );
    for (const path of ['', '/unlock', '/answer', '/decline']) {
      const response = path
        ? await post(
            reader,
            `/api/v1/paid-questions/${secret.id}${path}`,
            path === '/answer' ? ANSWER : undefined,
          )
        : await reader.inject({ method: 'GET', url: `/api/v1/paid-questions/${secret.id}` });
      assert.equal(response.statusCode, 404, path);
      assert.equal(response.json().error.code, 'paid_question.not_found');
    }
    const declined = await post(expert, `/api/v1/paid-questions/${secret.id}/decline`);
    assert.equal(declined.statusCode, 200, declined.body);
    assert.equal(declined.json().paidQuestion.status, 'declined');
    assert.equal(await walletOf(asker), 10_000);
    const late = await post(expert, `/api/v1/paid-questions/${secret.id}/answer`, ANSWER);
    assert.equal(late.statusCode, 409);
    assert.equal(late.json().error.code, 'paid_question.already_declined');
    const mine = await asker.inject({ method: 'GET', url: '/api/v1/me/paid-questions' });
    assert.equal(mine.json().items[0].status, 'declined');
    await assertBooksBalance(database.db);
  });

  test('refusals move nothing: no session, no money, yourself, a paused expert', async (t) => {
    const { app, database } = await buildTestApp(t);
    const [asker, expert] = [await registerMember(app), await registerMember(app)];
    await topUp(database.db, asker.userId, cny(1000));
    await expert.inject({ method: 'PUT', url: '/api/v1/me/expert', payload: EXPERT });
    const url = `/api/v1/experts/${expert.userId}/questions`;
    const anonymous = await app.inject({
      method: 'POST',
      url,
      payload: QUESTION,
      headers: { 'idempotency-key': 'k' },
    });
    assert.equal(anonymous.statusCode, 401);
    const poor = await post(asker, url, QUESTION);
    assert.equal(poor.statusCode, 409);
    assert.equal(poor.json().error.code, 'wallet.insufficient_funds');
    const self = await post(expert, url, QUESTION);
    assert.equal(self.statusCode, 403);
    assert.equal(self.json().error.code, 'paid_question.ask_self');
    await expert.inject({
      method: 'PUT',
      url: '/api/v1/me/expert',
      payload: { ...EXPERT, accepting: false },
    });
    const paused = await post(asker, url, QUESTION);
    assert.equal(paused.statusCode, 409);
    assert.equal(paused.json().error.code, 'expert.not_accepting');
    const missing = await post(asker, `/api/v1/experts/999999/questions`, QUESTION);
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'expert.not_found');
    assert.equal(await walletOf(asker), 1000);
    const mine = await asker.inject({ method: 'GET', url: '/api/v1/me/paid-questions' });
    assert.equal(mine.json().total, 0);
  });

  test('the routes are in the OpenAPI document', async (t) => {
    const { app } = await buildTestApp(t);
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, unknown>;
    };
    for (const path of [
      '/api/v1/me/expert',
      '/api/v1/experts',
      '/api/v1/experts/{userId}/questions',
      '/api/v1/paid-questions/{id}',
      '/api/v1/paid-questions/{id}/answer',
      '/api/v1/paid-questions/{id}/decline',
      '/api/v1/paid-questions/{id}/unlock',
      '/api/v1/paid-questions/{id}/rating',
      '/api/v1/paid-questions/{id}/dispute',
      '/api/v1/paid-questions/{id}/dispute/decision',
    ]) {
      assert.ok(doc.paths[path], path);
    }
  });
});
