import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setRole } from '../../../test/community.js';
import {
  answerAs,
  askAs,
  buildTestApp,
  registerMember,
  type Session,
  type TestApp,
} from '../../../test/helpers.js';
import { jobsContext } from '../../../test/jobs.js';
import { serviceContext } from '../../app.js';
import { runTransaction } from '../../platform/db/transaction.js';
import type { Extension } from '../../platform/extensions/index.js';
import { recomputeReputation, recordReputation, reputationKind, rulesOf } from './index.js';
import { grantReputation } from './reputation.test-support.js';

/**
 * A member who may upvote (15) or, with `downvote`, also downvote (125, with room for the −1 each
 * downvoted answer costs them): earned as one event.
 */
async function voterIn(testApp: TestApp, may: 'upvote' | 'downvote' = 'upvote'): Promise<Session> {
  const voter = await registerMember(testApp.app);
  await grantReputation(testApp.database.db, voter.userId, may === 'upvote' ? 14 : 134);
  return voter;
}

async function reputationOf(app: TestApp['app'], member: Session): Promise<number> {
  const response = await app.inject({ url: `/api/v1/users/${member.userId}` });
  assert.equal(response.statusCode, 200);
  return (response.json() as { reputation: number }).reputation;
}

function vote(member: Session, post: 'questions' | 'answers', id: number, value: -1 | 0 | 1) {
  return member
    .inject({ method: 'POST', url: `/api/v1/${post}/${id}/vote`, payload: { value } })
    .then((response) => assert.equal(response.statusCode, 200, response.body));
}

function accept(member: Session, answerId: number) {
  return member
    .inject({ method: 'POST', url: `/api/v1/answers/${answerId}/accept` })
    .then((response) => assert.equal(response.statusCode, 200, response.body));
}

function recompute(testApp: TestApp) {
  return recomputeReputation(jobsContext(testApp.database, testApp.clock, testApp.config), { batchSize: 2 });
}

test('two upvotes and an accept take a new answerer to 36 and the asker to 3; the history says why', async (t) => {
  const testApp = await buildTestApp(t);
  const { app } = testApp;
  const asker = await registerMember(app);
  const answerer = await registerMember(app);
  const voters = [await voterIn(testApp), await voterIn(testApp)];
  const question = await askAs(asker);
  const answer = await answerAs(answerer, question.id);
  for (const voter of voters) await vote(voter, 'answers', answer.id, 1);
  await accept(asker, answer.id);

  assert.equal(await reputationOf(app, answerer), 36);
  assert.equal(await reputationOf(app, asker), 3);
  const history = await app.inject({ url: `/api/v1/users/${answerer.userId}/reputation` });
  assert.equal(history.statusCode, 200);
  const body = history.json();
  assert.equal(body.total, 3);
  assert.deepEqual(
    body.items.map(
      (item: { kind: string; points: number; postType: string; postId: number; undoes: null }) => [
        item.kind,
        item.points,
        item.postType,
        item.postId,
        item.undoes,
      ],
    ),
    [
      ['answer_accepted', 15, 'answer', answer.id, null],
      ['answer_upvoted', 10, 'answer', answer.id, null],
      ['answer_upvoted', 10, 'answer', answer.id, null],
    ],
  );
  const paged = await app.inject({ url: `/api/v1/users/${answerer.userId}/reputation?page=2&pageSize=2` });
  assert.equal(paged.json().items.length, 1);
  assert.equal((await app.inject({ url: '/api/v1/users/99999999/reputation' })).statusCode, 404);
  assert.equal((await app.inject({ url: '/api/v1/users/0/reputation' })).statusCode, 422);
  assert.deepEqual(await recompute(testApp), { members: 4, eventsMended: 0, totalsMended: 0 });
});

test('a downvote costs the author 2 and the voter 1; changing and taking it back undo exactly that', async (t) => {
  const { app, database } = await buildTestApp(t);
  const author = await registerMember(app);
  const voter = await registerMember(app);
  // A moderator may downvote at any reputation, so the voter's cost can meet the floor.
  await setRole(database, voter.userId, 'moderator');
  const question = await askAs(author);
  const answer = await answerAs(author, question.id);
  await vote(voter, 'questions', question.id, 1);
  await vote(voter, 'answers', answer.id, 1);
  assert.equal(await reputationOf(app, author), 21);

  await vote(voter, 'answers', answer.id, -1);
  assert.equal(await reputationOf(app, author), 9);
  await vote(voter, 'questions', question.id, -1);
  // 9 − 10 (the upvote undone) − 2 would be −3: the undoing took 8 and the downvote nothing.
  assert.equal(await reputationOf(app, author), 1);
  assert.equal(await reputationOf(app, voter), 1, 'the voter owed 1 but was at the floor');

  // Each undoing gives back what its original took: the question's downvote took nothing, the
  // answer's took 2 (the history shows both).
  await vote(voter, 'questions', question.id, 0);
  assert.equal(await reputationOf(app, author), 1);
  await vote(voter, 'answers', answer.id, 0);
  assert.equal(await reputationOf(app, author), 3);
  await vote(voter, 'answers', answer.id, 1);
  assert.equal(await reputationOf(app, author), 13);
});

