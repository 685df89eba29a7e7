import { sql } from 'kysely';
import type { Db } from './accounts.repository.js';

/** A member as the directory shows them (no e-mail). */
export interface DirectoryRow {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  readonly reputation: number;
  readonly role: 'user' | 'moderator' | 'admin';
  readonly createdAt: Date;
}

const COLUMNS = [
  'id',
  'username',
  'display_name as displayName',
  'reputation',
  'role',
  'created_at as createdAt',
] as const;

/** `LIKE` pattern for a name prefix: lower case (as `username_key`), wildcards escaped. */
export function namePrefixPattern(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function members(db: Db, namePattern: string | undefined) {
  let query = db.selectFrom('users');
  // Two prefix indexes (migration 0026), one per name.
  if (namePattern !== undefined)
    query = query.where(({ or, eb }) =>
      or([eb('username_key', 'like', namePattern), eb(sql`lower(display_name)`, 'like', namePattern)]),
    );
  return query;
}

/** One page of members by reputation (highest first) or joining (newest first), and how many match. */
export async function findMembers(
  db: Db,
  options: { sort: 'reputation' | 'new'; namePattern?: string | undefined; limit: number; offset: number },
): Promise<{ items: DirectoryRow[]; total: number }> {
  let list = members(db, options.namePattern).select(COLUMNS);
  list =
    options.sort === 'reputation'
      ? list.orderBy('reputation', 'desc').orderBy('id')
      : list.orderBy('created_at', 'desc').orderBy('id', 'desc');
  const [items, count] = await Promise.all([
    list.limit(options.limit).offset(options.offset).execute(),
    members(db, options.namePattern).select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
  ]);
  return { items: items.map((row) => ({ ...row, id: Number(row.id) })), total: Number(count.total) };
}

/** The members with these ids (any order). */
export async function findMembersByIds(db: Db, ids: readonly number[]): Promise<DirectoryRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .select(COLUMNS)
    .where('id', 'in', [...ids])
    .execute();
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}
