import { type Kysely, sql } from 'kysely';
import unhomoglyph from 'unhomoglyph';

/**
 * The Unicode confusable skeleton (UTS #39) of each username, unique, so "аdmin" (Cyrillic а)
 * cannot join beside "admin" and two racing sign-ups cannot both win. Existing members are
 * backfilled; where two already look alike, the older keeps the skeleton and the newer has none
 * (its name stays, and new names that look like it are still refused through the older one).
 * The formula is frozen here as it was when this ran; accounts.rules.ts keeps the live one.
 */
function skeletonOf(username: string): string {
  return unhomoglyph(username.normalize('NFKC').normalize('NFD')).normalize('NFD').toLowerCase();
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('username_skeleton', 'text').execute();
  const { rows } = await sql<{
    id: number;
    username: string;
  }>`select id, username from users order by id`.execute(db);
  const seen = new Set<string>();
  const values: Array<{ id: number; skeleton: string }> = [];
  for (const row of rows) {
    const skeleton = skeletonOf(row.username);
    if (seen.has(skeleton)) continue;
    seen.add(skeleton);
    values.push({ id: Number(row.id), skeleton });
  }
  for (let i = 0; i < values.length; i += 1000) {
    const batch = values.slice(i, i + 1000);
    await sql`update users set username_skeleton = v.skeleton
      from (values ${sql.join(batch.map((v) => sql`(${v.id}::bigint, ${v.skeleton})`))}) as v(id, skeleton)
      where users.id = v.id`.execute(db);
  }
  await db.schema
    .createIndex('users_username_skeleton_key')
    .unique()
    .on('users')
    .column('username_skeleton')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('users_username_skeleton_key').execute();
  await db.schema.alterTable('users').dropColumn('username_skeleton').execute();
}
