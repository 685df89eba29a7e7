import { type Kysely, sql } from 'kysely';

/**
 * Links between questions: "linked" (one mentions the other) and "duplicate" (the first is a
 * duplicate of the second). Directed: question_id points at related_question_id, one row per
 * ordered pair. Imported rows (Stack Exchange PostLinks) keep import_source + import_id.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('question_links')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('question_id', 'bigint', (c) => c.notNull().references('questions.id').onDelete('cascade'))
    .addColumn('related_question_id', 'bigint', (c) =>
      c.notNull().references('questions.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('linked', 'duplicate')`))
    .addColumn('created_by', 'bigint', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('import_source', 'text')
    .addColumn('import_id', 'text')
    .addUniqueConstraint('question_links_pair', ['question_id', 'related_question_id'])
    .addCheckConstraint('question_links_not_self', sql`question_id <> related_question_id`)
    .execute();
  await sql`create unique index question_links_import_key on question_links (import_source, import_id) where import_source is not null`.execute(
    db,
  );
  // "Which questions point at this one" (duplicates of it, questions linking to it).
  await db.schema
    .createIndex('question_links_related_idx')
    .on('question_links')
    .column('related_question_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('question_links').execute();
}
