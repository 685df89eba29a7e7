import { type Kysely, sql } from 'kysely';

/**
 * Full-text search (src/modules/search, docs/search.md): one stored, weighted `tsvector` per live
 * question (title and tags A, body B, answers C) built from jieba-segmented, identifier-split
 * words; document frequencies per scope for IDF weighting; a word list with trigrams for
 * "did you mean".
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // pg_trgm ships with PostgreSQL (contrib) and is loaded into PGlite by platform/db.
  await sql`create extension if not exists pg_trgm`.execute(db);

  await db.schema
    .createTable('search_documents')
    .addColumn('question_id', 'bigint', (c) => c.primaryKey().references('questions.id').onDelete('cascade'))
    // Where the question came from (`se:ai`, `seed:zh_tech_faq`), '' for questions asked here.
    .addColumn('scope', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('document', sql`tsvector`, (c) => c.notNull())
    // Words indexed (after stop words), for length normalisation.
    .addColumn('length', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('indexed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index search_documents_document_idx on search_documents using gin (document)`.execute(db);
  await sql`create index search_documents_scope_idx on search_documents (scope, created_at)`.execute(db);

  // How many documents hold each lexeme, per scope and overall (scope '*'): rebuilt by reindex.
  await db.schema
    .createTable('search_lexeme_stats')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('lexeme', 'text', (c) => c.notNull())
    .addColumn('doc_count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('search_lexeme_stats_pk', ['scope', 'lexeme'])
    .execute();
  await db.schema
    .createTable('search_scope_stats')
    .addColumn('scope', 'text', (c) => c.primaryKey())
    .addColumn('doc_count', 'integer', (c) => c.notNull())
    .addColumn('avg_length', 'real', (c) => c.notNull())
    .execute();

  // Words of titles and tags with how many questions use them: "did you mean" looks here.
  await db.schema
    .createTable('search_words')
    .addColumn('word', 'text', (c) => c.primaryKey())
    .addColumn('doc_count', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await sql`create index search_words_trgm_idx on search_words using gin (word gin_trgm_ops)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('search_words').execute();
  await db.schema.dropTable('search_scope_stats').execute();
  await db.schema.dropTable('search_lexeme_stats').execute();
  await db.schema.dropTable('search_documents').execute();
}
