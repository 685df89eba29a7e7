import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  answerWithScore,
  bountyWorld,
  member,
  oldQuestion,
  postAward,
  postOffer,
  yuan,
} from './bounties.test-support.js';

test('bounty postings carry statement facts: offered on a question, awarded to an answer', async (t) => {
  const world = await bountyWorld(t);
  const asker = await member(world, { wallet: 10000 });
  const author = await member(world);
  const questionId = await oldQuestion(world, asker);
  const offered = await postOffer(asker, questionId, { amount: yuan(1000) });
  assert.equal(offered.statusCode, 201, offered.body);
  const bountyId: number = offered.json().bounty.id;
  const answerId = await answerWithScore(world, author, questionId);
  const awarded = await postAward(asker, bountyId, answerId);
  assert.equal(awarded.statusCode, 200, awarded.body);

  const factsOf = async (key: string) =>
    (
      await world.database.db
        .selectFrom('ledger_transactions')
        .select('facts')
        .where('idempotency_key', '=', key)
        .executeTakeFirstOrThrow()
    ).facts;
  assert.deepEqual(await factsOf(`bounty:${bountyId}:hold`), {
    what: 'bounty.offered',
    bountyId,
    questionId,
  });
  assert.deepEqual(await factsOf(`bounty:${bountyId}:award`), { what: 'bounty.awarded', bountyId, answerId });
});
