import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ServiceContext } from '../../platform/context.js';
import { errorResponses } from '../../platform/http/schemas.js';
import { PublicUserSchema } from './accounts.schemas.js';
import { listMembers } from './directory.service.js';

const tags = ['users'];

const DirectoryQuerySchema = Type.Object({
  sort: Type.Union([Type.Literal('reputation'), Type.Literal('new'), Type.Literal('tag')], {
    default: 'reputation',
    description: 'reputation (highest first), new (newest first), tag (most answer score in `tag`)',
  }),
  tag: Type.Optional(Type.String({ maxLength: 100, description: 'Required with sort=tag' })),
  q: Type.Optional(
    Type.String({
      maxLength: 200,
      description: 'Username or display name starts with this (≤ 50 characters)',
    }),
  ),
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
});

const DirectoryMemberSchema = Type.Object({
  ...PublicUserSchema.properties,
  tagScore: Type.Optional(
    Type.Object(
      { score: Type.Integer(), answers: Type.Integer() },
      { description: 'With sort=tag: their answers’ summed score in the tag, and how many' },
    ),
  ),
});

const DirectoryResponse = Type.Object({
  items: Type.Array(DirectoryMemberSchema),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  tag: Type.Optional(Type.String({ description: 'With sort=tag: the tag as read (normalised)' })),
});

/** The members' directory over the API. */
export const directoryApi: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get(
    '/api/v1/users',
    {
      schema: {
        tags,
        summary: 'The members: by reputation, newest, or by answer score in a tag; filtered by name',
        querystring: DirectoryQuerySchema,
        response: { 200: DirectoryResponse, ...errorResponses(422) },
      },
    },
    async (request) => {
      const list = await listMembers(ctx, request.query);
      return {
        ...list,
        items: list.items.map(({ tagScore, ...member }) => ({
          ...member,
          ...(tagScore ? { tagScore: { score: tagScore.score, answers: tagScore.posts } } : {}),
        })),
      };
    },
  );
};
