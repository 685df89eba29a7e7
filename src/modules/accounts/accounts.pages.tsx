import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { ServiceContext } from '../../platform/context.js';
import { SESSION_COOKIE } from '../../platform/http/auth.js';
import { FormBody, formFailure, toLogin } from '../../platform/http/forms.js';
import { pageContextOf, sendPage } from '../../platform/http/pages.js';
import { safeLocalPath } from '../../platform/http/redirects.js';
import { IdParams } from '../../platform/http/schemas.js';
import { checkTimeZone, TIME_ZONE_COOKIE } from '../../platform/i18n/time-zone.js';
import { pageNumber } from '../../platform/views/widgets.js';
import {
  changePassword,
  getMe,
  getUser,
  logIn,
  registerUser,
  toPublicUser,
  updateProfile,
} from './accounts.service.js';
import { loadProfileTabs } from './profile.slots.js';
import { clearSessionCookie, clientOf, setSessionCookie } from './session-cookie.js';
import { endSession } from './sessions.service.js';
import { createAccessToken, listAccessTokens, revokeAccessToken } from './tokens.service.js';
import type { FormState } from './views/auth-forms.js';
import { LoginPage, RegisterPage } from './views/auth-forms.js';
import { ProfilePage } from './views/profile.js';
import { type SettingsNotice, SettingsPage, type SettingsProps } from './views/settings.js';

/** `?tab=` (a contributed tab's name; anything else opens the default) and `?page=` within it. */
const ProfileQuery = Type.Object({
  tab: Type.Optional(Type.String({ maxLength: 40 })),
  page: Type.Optional(Type.String({ maxLength: 10 })),
});
const NextQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })) });
const SettingsQuery = Type.Object({
  done: Type.Optional(
    Type.Union([
      Type.Literal('profile_saved'),
      Type.Literal('time_zone_saved'),
      Type.Literal('password_changed'),
      Type.Literal('token_revoked'),
    ]),
  ),
});

