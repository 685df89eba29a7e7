import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setRole } from '../../../test/community.js';
import { answerAs, askAs, buildTestApp, registerMember } from '../../../test/helpers.js';
import { grantReputation } from '../reputation/reputation.test-support.js';

test('up, down, change, retract; never on your own post; the same vote twice is refused', async (t) => {
  const { app, database } = await buildTestApp(t);
  const author = await registerMember(app);
  const voter = await registerMember(app);
  await grantReputation(database.db, voter.userId, 124);
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
  for (const voter of voters) await grantReputation(database.db, voter.userId, 124);
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

test('voting needs the privilege: upvoting at 15 (not 14), downvoting at 125 (not 124); 403 says what is needed', async (t) => {
  const { app, database } = await buildTestApp(t);
  const author = await registerMember(app);
  const question = await askAs(author);
  const answer = await answerAs(author, question.id);
  const voter = await registerMember(app);
  const vote = (value: number, who = voter) =>
    who.inject({ method: 'POST', url: `/api/v1/answers/${answer.id}/vote`, payload: { value } });

  await grantReputation(database.db, voter.userId, 13);
  const up14 = await vote(1);
  assert.equal(up14.statusCode, 403);
  assert.equal(up14.json().error.code, 'privilege.required');
  assert.deepEqual(up14.json().error.params, { privilege: 'upvote', required: 15, current: 14 });
  assert.match(up14.json().error.message, /15/);
  assert.equal((await app.inject({ url: `/api/v1/questions/${question.id}` })).json().question.score, 0);

  await grantReputation(database.db, voter.userId, 1);
  assert.deepEqual((await vote(1)).json(), { score: 1, myVote: 1 });
  const down15 = await vote(-1);
  assert.equal(down15.statusCode, 403);
  assert.deepEqual(down15.json().error.params, { privilege: 'downvote', required: 125, current: 15 });
  assert.deepEqual((await vote(0)).json(), { score: 0, myVote: 0 }, 'taking a vote back needs nothing');

  await grantReputation(database.db, voter.userId, 109);
  const down124 = await vote(-1);
  assert.deepEqual(down124.json().error.params, { privilege: 'downvote', required: 125, current: 124 });
  await grantReputation(database.db, voter.userId, 1);
  assert.deepEqual((await vote(-1)).json(), { score: -1, myVote: -1 });

  const moderator = await registerMember(app);
  await setRole(database, moderator.userId, 'moderator');
  assert.deepEqual((await vote(-1, moderator)).json(), { score: -2, myVote: -1 }, 'moderators have them all');
});

test('a new site factor lowers the bar for everyone at once', async (t) => {
  const { app, database } = await buildTestApp(t, { REPUTATION_NEW_SITE_FACTOR: '0.1' });
  const author = await registerMember(app);
  const question = await askAs(author);
  const voter = await registerMember(app);
  const url = `/api/v1/questions/${question.id}/vote`;
  const first = await voter.inject({ method: 'POST', url, payload: { value: 1 } });
  assert.deepEqual(first.json().error.params, { privilege: 'upvote', required: 2, current: 1 });
  await grantReputation(database.db, voter.userId, 1);
  assert.equal((await voter.inject({ method: 'POST', url, payload: { value: 1 } })).statusCode, 200);
  const listed = (await app.inject({ url: '/api/v1/privileges' })).json() as Array<{
    name: string;
    reputation: number;
  }>;
  assert.deepEqual(listed.slice(0, 5), [
    { name: 'upvote', reputation: 2 },
    { name: 'flag', reputation: 2 },
    { name: 'comment_everywhere', reputation: 5 },
    { name: 'offer_bounty', reputation: 8 },
    { name: 'downvote', reputation: 13 },
  ]);
});
