import { type Kysely, sql } from 'kysely';

/**
 * A member's time zone for pages: an IANA name (checked with Intl by accounts, which the database
 * cannot do), or null to follow their browser and then their language's default.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('time_zone', 'text', (c) => c.check(sql`char_length(time_zone) between 1 and 64`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('time_zone').execute();
}