/** Pages for signing up, in and out, profiles and settings. They call the same use cases as the API. */
export const accountsPages: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  async function renderSettings(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Partial<Omit<SettingsProps, 'ctx' | 'user' | 'tokens' | 'now' | 'browserTimeZone'>> = {},
    status = 200,
  ) {
    const user = await getMe(ctx, request.actor);
    const tokens = await listAccessTokens(ctx, request.actor);
    return sendPage(
      reply,
      <SettingsPage
        ctx={pageContextOf(request, reply)}
        user={user}
        tokens={tokens.items}
        now={ctx.clock.now()}
        browserTimeZone={checkTimeZone(request.cookies[TIME_ZONE_COOKIE])?.name}
        {...extra}
      />,
      status,
    );
  }

  app.get('/register', { config: { pageCache: true } }, async (request, reply) => {
    if (request.actor) return reply.redirect('/', 303);
    return sendPage(reply, <RegisterPage ctx={pageContextOf(request, reply)} />);
  });

  app.post(
    '/register',
    { schema: { body: FormBody('username', 'email', 'password') } },
    async (request, reply) => {
      const values = { username: request.body.username ?? '', email: request.body.email ?? '' };
      try {
        const session = await registerUser(
          ctx,
          { ...values, password: request.body.password ?? '' },
          clientOf(request),
        );
        setSessionCookie(request, reply, session);
        return reply.redirect('/', 303);
      } catch (error) {
        const failure = formFailure(error, request);
        const form: FormState = { values, fieldErrors: failure.fieldErrors, message: failure.message };
        return sendPage(
          reply,
          <RegisterPage ctx={pageContextOf(request, reply)} form={form} />,
          failure.status,
        );
      }
    },
  );

  app.get(
    '/login',
    { schema: { querystring: NextQuery }, config: { pageCache: true } },
    async (request, reply) => {
      if (request.actor) return reply.redirect(safeLocalPath(request.query.next), 303);
      return sendPage(reply, <LoginPage ctx={pageContextOf(request, reply)} next={request.query.next} />);
    },
  );

  app.post(
    '/login',
    { schema: { body: FormBody('login', 'password', 'next') }, config: { whileSuspended: true } },
    async (request, reply) => {
      const values = { login: request.body.login ?? '' };
      try {
        const session = await logIn(
          ctx,
          { ...values, password: request.body.password ?? '' },
          clientOf(request),
        );
        setSessionCookie(request, reply, session);
        return reply.redirect(safeLocalPath(request.body.next), 303);
      } catch (error) {
        const failure = formFailure(error, request);
        const form: FormState = { values, fieldErrors: failure.fieldErrors, message: failure.message };
        return sendPage(
          reply,
          <LoginPage ctx={pageContextOf(request, reply)} form={form} next={request.body.next} />,
          failure.status,
        );
      }
    },
  );

  app.post('/logout', { config: { whileSuspended: true } }, async (request, reply) => {
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie) await endSession(ctx, cookie);
    clearSessionCookie(reply);
    return reply.redirect('/', 303);
  });

  app.get(
    '/users/:id',
    { schema: { params: IdParams, querystring: ProfileQuery }, config: { pageCache: true } },
    async (request, reply) => {
      const user = toPublicUser(await getUser(ctx, request.params.id));
      const { panels } = await loadProfileTabs(ctx, request.actor, user, {
        tab: request.query.tab,
        page: pageNumber(request.query.page),
      });
      return sendPage(reply, <ProfilePage ctx={pageContextOf(request, reply)} user={user} panels={panels} />);
    },
  );

  app.get('/settings', { schema: { querystring: SettingsQuery } }, async (request, reply) => {
    if (!request.actor) return toLogin(request, reply);
    return renderSettings(request, reply, { notice: request.query.done as SettingsNotice | undefined });
  });

  app.post('/settings/profile', { schema: { body: FormBody('displayName') } }, async (request, reply) => {
    if (!request.actor) return toLogin(request, reply);
    const displayName = request.body.displayName ?? '';
    try {
      await updateProfile(ctx, request.actor, { displayName });
      return reply.redirect('/settings?done=profile_saved', 303);
    } catch (error) {
      const failure = formFailure(error, request);
      return renderSettings(
        request,
        reply,
        {
          profileForm: {
            values: { displayName },
            fieldErrors: failure.fieldErrors,
            message: failure.message,
          },
        },
        failure.status,
      );
    }
  });

  app.post('/settings/time-zone', { schema: { body: FormBody('timeZone') } }, async (request, reply) => {
    if (!request.actor) return toLogin(request, reply);
    const timeZone = request.body.timeZone ?? '';
    try {
      await updateProfile(ctx, request.actor, { timeZone });
      return reply.redirect('/settings?done=time_zone_saved', 303);
    } catch (error) {
      const failure = formFailure(error, request);
      return renderSettings(
        request,
        reply,
        {
          timeZoneForm: { values: { timeZone }, fieldErrors: failure.fieldErrors, message: failure.message },
        },
        failure.status,
      );
    }
  });

  app.post(
    '/settings/password',
    { schema: { body: FormBody('currentPassword', 'newPassword') } },
    async (request, reply) => {
      if (!request.actor) return toLogin(request, reply);
      try {
        await changePassword(ctx, request.actor, {
          currentPassword: request.body.currentPassword ?? '',
          newPassword: request.body.newPassword ?? '',
        });
        return reply.redirect('/settings?done=password_changed', 303);
      } catch (error) {
        const failure = formFailure(error, request);
        return renderSettings(
          request,
          reply,
          { passwordForm: { fieldErrors: failure.fieldErrors, message: failure.message } },
          failure.status,
        );
      }
    },
  );

  app.post(
    '/settings/tokens',
    { schema: { body: FormBody('name', 'expiresInDays') } },
    async (request, reply) => {
      if (!request.actor) return toLogin(request, reply);
      const name = request.body.name ?? '';
      // Checkboxes: one value arrives as a string, several as an array; "read" is always on.
      const ticked = (request.body as { scopes?: unknown }).scopes;
      const scopes = ['read', ...(Array.isArray(ticked) ? ticked : ticked === undefined ? [] : [ticked])].map(
        String,
      );
      const expiry = request.body.expiresInDays ?? '';
      const values = { name, scopes: scopes.join(','), expiresInDays: expiry };
      try {
        const created = await createAccessToken(ctx, request.actor, {
          name,
          scopes,
          expiresInDays: expiry === '' ? undefined : Number(expiry),
        });
        return renderSettings(
          request,
          reply,
          { newToken: { name: created.name, token: created.token } },
          201,
        );
      } catch (error) {
        const failure = formFailure(error, request);
        return renderSettings(
          request,
          reply,
          { tokenForm: { values, fieldErrors: failure.fieldErrors, message: failure.message } },
          failure.status,
        );
      }
    },
  );

  app.post(
    '/settings/tokens/:id/revoke',
    { schema: { params: IdParams }, config: { whileSuspended: true } },
    async (request, reply) => {
      if (!request.actor) return toLogin(request, reply);
      await revokeAccessToken(ctx, request.actor, request.params.id);
      return reply.redirect('/settings?done=token_revoked', 303);
    },
  );
};
