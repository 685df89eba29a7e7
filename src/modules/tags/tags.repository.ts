import { type Kysely, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

type Db = Kysely<DB>;

export interface TagRecord {
  id: number;
  name: string;
  description: string;
  descriptionHtml: string;
  questionCount: number;
  updatedAt: Date;
}

function toTag(row: {
  id: number;
  name: string;
  description: string;
  description_html: string;
  question_count: number;
  updated_at: Date;
}): TagRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    descriptionHtml: row.description_html,
    questionCount: row.question_count,
    updatedAt: row.updated_at,
  };
}

/**
 * Moves question counts when a question gains or loses tags, creating tags on first use.
 * Sorted so concurrent writers lock tag rows in the same order (no deadlocks).
 */
export async function adjustTagCounts(
  trx: Db,
  added: readonly string[],
  removed: readonly string[],
  now: Date,
): Promise<void> {
  for (const name of [...added].sort()) {
    await trx
      .insertInto('tags')
      .values({ name, question_count: 1, created_at: now, updated_at: now })
      .onConflict((oc) => oc.column('name').doUpdateSet({ question_count: sql`tags.question_count + 1` }))
      .execute();
  }
  if (removed.length > 0) {
    await trx
      .updateTable('tags')
      .set({ question_count: sql`greatest(question_count - 1, 0)` })
      .where('name', 'in', [...removed].sort())
      .execute();
  }
}

export type TagSort = 'popular' | 'name';

export async function findTags(
  db: Db,
  filter: { prefix?: string | undefined; sort: TagSort },
  page: { limit: number; offset: number },
): Promise<TagRecord[]> {
  let query = db.selectFrom('tags').selectAll();
  if (filter.prefix) query = query.where('name', 'like', `${escapeLike(filter.prefix)}%`);
  query =
    filter.sort === 'name' ? query.orderBy('name') : query.orderBy('question_count', 'desc').orderBy('name');
  const rows = await query.limit(page.limit).offset(page.offset).execute();
  return rows.map(toTag);
}

export async function countTags(db: Db, filter: { prefix?: string | undefined }): Promise<number> {
  let query = db.selectFrom('tags').select((eb) => eb.fn.countAll<number>().as('count'));
  if (filter.prefix) query = query.where('name', 'like', `${escapeLike(filter.prefix)}%`);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function findTagByName(db: Db, name: string): Promise<TagRecord | undefined> {
  const row = await db.selectFrom('tags').selectAll().where('name', '=', name).executeTakeFirst();
  return row && toTag(row);
}

export async function updateTagDescription(
  db: Db,
  name: string,
  description: { text: string; html: string; by: number; now: Date },
): Promise<TagRecord | undefined> {
  const row = await db
    .updateTable('tags')
    .set({
      description: description.text,
      description_html: description.html,
      updated_by: description.by,
      updated_at: description.now,
    })
    .where('name', '=', name)
    .returningAll()
    .executeTakeFirst();
  return row && toTag(row);
}

/** `like` treats % and _ as wildcards; a prefix typed by a member must not. */
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
