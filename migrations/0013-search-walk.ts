import { type Kysely, sql } from 'kysely';

/**
 * The orders a common word's search walks in (docs/search.md, "Speed"): documents by score and by
 * date, so "the first 300 matches by votes" is a walk down a b-tree that stops once enough rows
 * match, instead of a visit to every one of the word's thousands of matches.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index search_documents_score_idx on search_documents (score desc, question_id desc)`.execute(
    db,
  );
  await sql`create index search_documents_newest_idx on search_documents (created_at desc, question_id desc)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index search_documents_newest_idx`.execute(db);
  await sql`drop index search_documents_score_idx`.execute(db);
}