test('moving the accept moves the 15; accepting one’s own answer gives nothing', async (t) => {
  const testApp = await buildTestApp(t);
  const { app } = testApp;
  const asker = await registerMember(app);
  const first = await registerMember(app);
  const second = await registerMember(app);
  const question = await askAs(asker);
  const a1 = await answerAs(first, question.id);
  const a2 = await answerAs(second, question.id);
  const own = await answerAs(asker, question.id);

  await accept(asker, a1.id);
  assert.deepEqual([await reputationOf(app, first), await reputationOf(app, asker)], [16, 3]);
  await accept(asker, a2.id);
  assert.deepEqual(
    [await reputationOf(app, first), await reputationOf(app, second), await reputationOf(app, asker)],
    [1, 16, 3],
  );
  await accept(asker, a2.id); // un-accept
  assert.deepEqual([await reputationOf(app, second), await reputationOf(app, asker)], [1, 1]);
  await accept(asker, own.id);
  assert.equal(await reputationOf(app, asker), 1);
  assert.deepEqual(await recompute(testApp), { members: 3, eventsMended: 0, totalsMended: 0 });
});

test('deleting a post takes back what its votes and accept gave', async (t) => {
  const testApp = await buildTestApp(t);
  const { app } = testApp;
  const asker = await registerMember(app);
  const answerer = await registerMember(app);
  const voter = await voterIn(testApp);
  const question = await askAs(asker);
  const answer = await answerAs(answerer, question.id);
  await vote(voter, 'answers', answer.id, 1);
  await vote(voter, 'questions', question.id, 1);
  await accept(asker, answer.id);
  assert.deepEqual([await reputationOf(app, answerer), await reputationOf(app, asker)], [26, 13]);

  const deleted = await answerer.inject({ method: 'DELETE', url: `/api/v1/answers/${answer.id}` });
  assert.equal(deleted.statusCode, 204, deleted.body);
  assert.deepEqual([await reputationOf(app, answerer), await reputationOf(app, asker)], [1, 11]);
  const history = (await app.inject({ url: `/api/v1/users/${answerer.userId}/reputation` })).json();
  assert.deepEqual(
    history.items
      .slice(0, 2)
      .map((item: { points: number; undoes: number | null }) => [item.points, item.undoes !== null]),
    [
      [-15, true],
      [-10, true],
    ],
  );
});

test('at most 200 a day from votes; the next day counts afresh', async (t) => {
  const testApp = await buildTestApp(t);
  const { app, clock } = testApp;
  // Start an hour into a UTC day, so the votes below all fall on one day.
  const now = clock.now();
  clock.advance(
    (Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 1) - now.getTime()) / 1000,
  );
  const author = await registerMember(app);
  const question = await askAs(author);
  const voters = await Promise.all(Array.from({ length: 22 }, () => voterIn(testApp)));
  for (const voter of voters.slice(0, 21)) await vote(voter, 'questions', question.id, 1);
  assert.equal(await reputationOf(app, author), 201);
  await vote(voters[0] as Session, 'questions', question.id, 0);
  assert.equal(await reputationOf(app, author), 191, 'a vote that counted is taken back');
  clock.advance(24 * 3600);
  await vote(voters[21] as Session, 'questions', question.id, 1);
  assert.equal(await reputationOf(app, author), 201);
  assert.deepEqual(await recompute(testApp), { members: 23, eventsMended: 0, totalsMended: 0 });
});

test('recompute mends a drifted total and a drifted event, and a second run mends nothing', async (t) => {
  const testApp = await buildTestApp(t);
  const { app, database } = testApp;
  const author = await registerMember(app);
  const voter = await voterIn(testApp);
  const question = await askAs(author);
  await vote(voter, 'questions', question.id, 1);
  await database.db.updateTable('users').set({ reputation: 500 }).where('id', '=', author.userId).execute();
  await database.db.updateTable('users').set({ reputation: 7 }).where('id', '=', voter.userId).execute();
  await database.db
    .updateTable('reputation_events')
    .set({ applied: 3 })
    .where('user_id', '=', author.userId)
    .execute();

  assert.deepEqual(await recompute(testApp), { members: 2, eventsMended: 1, totalsMended: 2 });
  assert.equal(await reputationOf(app, author), 11);
  assert.equal(await reputationOf(app, voter), 15, 'what the voter earned, not the 7 written over it');
  assert.deepEqual(await recompute(testApp), { members: 2, eventsMended: 0, totalsMended: 0 });
});

