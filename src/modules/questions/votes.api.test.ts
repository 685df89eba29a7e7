import assert from 'node:assert/strict';
import { test } from 'node:test';
import { answerAs, askAs, buildTestApp, registerMember } from '../../../test/helpers.js';

test('up, down, change, retract; never on your own post; the same vote twice is refused', async (t) => {
  const { app } = await buildTestApp(t);
  const author = await registerMember(app);
  const voter = await registerMember(app);
  const question = await askAs(author);
  const url = `/api/v1/questions/${question.id}/vote`;
  const vote = (value: unknown, who = voter) => who.inject({ method: 'POST', url, payload: { value } });

  assert.deepEqual((await vote(1)).json(), { score: 1, myVote: 1 });
  const twice = await vote(1);
  assert.equal(twice.statusCode, 409);
  assert.equal(twice.json().error.code, 'vote.already_cast');
  assert.deepEqual((await vote(-1)).json(), { score: -1, myVote: -1 });
  assert.deepEqual((await vote(0)).json(), { score: 0, myVote: 0 });
  assert.deepEqual((await vote(0)).json(), { score: 0, myVote: 0 }, 'retracting nothing is a no-op');

  const own = await vote(1, author);
  assert.equal(own.statusCode, 403);
  assert.equal(own.json().error.code, 'vote.own_post');
  for (const bad of [2, -2, '1', null]) {
    const response = await vote(bad);
    assert.equal(response.statusCode, 422, JSON.stringify(bad));
  }
  assert.equal((await app.inject({ method: 'POST', url, payload: { value: 1 } })).statusCode, 401);
  assert.equal(
    (await voter.inject({ method: 'POST', url: '/api/v1/questions/99999/vote', payload: { value: 1 } }))
      .statusCode,
    404,
  );
  assert.equal((await app.inject({ url: `/api/v1/questions/${question.id}` })).json().question.score, 0);
});

test('50 members voting at once: the score equals the votes table', async (t) => {
  const { app, database } = await buildTestApp(t);
  const author = await registerMember(app);
  const question = await askAs(author);
  const answer = await answerAs(author, question.id);
  const voters = await Promise.all(Array.from({ length: 50 }, () => registerMember(app)));
  const results = await Promise.all(
    voters.flatMap((voter, i) => [
      voter.inject({
        method: 'POST',
        url: `/api/v1/questions/${question.id}/vote`,
        payload: { value: i % 5 === 0 ? -1 : 1 },
      }),
      voter.inject({ method: 'POST', url: `/api/v1/answers/${answer.id}/vote`, payload: { value: 1 } }),
    ]),
  );
  assert.ok(
    results.every((r) => r.statusCode === 200),
    results.find((r) => r.statusCode !== 200)?.body,
  );

  const questionRow = await database.db
    .selectFrom('questions')
    .select('score')
    .where('id', '=', question.id)
    .executeTakeFirstOrThrow();
  const questionSum = await database.db
    .selectFrom('question_votes')
    .select((eb) => eb.fn.sum<number>('value').as('sum'))
    .where('question_id', '=', question.id)
    .executeTakeFirstOrThrow();
  assert.equal(questionRow.score, 30);
  assert.equal(Number(questionSum.sum), questionRow.score);
  const answerRow = await database.db
    .selectFrom('answers')
    .select('score')
    .where('id', '=', answer.id)
    .executeTakeFirstOrThrow();
  assert.equal(answerRow.score, 50);

  // A second wave of changes and retractions, also concurrent.
  await Promise.all(
    voters.map((voter, i) =>
      voter.inject({
        method: 'POST',
        url: `/api/v1/answers/${answer.id}/vote`,
        payload: { value: i % 2 === 0 ? 0 : -1 },
      }),
    ),
  );
  const after = await database.db
    .selectFrom('answers')
    .select('score')
    .where('id', '=', answer.id)
    .executeTakeFirstOrThrow();
  const afterSum = await database.db
    .selectFrom('answer_votes')
    .select((eb) => eb.fn.sum<number>('value').as('sum'))
    .where('answer_id', '=', answer.id)
    .executeTakeFirstOrThrow();
  assert.equal(after.score, -25);
  assert.equal(Number(afterSum.sum), -25);
});
