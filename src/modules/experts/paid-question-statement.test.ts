import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { buildTestApp, registerMember } from '../../../test/helpers.js';
import { cny, topUp } from '../ledger/ledger.test-support.js';
import {
  answerPaidViaApi,
  ask,
  askExpertViaApi,
  becomeExpert,
  becomeExpertViaApi,
  expertsWorld,
} from './experts.test-support.js';
import { answerPaidQuestion, declinePaidQuestion, unlockPaidAnswer } from './index.js';

/** The markup of each statement line's details cell, in page order. */
function detailsOf(html: string): string[] {
  return [...html.matchAll(/data-testid="statement-details">(.*?)<\/td>/gs)].map((m) => (m[1] ?? '').trim());
}

/** The facts of the posting made under `key` (what the statement line will say). */
async function factsOf(world: Awaited<ReturnType<typeof expertsWorld>>, key: string) {
  const row = await world.ctx.db
    .selectFrom('ledger_transactions')
    .select('facts')
    .where('idempotency_key', '=', key)
    .executeTakeFirstOrThrow();
  return row.facts;
}

test('paid-question postings carry statement facts: asked, answered, unlocked, declined', async (t) => {
  const world = await expertsWorld(t);
  const expert = await world.member();
  const asker = await world.member({ topUpMinor: 20000 });
  const reader = await world.member({ topUpMinor: 1000 });
  await becomeExpert(world.ctx, expert, 5000);

  const answered = await ask(world.ctx, asker, expert);
  await answerPaidQuestion(world.ctx, expert, answered.id, {
    body: 'Lower the scale factor on the hot table.',
  });
  await unlockPaidAnswer(world.ctx, reader, answered.id);
  const declined = await ask(world.ctx, asker, expert);
  await declinePaidQuestion(world.ctx, expert, declined.id);

  const id = answered.id;
  assert.deepEqual(await factsOf(world, `paid_question:${id}:hold`), {
    what: 'paid_question.asked',
    paidQuestionId: id,
    expert: expert.username,
    expertId: expert.userId,
  });
  assert.deepEqual(await factsOf(world, `paid_question:${id}:release`), {
    what: 'paid_question.answered',
    paidQuestionId: id,
  });
  assert.deepEqual(await factsOf(world, `paid_question:${id}:unlock:${reader.userId}`), {
    what: 'paid_question.unlocked',
    paidQuestionId: id,
  });
  assert.deepEqual(await factsOf(world, `paid_question:${declined.id}:decline`), {
    what: 'paid_question.declined',
    paidQuestionId: declined.id,
  });
});

test('statement lines link the paid question and the expert, in both languages; the CSV says them as text', async (t) => {
  const { app, database } = await buildTestApp(t);
  const expert = await registerMember(app);
  const asker = await registerMember(app);
  const reader = await registerMember(app);
  await topUp(database.db, asker.userId, cny(20000));
  await topUp(database.db, reader.userId, cny(1000));
  await becomeExpertViaApi(expert);
  const id = await askExpertViaApi(asker, expert);
  await answerPaidViaApi(expert, id);
  const unlocked = await reader.inject({
    method: 'POST',
    url: `/api/v1/paid-questions/${id}/unlock`,
    headers: { 'idempotency-key': randomUUID() },
  });
  assert.equal(unlocked.statusCode, 200, unlocked.body);

  const question = `<a href="/paid-questions/${id}">`;
  // The test's top-ups carry no facts and no memo: their lines say nothing.
  const linesOf = async (who: typeof asker, lang: string) =>
    detailsOf((await who.inject({ method: 'GET', url: `/wallet?lang=${lang}` })).body).filter(Boolean);
  assert.deepEqual(await linesOf(asker, 'en'), [
    `${question}Paid question #${id}</a>: answer unlocked`,
    `${question}Paid question #${id}</a> to <a href="/experts/${expert.userId}">${expert.username}</a>`,
  ]);
  assert.deepEqual(await linesOf(asker, 'zh-CN'), [
    `${question}付费问题 #${id}</a>：解锁回答`,
    `向 <a href="/experts/${expert.userId}">${expert.username}</a> 提出的${question}付费问题 #${id}</a>`,
  ]);
  assert.deepEqual(await linesOf(expert, 'en'), [
    `${question}Paid question #${id}</a>: answer unlocked`,
    `${question}Paid question #${id}</a>: answered`,
  ]);
  assert.deepEqual(await linesOf(reader, 'zh-CN'), [`${question}付费问题 #${id}</a>：解锁回答`]);
  // Each party may open the page the line links to.
  for (const who of [asker, expert, reader]) {
    assert.equal((await who.inject({ method: 'GET', url: `/paid-questions/${id}` })).statusCode, 200);
  }

  const csv = await expert.inject({ method: 'GET', url: '/api/v1/wallet/entries.csv?lang=zh-CN' });
  assert.match(csv.body, new RegExp(`,付费问题 #${id}：已回答\\r\\n`));
  assert.doesNotMatch(csv.body, /<a|href/);
});