test('members voting while the answer is deleted and accepted at once: every total equals the recompute', async (t) => {
  // On PostgreSQL these run truly side by side (the app's pool); PGlite runs them one at a time.
  const testApp = await buildTestApp(t);
  const { app } = testApp;
  const asker = await registerMember(app);
  const answerer = await registerMember(app);
  const voters = await Promise.all(Array.from({ length: 12 }, () => voterIn(testApp, 'downvote')));
  const question = await askAs(asker);
  const doomed = await answerAs(answerer, question.id);
  const kept = await answerAs(answerer, question.id);
  const results = await Promise.all([
    ...voters.flatMap((voter, i) => [
      voter.inject({
        method: 'POST',
        url: `/api/v1/answers/${doomed.id}/vote`,
        payload: { value: i % 3 ? 1 : -1 },
      }),
      voter.inject({
        method: 'POST',
        url: `/api/v1/answers/${kept.id}/vote`,
        payload: { value: i % 4 ? 1 : -1 },
      }),
      voter.inject({ method: 'POST', url: `/api/v1/questions/${question.id}/vote`, payload: { value: 1 } }),
    ]),
    asker.inject({ method: 'POST', url: `/api/v1/answers/${kept.id}/accept` }),
    answerer.inject({ method: 'DELETE', url: `/api/v1/answers/${doomed.id}` }),
  ]);
  for (const response of results) {
    // A vote that lands after the deletion finds no answer; nothing else may fail.
    if (response.statusCode !== 200 && response.statusCode !== 204) {
      assert.equal(response.statusCode, 404, response.body);
      assert.equal(response.json().error.code, 'answer.not_found');
    }
  }
  const before = await Promise.all([asker, answerer, ...voters].map((member) => reputationOf(app, member)));
  assert.deepEqual(await recompute(testApp), { members: 14, eventsMended: 0, totalsMended: 0 });
  const after = await Promise.all([asker, answerer, ...voters].map((member) => reputationOf(app, member)));
  assert.deepEqual(after, before);
  // The deleted answer's votes gave nothing that still counts; the kept one's and the accept do.
  // (Their sum depends on the order: a downvote that came first met the floor and took nothing.)
  const events = await testApp.database.db
    .selectFrom('reputation_events')
    .select(['post_id', 'applied', 'reverses_id'])
    .where('user_id', '=', answerer.userId)
    .execute();
  const net = (postId: number) =>
    events.filter((event) => event.post_id === postId).reduce((sum, event) => sum + event.applied, 0);
  assert.equal(net(doomed.id), 0);
  assert.equal(before[1], 1 + net(kept.id));
  assert.equal(events.filter((event) => event.post_id === kept.id && event.reverses_id === null).length, 13);
});

test('a module’s own kind of event counts through the slot; a core kind cannot be contributed', async (t) => {
  const testApp = await buildTestApp(t);
  const member = await registerMember(testApp.app);
  const tips: Extension = {
    module: 'tips',
    contributions: [reputationKind('tip_received', { points: 5, capped: true })],
  };
  const ctx = serviceContext({ ...testApp, log: testApp.app.log, extensions: [tips] });
  await runTransaction(ctx, (trx) =>
    recordReputation(ctx, trx, [{ userId: member.userId, kind: 'tip_received' }], ctx.clock.now()),
  );
  assert.equal(await reputationOf(testApp.app, member), 6);
  await assert.rejects(
    runTransaction(ctx, (trx) =>
      recordReputation(ctx, trx, [{ userId: member.userId, kind: 'gift_received' }], ctx.clock.now()),
    ),
    /unknown reputation kind "gift_received"/,
  );
  const clash: Extension = {
    module: 'bad',
    contributions: [reputationKind('answer_upvoted', { points: 1 })],
  };
  assert.throws(
    () => rulesOf(serviceContext({ ...testApp, log: testApp.app.log, extensions: [clash] })),
    /core's/,
  );
});

test('GET /api/v1/privileges lists the thresholds; a member’s own profile lists the privileges they hold', async (t) => {
  const testApp = await buildTestApp(t, { REPUTATION_PRIVILEGES: '{"create_tags": 300}' });
  const { app } = testApp;
  const listed = await app.inject({ url: '/api/v1/privileges' });
  assert.equal(listed.statusCode, 200);
  const thresholds = Object.fromEntries(
    (listed.json() as Array<{ name: string; reputation: number }>).map((p) => [p.name, p.reputation]),
  );
  assert.equal(thresholds.upvote, 15);
  assert.equal(thresholds.downvote, 125);
  assert.equal(thresholds.create_tags, 300, 'as configured');
  assert.equal(Object.keys(thresholds).length, 12);

  const member = await voterIn(testApp);
  const other = await registerMember(app);
  const own = await member.inject({ url: `/api/v1/users/${member.userId}` });
  assert.deepEqual(own.json().privileges, ['upvote', 'flag']);
  assert.equal((await other.inject({ url: `/api/v1/users/${member.userId}` })).json().privileges, undefined);
  assert.equal((await app.inject({ url: `/api/v1/users/${member.userId}` })).json().privileges, undefined);
  await setRole(testApp.database, other.userId, 'moderator');
  const moderator = (await other.inject({ url: `/api/v1/users/${other.userId}` })).json();
  assert.equal(moderator.privileges.length, 12, 'moderators have them all');
});
