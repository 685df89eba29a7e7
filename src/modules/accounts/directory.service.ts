import type { Page, ServiceContext } from '../../platform/context.js';
import { ValidationError } from '../../platform/http/errors.js';
import { type PublicUser, toPublicUser } from './accounts.service.js';
import { findMembers, findMembersByIds, namePrefixPattern } from './directory.repository.js';
import { memberRankingSlot } from './directory.slots.js';

/** Members per page of the directory. */
export const DIRECTORY_PAGE_SIZE = 36;

export const directorySorts = ['reputation', 'new', 'tag'] as const;
export type DirectorySort = (typeof directorySorts)[number];

/** A name search is a prefix of at most this many characters. */
export const NAME_SEARCH_MAX = 50;

/** A member in the directory; by tag, with what they scored there and from how many answers. */
export interface DirectoryMember extends PublicUser {
  readonly tagScore?: { readonly score: number; readonly posts: number };
}

export interface DirectoryQuery {
  readonly sort: DirectorySort;
  readonly tag?: string | undefined;
  readonly q?: string | undefined;
  readonly page: number;
}

/** The name search as matched: NFKC, trimmed, lower case (as usernames are compared). */
export function nameSearchOf(q: string | undefined): string | undefined {
  const normalized = (q ?? '').normalize('NFKC').trim().toLowerCase();
  return normalized === '' ? undefined : normalized;
}

/**
 * One page of the members' directory: by reputation, newest, or by tag (a contributed ranking:
 * the most answer score in the tag), optionally only names starting with `q` (username or display
 * name, any script). `sort=tag` needs a tag; refusals name the field (422).
 */
export async function listMembers(
  ctx: ServiceContext,
  query: DirectoryQuery,
): Promise<Page<DirectoryMember> & { tag?: string }> {
  const search = nameSearchOf(query.q);
  if (search !== undefined && [...search].length > NAME_SEARCH_MAX)
    throw new ValidationError({ q: { code: 'validation.too_long', params: { max: NAME_SEARCH_MAX } } });
  const namePattern = search === undefined ? undefined : namePrefixPattern(search);
  const limit = DIRECTORY_PAGE_SIZE;
  const offset = (query.page - 1) * limit;
  const page = { page: query.page, pageSize: limit };
  if (query.sort !== 'tag') {
    const { items, total } = await findMembers(ctx.db, { sort: query.sort, namePattern, limit, offset });
    return { items: items.map(toPublicUser), total, ...page };
  }
  const tag = query.tag?.trim() ?? '';
  if (tag === '') throw new ValidationError({ tag: { code: 'validation.required' } });
  const ranking = ctx.extensions.list(memberRankingSlot).find((entry) => entry.sort === 'tag');
  if (!ranking) throw new ValidationError({ sort: { code: 'user.directory.sort_unavailable' } });
  const ranked = await ranking.rank({ ctx, tag, namePattern, limit, offset });
  const rows = new Map(
    (
      await findMembersByIds(
        ctx.db,
        ranked.items.map((item) => item.userId),
      )
    ).map((row) => [row.id, row]),
  );
  const items: DirectoryMember[] = [];
  for (const item of ranked.items) {
    const row = rows.get(item.userId);
    if (row) items.push({ ...toPublicUser(row), tagScore: { score: item.score, posts: item.posts } });
  }
  return { items, total: ranked.total, ...page, tag: ranked.tag };
}
