import type { Page, ServiceContext } from '../../platform/context.js';
import { type Actor, requireActor } from '../../platform/http/auth.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import { renderMarkdown } from '../../platform/markdown/index.js';
import {
  countTags,
  findTagByName,
  findTags,
  type TagRecord,
  type TagSort,
  updateTagDescription,
} from './tags.repository.js';
import { normalizeTag } from './tags.rules.js';

const DESCRIPTION_MAX = 5_000;

/** Tags with their question counts, by popularity or name, optionally by prefix (autocomplete). */
export async function listTags(
  ctx: ServiceContext,
  filter: { q?: string | undefined; sort: TagSort },
  page: { page: number; pageSize: number },
): Promise<Page<TagRecord>> {
  const prefix = filter.q?.trim() ? (normalizeTag(filter.q) ?? filter.q.trim().toLowerCase()) : undefined;
  const [items, total] = await Promise.all([
    findTags(
      ctx.db,
      { prefix, sort: filter.sort },
      { limit: page.pageSize, offset: (page.page - 1) * page.pageSize },
    ),
    countTags(ctx.db, { prefix }),
  ]);
  return { items, total, page: page.page, pageSize: page.pageSize };
}

/** How many tags the ask form suggests for the word being typed. */
const SUGGESTIONS = 8;

/**
 * Suggestions for the last word of a tag field (`python, asy`): the most used tags it begins, less
 * the ones already chosen; and that word as a `newTag` when it is a valid tag nobody uses yet (it is
 * created with the post). No count: an autocomplete needs none.
 */
export async function suggestTags(
  ctx: ServiceContext,
  typed: readonly string[],
): Promise<{ suggestions: TagRecord[]; newTag: string | undefined }> {
  const partial = typed.at(-1) ?? '';
  if (!partial.trim()) return { suggestions: [], newTag: undefined };
  const chosen = new Set(typed.slice(0, -1).map((tag) => normalizeTag(tag)));
  const prefix = normalizeTag(partial) ?? partial.trim().toLowerCase();
  const wanted = normalizeTag(partial);
  const [popular, exact] = await Promise.all([
    findTags(ctx.db, { prefix, sort: 'popular' }, { limit: SUGGESTIONS, offset: 0 }),
    // Looked up by name: a rarely used tag may not be among the most used ones it begins.
    wanted && !chosen.has(wanted) ? findTagByName(ctx.db, wanted) : undefined,
  ]);
  return {
    suggestions: popular.filter((tag) => !chosen.has(tag.name)),
    newTag: wanted && !chosen.has(wanted) && !exact ? wanted : undefined,
  };
}

export async function getTag(ctx: ServiceContext, name: string): Promise<TagRecord> {
  const normalized = normalizeTag(name);
  const tag = normalized ? await findTagByName(ctx.db, normalized) : undefined;
  if (!tag) throw new NotFoundError('tag.not_found');
  return tag;
}

/** Moderators describe what a tag is for (Markdown, rendered once). */
export async function describeTag(
  ctx: ServiceContext,
  actor: Actor | null,
  name: string,
  input: { description: string },
): Promise<TagRecord> {
  const me = requireActor(actor);
  if (me.role !== 'moderator' && me.role !== 'admin') throw new ForbiddenError('tag.edit_forbidden');
  const text = input.description.replace(/\r\n?/g, '\n').trim();
  if ([...text].length > DESCRIPTION_MAX) {
    throw new ValidationError({
      description: { code: 'validation.too_long', params: { max: DESCRIPTION_MAX } },
    });
  }
  const normalized = normalizeTag(name);
  const updated = normalized
    ? await updateTagDescription(ctx.db, normalized, {
        text,
        html: renderMarkdown(text).html,
        by: me.userId,
        now: ctx.clock.now(),
      })
    : undefined;
  if (!updated) throw new NotFoundError('tag.not_found');
  return updated;
}
