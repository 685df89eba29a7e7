import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerViaApi, askViaApi, listedIds, voteViaApi } from '../../../test/community.js';
import { buildTestApp, registerMember } from '../../../test/helpers.js';
import { findInvariantViolations } from '../imports/index.js';
import { grantReputation } from '../reputation/reputation.test-support.js';

describe('question_tags (the tag lists’ index table)', () => {
  test('follows every write to a question: ask, vote, answer, retag, delete', async (t) => {
    const { app, database, clock } = await buildTestApp(t);
    const asker = await registerMember(app);
    const other = await registerMember(app);
    await grantReputation(database.db, other.userId, 20); // the upvote privilege (15)
    const rows = () =>
      database.db
        .selectFrom('question_tags')
        .select(['tag', 'question_id', 'score', 'answer_count'])
        .orderBy('question_id')
        .orderBy('tag')
        .execute();

    const first = await askViaApi(asker, { tags: ['python', 'asyncio'] });
    clock.advance(60);
    const second = await askViaApi(asker, { tags: ['python'] });
    assert.deepEqual(await rows(), [
      { tag: 'asyncio', question_id: first.id, score: 0, answer_count: 0 },
      { tag: 'python', question_id: first.id, score: 0, answer_count: 0 },
      { tag: 'python', question_id: second.id, score: 0, answer_count: 0 },
    ]);

    await voteViaApi(other, 'question', first.id, 1);
    await answerViaApi(other, first.id);
    const retag = await asker.inject({
      method: 'PATCH',
      url: `/api/v1/questions/${second.id}`,
      payload: { tags: ['python', 'typing'] },
    });
    assert.equal(retag.statusCode, 200, retag.body);
    assert.deepEqual(await rows(), [
      { tag: 'asyncio', question_id: first.id, score: 1, answer_count: 1 },
      { tag: 'python', question_id: first.id, score: 1, answer_count: 1 },
      { tag: 'python', question_id: second.id, score: 0, answer_count: 0 },
      { tag: 'typing', question_id: second.id, score: 0, answer_count: 0 },
    ]);

    // The tag page reads it: newest, votes and unanswered orders.
    const ids = async (query: string) => listedIds((await app.inject({ url: `/tags/python${query}` })).body);
    assert.deepEqual(await ids(''), [second.id, first.id]);
    assert.deepEqual(await ids('?sort=votes'), [first.id, second.id]);
    assert.deepEqual(await ids('?sort=unanswered'), [second.id]);

    const removed = await asker.inject({ method: 'DELETE', url: `/api/v1/questions/${second.id}` });
    assert.equal(removed.statusCode, 204, removed.body);
    assert.deepEqual(
      (await rows()).map((row) => [row.tag, row.question_id]),
      [
        ['asyncio', first.id],
        ['python', first.id],
      ],
    );
    assert.deepEqual(await ids(''), [first.id]);
    assert.deepEqual(await findInvariantViolations(database.db), []);
  });

  test('stays exact when questions are written by SQL alone (importers, the benchmark)', async (t) => {
    const { app, database } = await buildTestApp(t);
    const asker = await registerMember(app);
    const question = await askViaApi(asker, { tags: ['rust'] });
    await database.db
      .updateTable('questions')
      .set({ tags: ['rust', 'wasm'], score: 7 })
      .where('id', '=', question.id)
      .execute();
    await database.db
      .updateTable('questions')
      .set({ view_count: 99 })
      .where('id', '=', question.id)
      .execute();
    // (This raw write breaks other invariants on purpose: a score without votes, a tag without a row.)
    const violations = await findInvariantViolations(database.db);
    assert.deepEqual(
      violations.filter((line) => line.startsWith('question_tags')),
      [],
    );
    const tags = await database.db
      .selectFrom('question_tags')
      .select(['tag', 'score'])
      .where('question_id', '=', question.id)
      .orderBy('tag')
      .execute();
    assert.deepEqual(tags, [
      { tag: 'rust', score: 7 },
      { tag: 'wasm', score: 7 },
    ]);
  });
});
