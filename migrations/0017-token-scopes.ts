import { type Kysely, sql } from 'kysely';

/**
 * Scopes and an optional expiry on personal access tokens (decision 0002). Tokens made before
 * scopes existed keep reading and writing but lose money: moving money needs a new token.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('personal_access_tokens')
    .addColumn('scopes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{read,write}'::text[]`))
    .addColumn('expires_at', 'timestamptz')
    .execute();
  await sql`alter table personal_access_tokens add constraint personal_access_tokens_scopes_known
    check (scopes <@ array['read', 'write', 'money']::text[] and cardinality(scopes) > 0)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('personal_access_tokens')
    .dropConstraint('personal_access_tokens_scopes_known')
    .execute();
  await db.schema
    .alterTable('personal_access_tokens')
    .dropColumn('expires_at')
    .dropColumn('scopes')
    .execute();
}
