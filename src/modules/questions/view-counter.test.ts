import assert from 'node:assert/strict';
import { test } from 'node:test';
import { askViaApi } from '../../../test/community.js';
import { abortingEveryOtherTry } from '../../../test/db.js';
import { buildTestApp, registerMember } from '../../../test/helpers.js';
import { ViewCounter, viewerKey } from './view-counter.js';

test('a flush the database aborts (deadlock) runs again: every view counted once', async (t) => {
  const { app, database, clock } = await buildTestApp(t);
  const asker = await registerMember(app);
  const question = await askViaApi(asker);
  const aborting = abortingEveryOtherTry(database.db);
  const retries: object[] = [];
  const errors: unknown[] = [];
  const counter = new ViewCounter(
    { db: aborting.db, clock, log: { warn: (obj) => retries.push(obj) } },
    { flushIntervalMs: 60_000, maxPending: 1_000 },
    (error) => errors.push(error),
  );
  const viewCount = async () =>
    (
      await database.db
        .selectFrom('questions')
        .select('view_count')
        .where('id', '=', question.id)
        .executeTakeFirstOrThrow()
    ).view_count;
  const before = await viewCount();

  for (const userId of [101, 102, 103])
    counter.record(question.id, viewerKey({ userId, ip: '', userAgent: null }));
  counter.record(question.id, viewerKey({ userId: 101, ip: '', userAgent: null }));
  await counter.flush();

  assert.deepEqual(errors, []);
  assert.equal(aborting.aborted(), 1);
  assert.deepEqual(retries, [{ code: '40P01', attempt: 1 }]);
  assert.equal(await viewCount(), before + 3);
  const marks = await database.db
    .selectFrom('question_view_marks')
    .select('viewer_key')
    .where('question_id', '=', question.id)
    .execute();
  assert.equal(marks.length, 3);
  await counter.stop();
});
