import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { ServiceContext } from '../../platform/context.js';
import { FormBody, formFailure } from '../../platform/http/forms.js';
import { pageContextOf, sendPage } from '../../platform/http/pages.js';
import { pageNumber, tagPath } from '../../platform/views/widgets.js';
import { openBountiesByQuestion } from '../bounties/index.js';
import { LIST_PAGE_SIZE, listQuestions, sortOf } from '../questions/index.js';
import { normalizeTag, splitTagInput } from './tags.rules.js';
import { describeTag, getTag, listTags } from './tags.service.js';
import { type DescriptionForm, TagPage } from './views/tag-page.js';
import { TagSuggestions } from './views/tag-suggestions.js';
import { type TagSort, TagsPage, tagSorts } from './views/tags-page.js';

const TAGS_PAGE_SIZE = 36;

const TagsQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  sort: Type.Optional(Type.String({ maxLength: 20 })),
  page: Type.Optional(Type.String({ maxLength: 10 })),
});
const TagQuery = Type.Object({
  sort: Type.Optional(Type.String({ maxLength: 20 })),
  page: Type.Optional(Type.String({ maxLength: 10 })),
  done: Type.Optional(Type.String({ maxLength: 20 })),
});
const TagParams = Type.Object({ tag: Type.String({ minLength: 1, maxLength: 100 }) });

function isModerator(request: FastifyRequest): boolean {
  return request.actor?.role === 'moderator' || request.actor?.role === 'admin';
}

/** `/tags` (all tags) and `/tags/:tag` (one tag's description and questions). */
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

  async function renderTag(
    request: FastifyRequest,
    reply: FastifyReply,
    input: { tag: string; sort?: string | undefined; page?: string | undefined },
    extra: { form?: DescriptionForm; saved?: boolean } = {},
    status = 200,
  ) {
    const tag = await getTag(ctx, input.tag);
    // One address per tag: `/tags/Python` and `/tags/%20python` lead to `/tags/python`.
    if (tag.name !== input.tag && request.method === 'GET') {
      const query = request.url.indexOf('?');
      return reply.redirect(`${tagPath(tag.name)}${query >= 0 ? request.url.slice(query) : ''}`, 301);
    }
    const sort = sortOf(input.sort);
    const page = pageNumber(input.page);
    const list = await listQuestions(ctx, { sort, tag: tag.name }, { page, pageSize: LIST_PAGE_SIZE });
    const bounties = await openBountiesByQuestion(
      ctx,
      list.items.map((item) => item.id),
    );
    const view = { ...pageContextOf(request, reply), now: ctx.clock.now() };
    return sendPage(
      reply,
      <TagPage
        ctx={view}
        tag={tag}
        list={list}
        sort={sort}
        bounties={bounties}
        canDescribe={isModerator(request)}
        {...extra}
      />,
      status,
    );
  }

  app.get(
    '/tags/:tag',
    { schema: { params: TagParams, querystring: TagQuery }, config: { pageCache: true } },
    async (request, reply) =>
      renderTag(
        request,
        reply,
        { tag: request.params.tag, ...request.query },
        { saved: request.query.done === 'described' },
      ),
  );

  app.post(
    '/tags/:tag/description',
    { schema: { params: TagParams, querystring: TagQuery, body: FormBody('description') } },
    async (request, reply) => {
      if (!request.actor) {
        return reply.redirect(`/login?next=${encodeURIComponent(tagPath(request.params.tag))}`, 303);
      }
      const description = request.body.description ?? '';
      try {
        const tag = await describeTag(ctx, request.actor, request.params.tag, { description });
        return reply.redirect(`${tagPath(tag.name)}?done=described`, 303);
      } catch (error) {
        const failure = formFailure(error, request);
        if (failure.status !== 422) throw error;
        const message = failure.fieldErrors.description ?? failure.message;
        return renderTag(
          request,
          reply,
          { tag: request.params.tag, ...request.query },
          { form: { value: description, error: message } },
          failure.status,
        );
      }
    },
  );
};
