import { type Kysely, sql } from 'kysely';

/**
 * Moderation (modules/moderation): suspensions, kept as history (who suspended whom, from when
 * until when, why, and who lifted it early and when), and the moderation log, one row per
 * moderator action (who, what, on what, why, when), append-only: a trigger refuses to change or
 * delete a row. A suspension ends by time: nothing writes when `ends_at` passes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('suspensions')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('moderator_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('lifted_at', 'timestamptz')
    .addColumn('lifted_by', 'bigint', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('suspensions_period', sql`ends_at > starts_at`)
    .addCheckConstraint('suspensions_lifted', sql`(lifted_at is null) = (lifted_by is null)`)
    .execute();
  // A member's suspensions, newest first, and the one in force (read on every signed-in request).
  await db.schema
    .createIndex('suspensions_user_id')
    .on('suspensions')
    .columns(['user_id', 'ends_at'])
    .execute();

  await db.schema
    .createTable('moderation_log')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    // Null: the server's operator (a role given with `npm run user:role`).
    .addColumn('actor_id', 'bigint', (c) => c.references('users.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('details', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`
    create function moderation_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'moderation_log is append-only';
    end $$`.execute(db);
  await sql`
    create trigger moderation_log_append_only before update or delete on moderation_log
    for each row execute function moderation_log_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('moderation_log').execute();
  await sql`drop function moderation_log_append_only()`.execute(db);
  await db.schema.dropTable('suspensions').execute();
}
