import { type Kysely, sql } from 'kysely';

/**
 * Reputation as append-only events (modules/reputation): each says whose reputation moved, by
 * what rule (`kind`), what the rule gave (`points`) and what it did after the daily and edit caps
 * and the floor of 1 (`applied`, and its share of the caps). An undoing is a new event naming the
 * one it undoes (at most once). `users.reputation` stays the sum, kept in the same transaction
 * and recomputable from the events (`npm run reputation:recompute`).
 *
 * Backfill: reputation never moved before this, so a member above 1 got there by an import (or a
 * script); that is kept as one `imported` event at the member's joining time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('reputation_events')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('applied', 'integer', (c) => c.notNull())
    .addColumn('cap_used', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('edit_cap_used', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('post_type', 'text', (c) => c.check(sql`post_type in ('question', 'answer')`))
    .addColumn('post_id', 'bigint')
    .addColumn('actor_id', 'bigint', (c) => c.references('users.id'))
    .addColumn('reverses_id', 'bigint', (c) => c.unique().references('reputation_events.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('reputation_events_post', sql`(post_type is null) = (post_id is null)`)
    .execute();
  // A member's history, newest first, and the day's cap.
  await db.schema
    .createIndex('reputation_events_user_id')
    .on('reputation_events')
    .columns(['user_id', 'id'])
    .execute();
  // What a post's votes and accepts gave, to undo them with the vote or the post.
  await db.schema
    .createIndex('reputation_events_post')
    .on('reputation_events')
    .columns(['post_type', 'post_id'])
    .where(sql.ref('post_id'), 'is not', null)
    .execute();
  await sql`
    insert into reputation_events (user_id, kind, points, applied, created_at)
    select id, 'imported', reputation - 1, reputation - 1, created_at
      from users where reputation <> 1 order by id`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('reputation_events').execute();
}
