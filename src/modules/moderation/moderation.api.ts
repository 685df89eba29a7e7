import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ServiceContext } from '../../platform/context.js';
import { DateTime, errorResponses, IdParams, PageOf, PageQuery } from '../../platform/http/schemas.js';
import type { Suspension } from './moderation.repository.js';
import { liftSuspension, listModerationLog, suspendMember } from './moderation.service.js';

const tags = ['moderation'];

const SuspensionSchema = Type.Object({
  id: Type.Integer(),
  userId: Type.Integer(),
  moderatorId: Type.Integer(),
  reason: Type.String(),
  startsAt: DateTime,
  until: DateTime,
  liftedAt: Type.Union([DateTime, Type.Null()]),
  liftedBy: Type.Union([Type.Integer(), Type.Null()]),
});

const LogEntrySchema = Type.Object({
  id: Type.Integer(),
  actorId: Type.Union([Type.Integer(), Type.Null()], { description: 'Null: the server’s operator' }),
  action: Type.String({ description: 'suspend, lift, role' }),
  target: Type.Object({ kind: Type.String({ description: 'user' }), id: Type.Integer() }),
  reason: Type.Union([Type.String(), Type.Null()]),
  details: Type.Union([Type.String(), Type.Null()], {
    description: 'A suspension’s days (`7`); a role change (`user>moderator`)',
  }),
  createdAt: DateTime,
});

function present(suspension: Suspension) {
  return {
    id: suspension.id,
    userId: suspension.userId,
    moderatorId: suspension.moderatorId,
    reason: suspension.reason,
    startsAt: suspension.startsAt,
    until: suspension.endsAt,
    liftedAt: suspension.liftedAt,
    liftedBy: suspension.liftedBy,
  };
}

/** Suspending and lifting over the API, and the moderation log (moderators and admins). */
export const moderationApi: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.post(
    '/api/v1/moderation/users/:id/suspend',
    {
      schema: {
        tags,
        summary: 'Suspend a member for 1–365 days with a reason: they read but cannot write',
        params: IdParams,
        body: Type.Object({
          days: Type.Integer({ description: '1–365' }),
          reason: Type.String({ description: 'Shown to the member; at most 500 characters' }),
        }),
        response: {
          200: Type.Object({ suspension: SuspensionSchema }),
          ...errorResponses(401, 403, 404, 409, 422),
        },
      },
    },
    async (request) => ({
      suspension: present(await suspendMember(ctx, request.actor, request.params.id, request.body)),
    }),
  );

  app.post(
    '/api/v1/moderation/users/:id/lift',
    {
      schema: {
        tags,
        summary: 'End a member’s suspension early',
        params: IdParams,
        body: Type.Optional(Type.Object({ reason: Type.Optional(Type.String()) })),
        response: {
          200: Type.Object({ suspension: SuspensionSchema }),
          ...errorResponses(401, 403, 404, 409, 422),
        },
      },
    },
    async (request) => ({
      suspension: present(await liftSuspension(ctx, request.actor, request.params.id, request.body ?? {})),
    }),
  );

  app.get(
    '/api/v1/moderation/log',
    {
      schema: {
        tags,
        summary: 'Every moderator action, newest first (moderators and admins)',
        querystring: PageQuery,
        response: { 200: PageOf(LogEntrySchema), ...errorResponses(401, 403, 422) },
      },
    },
    async (request) => {
      const log = await listModerationLog(ctx, request.actor, request.query);
      return {
        ...log,
        items: log.items.map((entry) => ({
          id: entry.id,
          actorId: entry.actorId,
          action: entry.action,
          target: { kind: entry.targetKind, id: entry.targetId },
          reason: entry.reason,
          details: entry.details,
          createdAt: entry.createdAt,
        })),
      };
    },
  );
};
