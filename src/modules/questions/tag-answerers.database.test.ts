import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { answerAs, askAs, buildTestApp, registerMember, type Session } from '../../../test/helpers.js';
import { grantReputation } from '../reputation/reputation.test-support.js';

/**
 * `tag_answerers` (the directory's "by tag", migration 0026) is kept by triggers: after every
 * kind of write it equals the sum computed from scratch.
 */
test('tag_answerers equals the sum of live answers per tag and member after every kind of write', async (t) => {
  const { app, database } = await buildTestApp(t);
  const db = database.db;
  const snapshot = async () => {
    const kept = await db
      .selectFrom('tag_answerers')
      .select(['tag', 'user_id', 'score', 'answers'])
      .orderBy('tag')
      .orderBy('user_id')
      .execute();
    const computed = await sql<{ tag: string; user_id: number; score: number; answers: number }>`
      select qt.tag, a.author_id as user_id, sum(a.score)::int as score, count(*)::int as answers
        from question_tags qt join answers a on a.question_id = qt.question_id
       where a.deleted_at is null and a.author_id is not null
       group by qt.tag, a.author_id order by qt.tag, a.author_id`.execute(db);
    const rows = (list: Array<{ tag: string; user_id: number; score: number; answers: number }>) =>
      list.map((row) => `${row.tag}:${Number(row.user_id)}:${Number(row.score)}:${Number(row.answers)}`);
    assert.deepEqual(rows(kept), rows(computed.rows));
    return rows(kept);
  };
  const asker = await registerMember(app);
  const ann = await registerMember(app, { username: 'ann' });
  const ben = await registerMember(app, { username: 'ben' });
  const voter = await registerMember(app);
  await grantReputation(db, voter.userId, 124);
  const vote = async (member: Session, answerId: number, value: -1 | 0 | 1) =>
    assert.equal(
      (await member.inject({ method: 'POST', url: `/api/v1/answers/${answerId}/vote`, payload: { value } }))
        .statusCode,
      200,
    );

  const q1 = await askAs(asker, { tags: ['postgresql', 'sql'] });
  const q2 = await askAs(asker, { tags: ['postgresql'] });
  const a1 = await answerAs(ann, q1.id);
  const a2 = await answerAs(ann, q2.id);
  const b1 = await answerAs(ben, q1.id);
  await vote(voter, a1.id, 1);
  await vote(voter, b1.id, -1);
  assert.ok((await snapshot()).includes(`postgresql:${ann.userId}:1:2`));

  // A vote taken back, an answer deleted, a question's tags changed, a question deleted.
  await vote(voter, b1.id, 0);
  assert.equal((await ben.inject({ method: 'DELETE', url: `/api/v1/answers/${b1.id}` })).statusCode, 204);
  await snapshot();
  const retagged = await asker.inject({
    method: 'PATCH',
    url: `/api/v1/questions/${q1.id}`,
    payload: { tags: ['mysql'], comment: 'retag' },
  });
  assert.equal(retagged.statusCode, 200, retagged.body);
  const afterRetag = await snapshot();
  assert.ok(
    afterRetag.includes(`mysql:${ann.userId}:1:1`) && afterRetag.includes(`postgresql:${ann.userId}:0:1`),
  );
  // (Its owner may not delete an answered question; a moderator's deletion is this soft delete.)
  await db.updateTable('questions').set({ deleted_at: new Date() }).where('id', '=', q2.id).execute();
  assert.ok(
    !(await snapshot()).some((row) => row.startsWith('postgresql:')),
    'no answers left in postgresql',
  );
  // Written straight in SQL too (imports, scripts), and a member's answer moved to another author.
  await db.updateTable('answers').set({ score: 7 }).where('id', '=', a1.id).execute();
  await db.updateTable('answers').set({ author_id: ben.userId }).where('id', '=', a2.id).execute();
  await snapshot();
});
