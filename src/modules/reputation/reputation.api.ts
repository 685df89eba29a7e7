import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ServiceContext } from '../../platform/context.js';
import { DateTime, errorResponses, IdParams, PageOf, PageQuery } from '../../platform/http/schemas.js';
import { PRIVILEGES } from './privileges.js';
import { listPrivileges } from './privileges.service.js';
import { reputationHistory } from './reputation.service.js';

const tags = ['reputation'];

const ReputationEventSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String({ description: 'The rule: question_upvoted, answer_accepted, imported, …' }),
  points: Type.Integer({ description: 'What the event did to the total, after the caps and the floor' }),
  undoes: Type.Union([Type.Integer(), Type.Null()], {
    description: 'The event this one takes back (a vote withdrawn, a post deleted), if any',
  }),
  postType: Type.Optional(Type.Union([Type.Literal('question'), Type.Literal('answer')])),
  postId: Type.Optional(Type.Integer()),
  createdAt: DateTime,
});

const PrivilegeSchema = Type.Object({
  name: Type.String({ description: `One of ${PRIVILEGES.join(', ')}` }),
  reputation: Type.Integer({ description: 'The reputation it needs (moderators and admins have them all)' }),
});

/** A member's reputation history and the privilege thresholds over the API. */
export const reputationApi: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get(
    '/api/v1/privileges',
    {
      schema: {
        tags,
        summary: 'The privileges and the reputation each needs, as in force here, lowest first',
        response: { 200: Type.Array(PrivilegeSchema) },
      },
    },
    async () => listPrivileges(ctx),
  );

  app.get(
    '/api/v1/users/:id/reputation',
    {
      schema: {
        tags,
        summary: 'A member’s reputation history, newest first',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: PageOf(ReputationEventSchema), ...errorResponses(404, 422) },
      },
    },
    async (request) => {
      const history = await reputationHistory(ctx, request.params.id, request.query);
      return {
        ...history,
        items: history.items.map((event) => ({
          id: event.id,
          kind: event.kind,
          points: event.applied,
          undoes: event.reverses,
          ...(event.postType && event.postId !== null
            ? { postType: event.postType, postId: event.postId }
            : {}),
          createdAt: event.createdAt,
        })),
      };
    },
  );
};
