import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ServiceContext } from '../../platform/context.js';
import { NotFoundError } from '../../platform/http/errors.js';
import { pageContextOf, sendPage } from '../../platform/http/pages.js';
import { IdParams } from '../../platform/http/schemas.js';
import { pageNumber } from '../../platform/views/widgets.js';
import { questionListPanels } from '../questions/index.js';
import { splitTagInput } from '../tags/index.js';
import type { SearchSort } from './search.port.js';
import { findQuestionSource } from './search.repository.js';
import { relatedQuestions, searchQuestions, searchSorts, similarQuestions } from './search.service.js';
import { RelatedList, RelatedPage, SimilarFragment } from './views/related.js';
import { SearchPage } from './views/search-page.js';

export const SEARCH_PAGE_SIZE = 15;

// Read leniently: a search page never answers 400 for what was typed; absurd lengths are cut.
const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 20_000 })),
  sort: Type.Optional(Type.String({ maxLength: 20 })),
  page: Type.Optional(Type.String({ maxLength: 10 })),
});

function sortOf(raw: string | undefined): SearchSort {
  return (searchSorts as readonly string[]).includes(raw ?? '') ? (raw as SearchSort) : 'relevance';
}

/** `/search`, the related-questions list of a question, and similar questions for the ask page. */
export const searchPages: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get('/search', { schema: { querystring: SearchQuery } }, async (request, reply) => {
    const q = request.query.q ?? '';
    const outcome = await searchQuestions(ctx, {
      q,
      sort: sortOf(request.query.sort),
      page: pageNumber(request.query.page),
      pageSize: SEARCH_PAGE_SIZE,
    });
    const panels = await questionListPanels(ctx, request.actor, outcome.items, 'search');
    const view = { ...pageContextOf(request, reply), now: ctx.clock.now() };
    return sendPage(reply, <SearchPage ctx={view} q={q.slice(0, 2_000)} outcome={outcome} panels={panels} />);
  });

  app.get(
    '/questions/:id/related',
    {
      schema: {
        params: IdParams,
        querystring: Type.Object({ fragment: Type.Optional(Type.String({ maxLength: 5 })) }),
      },
    },
    async (request, reply) => {
      const view = pageContextOf(request, reply);
      if (request.query.fragment || request.headers['hx-request']) {
        // The box under a deleted (or just removed) question shows "none" rather than an error.
        const items = await relatedQuestions(ctx, request.params.id).catch((error: unknown) => {
          if (error instanceof NotFoundError) return [];
          throw error;
        });
        return reply
          .header('cache-control', 'private, max-age=60')
          .html(<RelatedList ctx={view} items={items} empty="search.related.none" testId="related-list" />);
      }
      const items = await relatedQuestions(ctx, request.params.id);
      const source = await findQuestionSource(ctx.db, request.params.id);
      const slugged = { id: request.params.id, title: source?.title ?? '', slug: '' };
      return sendPage(reply, <RelatedPage ctx={view} question={slugged} items={items} />);
    },
  );

  app.get(
    '/search/similar',
    {
      schema: {
        querystring: Type.Object({
          title: Type.Optional(Type.String({ maxLength: 2_000 })),
          tags: Type.Optional(Type.String({ maxLength: 500 })),
        }),
      },
    },
    async (request, reply) => {
      const items = await similarQuestions(ctx, {
        title: request.query.title ?? '',
        tags: splitTagInput(request.query.tags ?? ''),
      });
      return reply
        .header('cache-control', 'no-store')
        .html(<SimilarFragment ctx={pageContextOf(request, reply)} items={items} />);
    },
  );
};
