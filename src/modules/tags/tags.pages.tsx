import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ServiceContext } from '../../platform/context.js';
import { pageContextOf, sendPage } from '../../platform/http/pages.js';
import { pageNumber } from '../../platform/views/widgets.js';
import { splitTagInput } from './tags.rules.js';
import { listTags, suggestTags } from './tags.service.js';
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
      const { suggestions, newTag } = await suggestTags(ctx, splitTagInput(request.query.tags ?? ''));
      return reply
        .header('cache-control', 'no-store')
        .html(<TagSuggestions ctx={pageContextOf(request, reply)} tags={suggestions} newTag={newTag} />);
    },
  );
};
