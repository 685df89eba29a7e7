import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { FormBody, formFailure, toLogin } from '../../platform/http/forms.js';
import { sendPage } from '../../platform/http/pages.js';
import { pageNumber, tagPath } from '../../platform/views/widgets.js';
import { describeTag, getTag } from '../tags/index.js';
import { type QuestionsPagesOptions, questionListPanels, viewContext } from './pages.support.js';
import { LIST_PAGE_SIZE } from './questions.pages.js';
import { isModerator } from './questions.policy.js';
import { listQuestions } from './questions.service.js';
import { sortOf } from './views/paths.js';
import { type DescriptionForm, TagPage } from './views/tag-page.js';

const TagQuery = Type.Object({
  sort: Type.Optional(Type.String({ maxLength: 20 })),
  page: Type.Optional(Type.String({ maxLength: 10 })),
  done: Type.Optional(Type.String({ maxLength: 20 })),
});
const TagParams = Type.Object({ tag: Type.String({ minLength: 1, maxLength: 100 }) });

/**
 * `/tags/:tag`: a tag's description (moderators edit it) above the list of its questions. It lives
 * with the question lists, so tags (below questions) never imports questions.
 */
export const tagPagePages: FastifyPluginAsyncTypebox<QuestionsPagesOptions> = async (app, { ctx }) => {
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
    const panels = await questionListPanels(ctx, request.actor, list.items, 'tag');
    return sendPage(
      reply,
      <TagPage
        ctx={viewContext(ctx, request, reply)}
        tag={tag}
        list={list}
        sort={sort}
        panels={panels}
        canDescribe={isModerator(request.actor)}
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
      if (!request.actor) return toLogin(request, reply, tagPath(request.params.tag));
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
