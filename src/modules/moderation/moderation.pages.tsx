import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { ServiceContext } from '../../platform/context.js';
import {
  FormBody,
  formFailure,
  formValues,
  idParam,
  shownOnForm,
  toLogin,
} from '../../platform/http/forms.js';
import { pageContextOf, sendPage } from '../../platform/http/pages.js';
import { IdParams } from '../../platform/http/schemas.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { pageNumber } from '../../platform/views/widgets.js';
import {
  getMemberModeration,
  liftSuspension,
  listModerationLog,
  suspendMember,
} from './moderation.service.js';
import { MemberModerationPage, ModerationLogPage, type SuspendFormState } from './views/moderation-pages.js';

const NOTICES: Readonly<Record<string, MessageKey>> = {
  suspended: 'moderation.suspended_notice',
  lifted: 'moderation.lifted_notice',
};

/** A whole number typed into the form, or the text itself (the use case names it as invalid). */
function typedDays(text: string | undefined): number | string | undefined {
  const trimmed = text?.trim() ?? '';
  if (trimmed === '') return undefined;
  return /^\d{1,6}$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** The moderators' pages: a member's suspensions (suspend, lift) and the moderation log. */
export const moderationPages: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  async function renderMember(
    request: FastifyRequest,
    reply: FastifyReply,
    userId: number,
    form?: SuspendFormState,
    status = 200,
  ) {
    const view = await getMemberModeration(ctx, request.actor, userId);
    const done = (request.query as { done?: string } | undefined)?.done;
    const notice = done && NOTICES[done] ? request.t(NOTICES[done] as MessageKey) : undefined;
    return sendPage(
      reply,
      <MemberModerationPage
        ctx={pageContextOf(request, reply)}
        view={view}
        {...(form ? { form } : {})}
        notice={form ? undefined : notice}
      />,
      status,
    );
  }

  app.get(
    '/moderation/users/:id',
    {
      schema: {
        params: IdParams,
        querystring: Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) }),
      },
    },
    async (request, reply) => {
      if (!request.actor) return toLogin(request, reply);
      return renderMember(request, reply, request.params.id);
    },
  );

  async function suspendRefused(request: FastifyRequest, reply: FastifyReply, error: unknown) {
    if (!shownOnForm(error, [401, 403, 404])) throw error;
    const userId = idParam(request);
    const { days, reason } = formValues(request);
    const failure = formFailure(error, request);
    return renderMember(
      request,
      reply,
      userId,
      { days, reason, errors: failure.fieldErrors, message: failure.message },
      failure.status,
    );
  }

  app.post(
    '/moderation/users/:id/suspend',
    {
      schema: { params: IdParams, body: FormBody('days', 'reason') },
      config: { formRefusal: suspendRefused },
    },
    async (request, reply) => {
      if (!request.actor) return toLogin(request, reply, `/moderation/users/${request.params.id}`);
      try {
        await suspendMember(ctx, request.actor, request.params.id, {
          days: typedDays(request.body.days),
          reason: request.body.reason ?? '',
        });
      } catch (error) {
        return suspendRefused(request, reply, error);
      }
      return reply.redirect(`/moderation/users/${request.params.id}?done=suspended`, 303);
    },
  );

  app.post(
    '/moderation/users/:id/lift',
    { schema: { params: IdParams, body: FormBody('reason') } },
    async (request, reply) => {
      if (!request.actor) return toLogin(request, reply, `/moderation/users/${request.params.id}`);
      await liftSuspension(ctx, request.actor, request.params.id, { reason: request.body.reason ?? '' });
      return reply.redirect(`/moderation/users/${request.params.id}?done=lifted`, 303);
    },
  );

  app.get(
    '/moderation/log',
    { schema: { querystring: Type.Object({ page: Type.Optional(Type.String({ maxLength: 10 })) }) } },
    async (request, reply) => {
      if (!request.actor) return toLogin(request, reply);
      const log = await listModerationLog(ctx, request.actor, {
        page: pageNumber(request.query.page),
        pageSize: 30,
      });
      return sendPage(reply, <ModerationLogPage ctx={pageContextOf(request, reply)} log={log} />);
    },
  );
};
