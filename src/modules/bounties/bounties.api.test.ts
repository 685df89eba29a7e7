// The bounty API (API.md "Paid knowledge") through app.inject: shapes, Idempotency-Key, refusals
// with their codes (and nothing moved), the featured list's sorts and one bounty once settled.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { askViaApi } from '../../../test/community.js';
import { assertBooksBalance } from '../ledger/ledger.test-support.js';
import {
  answerWithScore,
  bountyWorld,
  DAY,
  footprint,
  member,
  oldQuestion,
  postAward,
  postOffer,
  wallets,
} from './bounties.test-support.js';

const CNY = (amountMinor: number) => ({ amountMinor, currency: 'CNY' });

describe('POST /api/v1/questions/:id/bounties', () => {
  test('201 with the bounty; a repeat with the same key returns it again and charges once', async (t) => {
    const world = await bountyWorld(t);
    const offerer = await member(world, { wallet: 10_000 });
    const questionId = await oldQuestion(world, offerer);
    const key = randomUUID();
    const response = await postOffer(offerer, questionId, { amount: CNY(5_000) }, key);
    assert.equal(response.statusCode, 201, response.body);
    const { bounty } = response.json();
    assert.equal(bounty.questionId, questionId);
    assert.deepEqual(bounty.amount, CNY(5_000));
    assert.equal(bounty.status, 'open');
    assert.equal(bounty.settlement, null);
    assert.equal(Date.parse(bounty.endsAt) - Date.parse(bounty.startedAt), 7 * DAY * 1000);
    assert.equal(Date.parse(bounty.graceEndsAt) - Date.parse(bounty.endsAt), DAY * 1000);

    const again = await postOffer(offerer, questionId, { amount: CNY(5_000) }, key);
    assert.equal(again.statusCode, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(again.json(), response.json());
    const reused = await postOffer(offerer, questionId, { amount: CNY(6_000) }, key);
    assert.equal(reused.statusCode, 422);
    assert.equal(reused.json().error.code, 'idempotency.key_reused');
    assert.deepEqual(await wallets(world.database.db, [offerer.userId]), [5_000]);
    await assertBooksBalance(world.database.db);
  });

  test('refusals carry their codes and move nothing', async (t) => {
    const world = await bountyWorld(t);
    const rich = await member(world, { wallet: 10_000 });
    const poor = await member(world, { wallet: 100 });
    const novice = await member(world, { reputation: 5, wallet: 10_000 });
    const questionId = await oldQuestion(world, rich);
    const fresh = (await askViaApi(rich)).id;
    const before = await footprint(world.database.db);
    const cases: Array<[typeof rich, number, unknown, number, string]> = [
      [novice, questionId, { amount: CNY(5_000) }, 403, 'privilege.required'],
      [rich, fresh, { amount: CNY(5_000) }, 409, 'bounty.question_too_new'],
      [rich, 9_999_999, { amount: CNY(5_000) }, 404, 'question.not_found'],
      [poor, questionId, { amount: CNY(5_000) }, 409, 'wallet.insufficient_funds'],
      [rich, questionId, { amount: CNY(100) }, 422, 'bounty.amount_too_small'],
      [rich, questionId, { amount: CNY(2_000_000) }, 422, 'bounty.amount_too_large'],
      [rich, questionId, { amount: { amountMinor: 5_000, currency: 'EUR' } }, 422, 'money.unknown_currency'],
      [rich, questionId, { amount: CNY(-5) }, 422, 'money.negative'],
      [rich, questionId, { amount: CNY(0) }, 422, 'money.not_positive'],
      [rich, questionId, { amount: '50' }, 422, 'request.invalid'],
    ];
    for (const [who, id, body, status, code] of cases) {
      const response = await postOffer(who, id, body);
      assert.equal(response.statusCode, status, `${code}: ${response.body}`);
      assert.equal(response.json().error.code, code);
    }
    const small = await postOffer(rich, questionId, { amount: CNY(100) });
    assert.ok(small.json().error.fields.amount, 'the 422 names the amount');

    const noKey = await rich.inject({
      method: 'POST',
      url: `/api/v1/questions/${questionId}/bounties`,
      payload: { amount: CNY(5_000) },
    });
    assert.equal(noKey.statusCode, 400);
    assert.equal(noKey.json().error.code, 'idempotency.key_required');
    const anonymous = await world.app.inject({
      method: 'POST',
      url: `/api/v1/questions/${questionId}/bounties`,
      headers: { 'idempotency-key': randomUUID() },
      payload: { amount: CNY(5_000) },
    });
    assert.equal(anonymous.statusCode, 401);

    assert.deepEqual(await footprint(world.database.db), before);
    assert.deepEqual(
      await wallets(world.database.db, [rich.userId, poor.userId, novice.userId]),
      [10_000, 100, 10_000],
    );
    await assertBooksBalance(world.database.db);
  });
});

describe('POST /api/v1/bounties/:id/award', () => {
  test('200 with who received what; then 409 for a second award; 403, 404, 422 and 409 refusals', async (t) => {
    const world = await bountyWorld(t);
    const offerer = await member(world, { wallet: 10_000 });
    const alice = await member(world, { reputation: 1 });
    const questionId = await oldQuestion(world, offerer);
    const offered = await postOffer(offerer, questionId, { amount: CNY(5_000) });
    const bountyId = offered.json().bounty.id as number;
    const answerId = await answerWithScore(world, alice, questionId);
    const own = await answerWithScore(world, offerer, questionId);

    const refusals: Array<[typeof offerer, number, unknown, number, string]> = [
      [alice, bountyId, answerId, 403, 'bounty.not_offerer'],
      [offerer, bountyId, own, 409, 'bounty.own_answer'],
      [offerer, 9_999_999, answerId, 404, 'bounty.not_found'],
      [offerer, bountyId, 9_999_999, 404, 'answer.not_found'],
      [offerer, bountyId, 'first', 422, 'request.invalid'],
    ];
    for (const [who, id, answer, status, code] of refusals) {
      const response = await postAward(who, id, answer);
      assert.equal(response.statusCode, status, `${code}: ${response.body}`);
      assert.equal(response.json().error.code, code);
    }
    assert.deepEqual(await wallets(world.database.db, [offerer.userId, alice.userId]), [5_000, 0]);

    const key = randomUUID();
    const awarded = await postAward(offerer, bountyId, answerId, key);
    assert.equal(awarded.statusCode, 200, awarded.body);
    const { bounty } = awarded.json();
    assert.equal(bounty.status, 'awarded');
    assert.deepEqual(bounty.settlement, {
      answerId,
      recipientId: alice.userId,
      recipientReceived: CNY(4_500),
      fee: CNY(500),
      refunded: CNY(0),
    });
    const replay = await postAward(offerer, bountyId, answerId, key);
    assert.equal(replay.statusCode, 200);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    const twice = await postAward(offerer, bountyId, answerId);
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().error.code, 'bounty.already_awarded');
    assert.deepEqual(await wallets(world.database.db, [offerer.userId, alice.userId]), [5_000, 4_500]);

    const read = await world.app.inject({ url: `/api/v1/bounties/${bountyId}` });
    assert.equal(read.statusCode, 200);
    assert.deepEqual(read.json().bounty, bounty);
    assert.equal(read.json().question.id, questionId);
    await assertBooksBalance(world.database.db);
  });
});

