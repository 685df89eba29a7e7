import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from './schema.js';

/**
 * The secret kept under `name` in this database, made (256 random bits) on first use. Several
 * processes starting at once agree: each offers its own, the first insert wins, all read it back.
 */
export async function appSecret(db: Kysely<DB>, name: string, now: Date): Promise<string> {
  await db
    .insertInto('app_secrets')
    .values({ name, value: randomBytes(32).toString('base64url'), created_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('app_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.value;
}
