import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ServiceContext } from '../../platform/context.js';
import { DateTime, errorResponses, IdParams } from '../../platform/http/schemas.js';
import { relatedQuestions, searchQuestions } from './search.service.js';

const tags = ['search'];

const Author = Type.Union([
  Type.Object({
    id: Type.Integer(),
    username: Type.String(),
    displayName: Type.String(),
    reputation: Type.Integer(),
  }),
  Type.Null(),
]);

const SearchHit = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  slug: Type.String(),
  tags: Type.Array(Type.String()),
  score: Type.Integer(),
  author: Author,
  answerCount: Type.Integer(),
  acceptedAnswerId: Type.Union([Type.Integer(), Type.Null()]),
  viewCount: Type.Integer(),
  createdAt: DateTime,
  titleHtml: Type.String({ description: 'The title, escaped, searched words in <mark>: safe to insert' }),
  snippetHtml: Type.String({ description: 'Text around the searched words, escaped, in <mark>: safe' }),
});

const RelatedItem = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  slug: Type.String(),
  score: Type.Integer(),
  answerCount: Type.Integer(),
  acceptedAnswerId: Type.Union([Type.Integer(), Type.Null()]),
});

/** `GET /api/v1/search?q=` and `GET /api/v1/questions/:id/related`. */
export const searchApi: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get(
    '/api/v1/search',
    {
      schema: {
        tags,
        summary: 'Search questions',
        description:
          '`q`: words (Chinese, English or mixed), "phrases", -excluded, [tag], -[tag], is:answered, ' +
          'is:unanswered, is:accepted, user:ID, score:N (or N..M), created:2024..2025 (years, months ' +
          'or days). Odd input never fails: unreadable filters are ignored and listed in `warnings`.',
        querystring: Type.Object({
          q: Type.String({ maxLength: 20_000, default: '' }),
          sort: Type.Union([Type.Literal('relevance'), Type.Literal('newest'), Type.Literal('votes')], {
            default: 'relevance',
          }),
          page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
          pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(SearchHit),
            total: Type.Integer({ description: 'Matching questions, counted up to 1,000' }),
            totalCapped: Type.Boolean({ description: 'More than `total` match ("1,000+")' }),
            page: Type.Integer(),
            pageSize: Type.Integer(),
            query: Type.String({ description: 'The query as understood' }),
            sort: Type.String(),
            relaxed: Type.Boolean({ description: 'No question held every word; these hold some' }),
            suggestion: Type.Union([Type.String(), Type.Null()], { description: 'Did you mean' }),
            warnings: Type.Array(Type.String()),
          }),
          ...errorResponses(422),
        },
      },
    },
    async (request) => {
      const { q, sort, page, pageSize } = request.query;
      const outcome = await searchQuestions(ctx, { q, sort, page, pageSize });
      return {
        items: outcome.items.map(({ text: _text, ...item }) => item),
        total: outcome.total,
        totalCapped: outcome.totalCapped,
        page: outcome.page,
        pageSize: outcome.pageSize,
        query: outcome.canonical,
        sort: outcome.sort,
        relaxed: outcome.relaxed,
        suggestion: outcome.suggestion ?? null,
        warnings: outcome.warnings,
      };
    },
  );

  app.get(
    '/api/v1/questions/:id/related',
    {
      schema: {
        tags,
        summary: 'Questions related to a question (same engine as search)',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(RelatedItem) }), ...errorResponses(404, 422) },
      },
    },
    async (request) => ({ items: await relatedQuestions(ctx, request.params.id) }),
  );
};