describe('GET /api/v1/bounties and /api/v1/bounties/:id', () => {
  test('open bounties by amount or by time left, paged; settled ones leave the list', async (t) => {
    const world = await bountyWorld(t);
    const offerer = await member(world, { wallet: 100_000 });
    const other = await member(world, { wallet: 100_000 });
    const [q1, q2, q3] = [
      (await askViaApi(offerer)).id,
      (await askViaApi(offerer)).id,
      (await askViaApi(other)).id,
    ];
    world.clock.advance(3 * DAY);
    const ids: number[] = [];
    for (const [who, questionId, amount] of [
      [offerer, q1, 1_000],
      [offerer, q2, 9_000],
      [other, q3, 5_000],
    ] as const) {
      const response = await postOffer(who, questionId, { amount: CNY(amount) });
      assert.equal(response.statusCode, 201, response.body);
      ids.push(response.json().bounty.id);
      world.clock.advance(60);
    }
    const list = async (query: string) => {
      const response = await world.app.inject({ url: `/api/v1/bounties${query}` });
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };
    const byAmount = await list('?sort=amount');
    assert.deepEqual(
      byAmount.items.map((item: { amount: { amountMinor: number } }) => item.amount.amountMinor),
      [9_000, 5_000, 1_000],
    );
    assert.equal(byAmount.total, 3);
    assert.equal(byAmount.items[0].question.id, q2);
    const ending = await list('?sort=ending');
    assert.deepEqual(
      ending.items.map((item: { id: number }) => item.id),
      ids,
    );
    const paged = await list('?sort=ending&page=2&pageSize=2');
    assert.deepEqual(
      paged.items.map((item: { id: number }) => item.id),
      [ids[2]],
    );
    assert.deepEqual([paged.total, paged.page, paged.pageSize], [3, 2, 2]);
    assert.equal((await world.app.inject({ url: '/api/v1/bounties?sort=price' })).statusCode, 422);

    // Grace ends with no qualifying answers: all three are refunded and the list is empty.
    world.clock.advance(8 * DAY);
    // (The Idempotency-Key cleanup job is due by then too.)
    assert.equal((await world.app.jobs.runDueJobs()).failed, 0);
    assert.equal((await list('')).total, 0);
    const one = await world.app.inject({ url: `/api/v1/bounties/${ids[1]}` });
    assert.equal(one.json().bounty.status, 'refunded');
    assert.deepEqual(one.json().bounty.settlement.refunded, CNY(9_000));
    assert.deepEqual(await wallets(world.database.db, [offerer.userId, other.userId]), [100_000, 100_000]);
    const missing = await world.app.inject({ url: '/api/v1/bounties/9999999' });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'bounty.not_found');
    await assertBooksBalance(world.database.db);
  });

  test('the OpenAPI document describes the bounty routes', async (t) => {
    const world = await bountyWorld(t);
    const doc = (await world.app.inject({ url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/v1/questions/{id}/bounties',
      '/api/v1/bounties/{id}/award',
      '/api/v1/bounties',
      '/api/v1/bounties/{id}',
    ]) {
      assert.ok(doc.paths[path], path);
    }
    assert.ok(doc.paths['/api/v1/questions/{id}/bounties'].post.responses['201']);
  });
});
