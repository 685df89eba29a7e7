import assert from 'node:assert/strict';
import { test } from 'node:test';
import { askViaApi, getPage } from '../../../test/community.js';
import { buildTestApp, registerMember } from '../../../test/helpers.js';

const linkedIdsOf = (html: string) => [...html.matchAll(/data-linked-id="(\d+)"/g)].map((m) => Number(m[1]));

test('linked and duplicate questions: the banner on the duplicate, the Linked box both ways', async (t) => {
  const { app, database } = await buildTestApp(t);
  const asker = await registerMember(app);
  const [dup, original, mentions, mentioned, removed] = [
    await askViaApi(asker),
    await askViaApi(asker),
    await askViaApi(asker),
    await askViaApi(asker),
    await askViaApi(asker),
  ] as const;
  await database.db
    .insertInto('question_links')
    .values([
      { question_id: dup.id, related_question_id: original.id, kind: 'duplicate' },
      { question_id: mentions.id, related_question_id: dup.id, kind: 'linked' },
      { question_id: dup.id, related_question_id: mentioned.id, kind: 'linked' },
      // Linked both ways: listed once.
      { question_id: mentioned.id, related_question_id: dup.id, kind: 'linked' },
      { question_id: removed.id, related_question_id: dup.id, kind: 'linked' },
    ])
    .execute();
  await database.db
    .updateTable('questions')
    .set({ deleted_at: new Date() })
    .where('id', '=', removed.id)
    .execute();
  const pageOf = (q: { id: number; slug: string }, query = '') =>
    getPage(app, `/questions/${q.id}/${q.slug}${query}`);

  const dupPage = await pageOf(dup);
  assert.match(dupPage, /data-testid="duplicate-banner"/);
  assert.match(dupPage, new RegExp(`data-testid="duplicate-banner">.*href="/questions/${original.id}/`, 's'));
  assert.deepEqual(
    linkedIdsOf(dupPage).sort(),
    [mentions.id, mentioned.id].sort(),
    'no deleted one, no original',
  );

  const originalPage = await pageOf(original);
  assert.doesNotMatch(originalPage, /data-testid="duplicate-banner"/);
  assert.deepEqual(linkedIdsOf(originalPage), [dup.id]);
  assert.match(originalPage, /data-linked-id="\d+".*class="badge text-bg-secondary">duplicate</s);

  const zh = await pageOf(dup, '?lang=zh-CN');
  assert.match(zh, /已被标记为重复问题，原问题：/);
  assert.match(zh, /关联问题/);

  const lonely = await pageOf(mentioned, '');
  assert.deepEqual(linkedIdsOf(lonely), [dup.id]);
  const unlinked = await askViaApi(asker);
  const plain = await pageOf(unlinked);
  assert.doesNotMatch(plain, /data-testid="linked-box"|data-testid="duplicate-banner"/);
});

test('what a question duplicates is shown however many higher-scored questions link to it', async (t) => {
  const { app, database } = await buildTestApp(t);
  const asker = await registerMember(app);
  const dup = await askViaApi(asker);
  const original = await askViaApi(asker);
  const mentions = [];
  for (let i = 0; i < 21; i += 1) mentions.push(await askViaApi(asker));
  await database.db
    .insertInto('question_links')
    .values([
      { question_id: dup.id, related_question_id: original.id, kind: 'duplicate' },
      ...mentions.map((q) => ({ question_id: q.id, related_question_id: dup.id, kind: 'linked' as const })),
    ])
    .execute();
  await database.db
    .updateTable('questions')
    .set({ score: 5 })
    .where(
      'id',
      'in',
      mentions.map((q) => q.id),
    )
    .execute();
  const page = await getPage(app, `/questions/${dup.id}/${dup.slug}`);
  assert.match(page, new RegExp(`data-testid="duplicate-banner">.*href="/questions/${original.id}/`, 's'));
});
