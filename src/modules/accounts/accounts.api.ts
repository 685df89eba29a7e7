import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from 'typebox';
import type { ServiceContext } from '../../platform/context.js';
import { SESSION_COOKIE } from '../../platform/http/auth.js';
import { errorResponses, IdParams, PageQuery } from '../../platform/http/schemas.js';
import {
  ChangePasswordBody,
  CreatedTokenSchema,
  CreateTokenBody,
  LoginBody,
  MeResponse,
  PublicUserSchema,
  RegisterBody,
  SessionResponse,
  TokenListResponse,
  UpdateMeBody,
} from './accounts.schemas.js';
import {
  changePassword,
  getMe,
  getUser,
  logIn,
  registerUser,
  toPublicUser,
  updateProfile,
} from './accounts.service.js';
import { clearSessionCookie, clientOf, setSessionCookie } from './session-cookie.js';
import { endSession } from './sessions.service.js';
import { createAccessToken, listAccessTokens, revokeAccessToken } from './tokens.service.js';
import { userApiFieldSlot } from './user-api.slot.js';

const tags = ['accounts'];

/** JSON routes of API.md "Accounts". Each parses, calls one use case, and shapes the reply. */
export const accountsApi: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.post(
    '/api/v1/auth/register',
    {
      schema: {
        tags,
        summary: 'Create an account and sign in',
        body: RegisterBody,
        response: { 201: SessionResponse, ...errorResponses(400, 409, 413, 422, 429) },
      },
    },
    async (request, reply) => {
      const session = await registerUser(ctx, request.body, clientOf(request));
      setSessionCookie(request, reply, session);
      return reply.status(201).send({ user: toPublicUser(session.user), csrfToken: session.csrfToken });
    },
  );

  app.post(
    '/api/v1/auth/login',
    {
      config: { whileSuspended: true },
      schema: {
        tags,
        summary: 'Sign in with username or e-mail',
        body: LoginBody,
        response: { 200: SessionResponse, ...errorResponses(400, 401, 422, 429) },
      },
    },
    async (request, reply) => {
      const session = await logIn(ctx, request.body, clientOf(request));
      setSessionCookie(request, reply, session);
      return { user: toPublicUser(session.user), csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { whileSuspended: true },
      schema: { tags, summary: 'End this session', response: { 204: Type.Null(), ...errorResponses(403) } },
    },
    async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) await endSession(ctx, cookie);
      clearSessionCookie(reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/me',
    {
      schema: {
        tags,
        summary: 'The signed-in member',
        response: { 200: MeResponse, ...errorResponses(401) },
      },
    },
    async (request) => {
      const user = await getMe(ctx, request.actor);
      return { user: { ...toPublicUser(user), email: user.email, timeZone: user.timeZone } };
    },
  );

  app.patch(
    '/api/v1/me',
    {
      schema: {
        tags,
        summary: 'Update your display name or time zone (an unknown zone: 422 user.time_zone_unknown)',
        body: UpdateMeBody,
        response: { 200: MeResponse, ...errorResponses(400, 401, 403, 422) },
      },
    },
    async (request) => {
      const user = await updateProfile(ctx, request.actor, request.body);
      return { user: { ...toPublicUser(user), email: user.email, timeZone: user.timeZone } };
    },
  );

  app.post(
    '/api/v1/me/password',
    {
      config: { scope: 'session' },
      schema: {
        tags,
        summary: 'Change your password; ends your other sessions and revokes every token; needs a session',
        body: ChangePasswordBody,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 422, 429) },
      },
    },
    async (request, reply) => {
      await changePassword(ctx, request.actor, request.body);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/me/tokens',
    {
      config: { scope: 'session' },
      schema: {
        tags,
        summary: 'Create a personal access token (the secret is shown once); needs a session, not a token',
        body: CreateTokenBody,
        response: { 201: CreatedTokenSchema, ...errorResponses(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const created = await createAccessToken(ctx, request.actor, request.body);
      return reply.status(201).header('cache-control', 'no-store').send({
        id: created.id,
        name: created.name,
        scopes: created.scopes,
        expiresAt: created.expiresAt,
        token: created.token,
        createdAt: created.createdAt,
      });
    },
  );

  app.get(
    '/api/v1/me/tokens',
    {
      schema: {
        tags,
        summary: 'Your personal access tokens',
        querystring: PageQuery,
        response: { 200: TokenListResponse, ...errorResponses(401, 422) },
      },
    },
    async (request) => listAccessTokens(ctx, request.actor, request.query),
  );

  app.delete(
    '/api/v1/me/tokens/:id',
    {
      config: { whileSuspended: true },
      schema: {
        tags,
        summary: 'Revoke a token',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      await revokeAccessToken(ctx, request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );

  // Other modules' properties (userApiFieldSlot), each optional: `privileges` for oneself…
  const extraFields = ctx.extensions.list(userApiFieldSlot);
  const UserProfileSchema = Type.Object(
    {
      ...PublicUserSchema.properties,
      ...Object.fromEntries(extraFields.map((field) => [field.name, Type.Optional(field.schema)])),
    },
    { description: 'A member; other modules add their properties (privileges for oneself, …)' },
  );
  app.get(
    '/api/v1/users/:id',
    {
      schema: {
        tags,
        summary: 'A member’s public profile',
        params: IdParams,
        response: { 200: UserProfileSchema, ...errorResponses(404, 422) },
      },
    },
    async (request) => {
      const user = await getUser(ctx, request.params.id);
      const body: Record<string, unknown> = { ...toPublicUser(user) };
      for (const field of extraFields) {
        const value = await field.value({ ctx, viewer: request.actor, user });
        if (value !== undefined && !Object.hasOwn(body, field.name)) body[field.name] = value;
      }
      return body as Static<typeof UserProfileSchema>;
    },
  );
};
