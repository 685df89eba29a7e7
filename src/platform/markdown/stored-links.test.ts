import assert from 'node:assert/strict';
import { test } from 'node:test';
import { up as relinkStoredHtml } from '../../../migrations/0018-link-rel.js';
import { askViaApi, LONG_BODY } from '../../../test/community.js';
import { buildTestApp, registerMember } from '../../../test/helpers.js';

test('stored posts are re-rendered: links within the site lose the off-site rel, others keep it', async (t) => {
  const { app, database } = await buildTestApp(t);
  const member = await registerMember(app);
  const question = await askViaApi(member, {
    body: `${LONG_BODY} See [the FAQ](/questions/1), [there](//evil.example) and [docs](https://docs.example).`,
  });
  const rel = 'rel="nofollow ugc noopener noreferrer"';
  const old = `<p>See <a href="/questions/1" ${rel}>the FAQ</a>, <a href="//evil.example" ${rel}>there</a></p>`;
  await database.db.updateTable('questions').set({ body_html: old }).where('id', '=', question.id).execute();

  await relinkStoredHtml(database.db as never);

  const { body_html: html } = await database.db
    .selectFrom('questions')
    .select('body_html')
    .where('id', '=', question.id)
    .executeTakeFirstOrThrow();
  assert.match(html, /<a href="\/questions\/1">the FAQ<\/a>/);
  assert.match(html, new RegExp(`<a href="//evil.example" ${rel}>there</a>`));
  assert.match(html, new RegExp(`<a href="https://docs.example" ${rel}>docs</a>`));
});
