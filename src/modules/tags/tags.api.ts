import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ServiceContext } from '../../platform/context.js';
import { DateTime, errorResponses, PageOf } from '../../platform/http/schemas.js';
import type { TagRecord } from './tags.repository.js';
import { describeTag, getTag, listTags } from './tags.service.js';

const tags = ['tags'];

export const TagSchema = Type.Object(
  {
    name: Type.String(),
    description: Type.String(),
    descriptionHtml: Type.String(),
    questionCount: Type.Integer(),
    updatedAt: DateTime,
  },
  { $id: 'Tag' },
);

const TagParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) });

function presentTag(tag: TagRecord) {
  return {
    name: tag.name,
    description: tag.description,
    descriptionHtml: tag.descriptionHtml,
    questionCount: tag.questionCount,
    updatedAt: tag.updatedAt,
  };
}

/** `GET /api/v1/tags?q=` (autocomplete and the tag list), one tag, and its description. */
export const tagsApi: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get(
    '/api/v1/tags',
    {
      schema: {
        tags,
        summary: 'Tags with question counts; `q` filters by prefix',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 100 })),
          sort: Type.Union([Type.Literal('popular'), Type.Literal('name')], { default: 'popular' }),
          page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
          pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
        }),
        response: { 200: PageOf(TagSchema), ...errorResponses(422) },
      },
    },
    async (request) => {
      const { q, sort, page, pageSize } = request.query;
      const result = await listTags(ctx, { q, sort }, { page, pageSize });
      return { ...result, items: result.items.map(presentTag) };
    },
  );

  app.get(
    '/api/v1/tags/:name',
    {
      schema: {
        tags,
        summary: 'One tag',
        params: TagParams,
        response: { 200: TagSchema, ...errorResponses(404, 422) },
      },
    },
    async (request) => presentTag(await getTag(ctx, request.params.name)),
  );

  app.put(
    '/api/v1/tags/:name/description',
    {
      schema: {
        tags,
        summary: 'Describe a tag (moderators)',
        params: TagParams,
        body: Type.Object(
          { description: Type.String({ maxLength: 50_000 }) },
          { additionalProperties: false },
        ),
        response: { 200: TagSchema, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => presentTag(await describeTag(ctx, request.actor, request.params.name, request.body)),
  );
};
