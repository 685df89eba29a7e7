import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ServiceContext } from '../../platform/context.js';
import { formFailure, problemOf } from '../../platform/http/forms.js';
import { pageContextOf, sendPage } from '../../platform/http/pages.js';
import { pageNumber } from '../../platform/views/widgets.js';
import { type DirectorySort, directorySorts, listMembers } from './directory.service.js';
import { DirectoryPage, type DirectoryView } from './views/directory.js';

/** Read leniently, as `?sort=` is on every list: an unknown order is the default. */
const DirectoryPageQuery = Type.Object({
  sort: Type.Optional(Type.String({ maxLength: 20 })),
  tag: Type.Optional(Type.String({ maxLength: 100 })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  page: Type.Optional(Type.String({ maxLength: 10 })),
});

function sortOf(raw: string | undefined): DirectorySort {
  return (directorySorts as readonly string[]).includes(raw ?? '') ? (raw as DirectorySort) : 'reputation';
}

/** The members' directory page: the same use case as `GET /api/v1/users`. */
export const directoryPages: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get(
    '/users',
    { schema: { querystring: DirectoryPageQuery }, config: { pageCache: true } },
    async (request, reply) => {
      const sort = sortOf(request.query.sort);
      const tag = (request.query.tag ?? '').trim();
      const q = (request.query.q ?? '').trim();
      let view: DirectoryView = { sort, tag, q };
      let status = 200;
      // "By tag" without a tag yet: the prompt, no query.
      if (sort !== 'tag' || tag !== '') {
        try {
          const list = await listMembers(ctx, { sort, tag, q, page: pageNumber(request.query.page) });
          view = { ...view, tag: list.tag ?? tag, list };
        } catch (error) {
          const failure = formFailure(error, request);
          view = { ...view, problem: problemOf(failure) };
          status = failure.status;
        }
      }
      return sendPage(reply, <DirectoryPage ctx={pageContextOf(request, reply)} view={view} />, status);
    },
  );
};
