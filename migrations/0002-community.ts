import { type Kysely, sql } from 'kysely';

/**
 * The Q&A community: questions, answers, comments, votes, tags, revisions, view marks.
 * Imported rows (Stack Exchange dumps, seed data) keep where they came from in
 * `import_source` + `import_id` (unique together), so re-running an import updates nothing twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('import_source', 'text')
    .addColumn('import_id', 'text')
    .addColumn('about', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await sql`create unique index users_import_key on users (import_source, import_id) where import_source is not null`.execute(
    db,
  );

  await db.schema
    .createTable('questions')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('author_id', 'bigint', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('tags', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('score', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('answer_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('comment_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('view_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('accepted_answer_id', 'bigint')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_activity_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('deleted_at', 'timestamptz')
    .addColumn('import_source', 'text')
    .addColumn('import_id', 'text')
    .addColumn('license', 'text')
    .addColumn('source_url', 'text')
    .execute();
  await sql`create unique index questions_import_key on questions (import_source, import_id) where import_source is not null`.execute(
    db,
  );
  // The four list orders, over live questions only.
  await sql`create index questions_newest_idx on questions (created_at desc, id desc) where deleted_at is null`.execute(
    db,
  );
  await sql`create index questions_votes_idx on questions (score desc, id desc) where deleted_at is null`.execute(
    db,
  );
  await sql`create index questions_active_idx on questions (last_activity_at desc, id desc) where deleted_at is null`.execute(
    db,
  );
  await sql`create index questions_unanswered_idx on questions (created_at desc, id desc) where deleted_at is null and answer_count = 0`.execute(
    db,
  );
  await sql`create index questions_tags_idx on questions using gin (tags)`.execute(db);
  await db.schema.createIndex('questions_author_idx').on('questions').column('author_id').execute();

  await db.schema
    .createTable('answers')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('question_id', 'bigint', (c) => c.notNull().references('questions.id').onDelete('cascade'))
    .addColumn('author_id', 'bigint', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('comment_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('deleted_at', 'timestamptz')
    .addColumn('import_source', 'text')
    .addColumn('import_id', 'text')
    .addColumn('license', 'text')
    .addColumn('source_url', 'text')
    .execute();
  await sql`create unique index answers_import_key on answers (import_source, import_id) where import_source is not null`.execute(
    db,
  );
  await db.schema
    .createIndex('answers_question_idx')
    .on('answers')
    .columns(['question_id', 'score'])
    .execute();
  await db.schema.createIndex('answers_author_idx').on('answers').column('author_id').execute();
  await sql`alter table questions add constraint questions_accepted_answer_fk
    foreign key (accepted_answer_id) references answers (id) on delete set null`.execute(db);

  await db.schema
    .createTable('comments')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('question_id', 'bigint', (c) => c.references('questions.id').onDelete('cascade'))
    .addColumn('answer_id', 'bigint', (c) => c.references('answers.id').onDelete('cascade'))
    .addColumn('author_id', 'bigint', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('deleted_at', 'timestamptz')
    .addColumn('import_source', 'text')
    .addColumn('import_id', 'text')
    .addCheckConstraint('comments_one_post', sql`(question_id is null) <> (answer_id is null)`)
    .execute();
  await sql`create unique index comments_import_key on comments (import_source, import_id) where import_source is not null`.execute(
    db,
  );
  await db.schema.createIndex('comments_question_idx').on('comments').column('question_id').execute();
  await db.schema.createIndex('comments_answer_idx').on('comments').column('answer_id').execute();

  // One row per vote. Imported Stack Exchange votes are anonymous (voter_id null); a member's
  // vote is unique per post, so a post's score is always the sum of its rows.
  for (const post of ['question', 'answer'] as const) {
    const table = `${post}_votes`;
    await db.schema
      .createTable(table)
      .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      .addColumn(`${post}_id`, 'bigint', (c) => c.notNull().references(`${post}s.id`).onDelete('cascade'))
      .addColumn('voter_id', 'bigint', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('value', 'smallint', (c) => c.notNull().check(sql`value in (-1, 1)`))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('import_source', 'text')
      .addColumn('import_id', 'text')
      .execute();
    await sql
      .raw(
        `create unique index ${table}_voter_key on ${table} (${post}_id, voter_id) where voter_id is not null`,
      )
      .execute(db);
    await sql
      .raw(
        `create unique index ${table}_import_key on ${table} (import_source, import_id) where import_source is not null`,
      )
      .execute(db);
    await sql.raw(`create index ${table}_voter_idx on ${table} (voter_id)`).execute(db);
    // Per-post sums and cascades must not scan the table (imported votes have no voter).
    await sql.raw(`create index ${table}_post_idx on ${table} (${post}_id)`).execute(db);
  }

  await db.schema
    .createTable('tags')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description_html', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('question_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'bigint', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await sql`create index tags_popular_idx on tags (question_count desc, name)`.execute(db);
  await sql`create index tags_name_prefix_idx on tags (name text_pattern_ops)`.execute(db);

  // Every version of a post, numbered from 1 (the original). Title and tags only for questions.
  await db.schema
    .createTable('revisions')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('question_id', 'bigint', (c) => c.references('questions.id').onDelete('cascade'))
    .addColumn('answer_id', 'bigint', (c) => c.references('answers.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'bigint', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('create', 'edit', 'rollback')`))
    .addColumn('title', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('tags', sql`text[]`)
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('revisions_one_post', sql`(question_id is null) <> (answer_id is null)`)
    .execute();
  await sql`create unique index revisions_question_number on revisions (question_id, number) where question_id is not null`.execute(
    db,
  );
  await sql`create unique index revisions_answer_number on revisions (answer_id, number) where answer_id is not null`.execute(
    db,
  );

  // Who has been counted as viewing a question in which hour: de-duplicates view counts across
  // app instances; rows older than an hour are swept.
  await db.schema
    .createTable('question_view_marks')
    .addColumn('question_id', 'bigint', (c) => c.notNull().references('questions.id').onDelete('cascade'))
    .addColumn('viewer_key', 'text', (c) => c.notNull())
    .addColumn('hour', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('question_view_marks_pk', ['question_id', 'viewer_key', 'hour'])
    .execute();
  await db.schema
    .createIndex('question_view_marks_hour_idx')
    .on('question_view_marks')
    .column('hour')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'question_view_marks',
    'revisions',
    'tags',
    'answer_votes',
    'question_votes',
    'comments',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await sql`alter table questions drop constraint questions_accepted_answer_fk`.execute(db);
  await db.schema.dropTable('answers').execute();
  await db.schema.dropTable('questions').execute();
  await sql`drop index users_import_key`.execute(db);
  await db.schema
    .alterTable('users')
    .dropColumn('import_source')
    .dropColumn('import_id')
    .dropColumn('about')
    .execute();
}
