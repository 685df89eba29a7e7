import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ask, becomeExpert, expertsWorld } from './experts.test-support.js';
import { answerPaidQuestion, declinePaidQuestion, unlockPaidAnswer } from './index.js';

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
