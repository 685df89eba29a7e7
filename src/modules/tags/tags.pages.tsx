import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ServiceContext } from '../../platform/context.js';
import { pageContextOf, sendPage } from '../../platform/http/pages.js';
import { pageNumber } from '../../platform/views/widgets.js';
import { normalizeTag, splitTagInput } from './tags.rules.js';
import { listTags } from './tags.service.js';
import { TagSuggestions } from './views/tag-suggestions.js';
import { type TagSort, TagsPage, tagSorts } from './views/tags-page.js';

const TAGS_PAGE_SIZE = 36;

const TagsQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  sort: Type.Optional(Type.String({ maxLength: 20 })),
  page: Type.Optional(Type.String({ maxLength: 10 })),
});

/** `/tags` (all tags) and the ask form's suggestions; a tag's own page is questions' (tag-page.pages). */
export const tagsPages: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get(
    '/tags',
    { schema: { querystring: TagsQuery }, config: { pageCache: true } },
    async (request, reply) => {
      const q = request.query.q?.trim() ?? '';
      const sort: TagSort = (tagSorts as readonly string[]).includes(request.query.sort ?? '')
        ? (request.query.sort as TagSort)
        : 'popular';
      const page = pageNumber(request.query.page);
      const list = await listTags(ctx, { q, sort }, { page, pageSize: TAGS_PAGE_SIZE });
      return sendPage(reply, <TagsPage ctx={pageContextOf(request, reply)} list={list} q={q} sort={sort} />);
    },
  );

  // Suggestions for the tag being typed on the ask/edit forms (htmx swaps them under the field).
  app.get(
    '/tags/suggest',
    { schema: { querystring: Type.Object({ tags: Type.Optional(Type.String({ maxLength: 500 })) }) } },
    async (request, reply) => {
      const typed = splitTagInput(request.query.tags ?? '');
      const partial = typed.at(-1) ?? '';
      const chosen = new Set(typed.slice(0, -1).map((tag) => normalizeTag(tag)));
      const list = partial
        ? await listTags(ctx, { q: partial, sort: 'popular' }, { page: 1, pageSize: 8 })
        : undefined;
      const suggestions = (list?.items ?? []).filter((tag) => !chosen.has(tag.name));
      // A valid tag nobody uses yet is created with the post: say so, rather than nothing.
      const wanted = normalizeTag(partial);
      const isNew =
        wanted !== undefined &&
        !chosen.has(wanted) &&
        !(list?.items ?? []).some((tag) => tag.name === wanted);
      return reply
        .header('cache-control', 'no-store')
        .html(
          <TagSuggestions
            ctx={pageContextOf(request, reply)}
            tags={suggestions}
            newTag={isNew ? wanted : undefined}
          />,
        );
    },
  );
};
