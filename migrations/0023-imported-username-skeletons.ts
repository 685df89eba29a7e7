import { type Kysely, sql } from 'kysely';
import unhomoglyph from 'unhomoglyph';

/**
 * Members the importer wrote after 0019 got no confusable skeleton (it wrote users itself and left
 * the column out), so "аdmin" (Cyrillic а) could join beside an imported "admin". Each member
 * without one gets it now, in id order, unless another member already holds it (as 0019 did: the
 * older keeps the skeleton, the newer look-alike keeps its name without one). The formula is
 * frozen here as it was when this ran; accounts.rules.ts keeps the live one.
 */
function skeletonOf(username: string): string {
  return unhomoglyph(username.normalize('NFKC').normalize('NFD')).normalize('NFD').toLowerCase();
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{
    id: number;
    username: string;
  }>`select id, username from users where username_skeleton is null order by id`.execute(db);
  if (rows.length === 0) return;
  const held = await sql<{ skeleton: string }>`select username_skeleton as skeleton from users
    where username_skeleton is not null`.execute(db);
  const seen = new Set(held.rows.map((row) => row.skeleton));
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
}

/** Nothing to undo: the skeletons are what 0019 would have given these members. */
export async function down(): Promise<void> {}
