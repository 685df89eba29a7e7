// The question lock's strength (the lock order in docs/architecture.md): FOR NO KEY UPDATE, so a
// row naming the question in a foreign key (a vote, a bounty, a search document) is written while
// a use case holds the question, and a second writer of the question still waits for it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { askViaApi } from '../../../test/community.js';
import { createTestDatabase } from '../../../test/db.js';
import { buildTestApp, registerMember } from '../../../test/helpers.js';
import { lockQuestionById } from './questions.repository.js';

test('a locked question still takes rows that name it, and still keeps out a second writer (PostgreSQL)', async (t) => {
  if (!process.env.DATABASE_URL) {
    t.skip('PGlite runs one transaction at a time: no two hold locks at once');
    return;
  }
  const database = await createTestDatabase();
  const { app } = await buildTestApp(t, {}, { database });
  const asker = await registerMember(app);
  const voter = await registerMember(app);
  const question = await askViaApi(asker);
  const other = await database.openAnother();

  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked: () => void = () => {};
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const holder = database.db.transaction().execute(async (trx) => {
    assert.ok(await lockQuestionById(trx, question.id));
    locked();
    await released;
  });
  try {
    await isLocked;
    // A foreign-key check takes FOR KEY SHARE on the question: it must not wait for the holder.
    await other.db.transaction().execute(async (trx) => {
      await sql`set local lock_timeout = '2s'`.execute(trx);
      await trx
        .insertInto('question_votes')
        .values({ question_id: question.id, voter_id: voter.userId, value: 1 })
        .execute();
    });
    // Another writer of the question waits for it (here until its lock timeout).
    await assert.rejects(
      other.db.transaction().execute(async (trx) => {
        await sql`set local lock_timeout = '200ms'`.execute(trx);
        await lockQuestionById(trx, question.id);
      }),
      { code: '55P03' },
    );
  } finally {
    release();
    await holder;
  }
});
