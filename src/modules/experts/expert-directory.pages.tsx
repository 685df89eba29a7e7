import { randomUUID } from 'node:crypto';
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
import { withIdempotency } from '../../platform/http/idempotency.js';
import { pageContextOf, sendPage } from '../../platform/http/pages.js';
import { getMemberBalances } from '../ledger/index.js';
import { splitTagInput } from '../tags/index.js';
import { askExpert } from './ask.service.js';
import { getExpertPage, getMyExpertProfile, listExperts } from './expert-profile.service.js';
import { UserIdParams } from './pages.support.js';
import { type AskFormState, ExpertProfilePage } from './views/expert-profile.js';
import { ExpertsPage } from './views/experts-list.js';

const TagQuery = Type.Object({ tag: Type.Optional(Type.String({ maxLength: 100 })) });

/** The expert directory, an expert's profile and the ask form on it. */
export const expertDirectoryPages: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (
  app,
  { ctx },
) => {
  app.get('/experts', { schema: { querystring: TagQuery } }, async (request, reply) => {
    const list = await listExperts(ctx, { tag: request.query.tag, page: 1, pageSize: 100 });
    const isExpert = request.actor ? (await getMyExpertProfile(ctx, request.actor)) !== undefined : false;
    return sendPage(
      reply,
      <ExpertsPage
        ctx={pageContextOf(request, reply)}
        experts={list.items}
        tag={list.tag}
        isExpert={isExpert}
      />,
    );
  });

  async function renderProfile(
    request: FastifyRequest,
    reply: FastifyReply,
    userId: number,
    form?: AskFormState,
    status = 200,
  ) {
    const page = await getExpertPage(ctx, userId);
    const balances = request.actor ? (await getMemberBalances(ctx.db, request.actor.userId)).balances : [];
    return sendPage(
      reply,
      <ExpertProfilePage
        ctx={pageContextOf(request, reply)}
        page={page}
        balances={balances}
        idempotencyKey={randomUUID()}
        {...(form ? { form } : {})}
      />,
      status,
    );
  }

  app.get('/experts/:userId', { schema: { params: UserIdParams } }, async (request, reply) =>
    renderProfile(request, reply, request.params.userId),
  );

  // The ask form posts to the profile's own URL, so a refusal (too short, not enough money) leaves
  // the member on the page they were on, with what they typed; `/experts/:userId/questions` is the
  // address forms served before used.
  async function askRefused(request: FastifyRequest, reply: FastifyReply, error: unknown) {
    if (!shownOnForm(error, [401, 404])) throw error;
    const userId = idParam(request, 'userId');
    if (!request.actor) return toLogin(request, reply, `/experts/${userId}`);
    const { title, body, tags, visibility } = formValues(request);
    const failure = formFailure(error, request);
    return renderProfile(
      request,
      reply,
      userId,
      {
        values: { title: title ?? '', body: body ?? '', tags: tags ?? '', visibility: visibility ?? '' },
        fieldErrors: failure.fieldErrors,
        message: failure.message,
      },
      failure.status,
    );
  }

  const askRoute = {
    schema: {
      params: UserIdParams,
      body: FormBody('title', 'body', 'tags', 'visibility', 'idempotencyKey'),
    },
    config: { formRefusal: askRefused },
  };
  for (const path of ['/experts/:userId', '/experts/:userId/questions']) {
    app.post(path, askRoute, async (request, reply) => {
      const { userId } = request.params;
      if (!request.actor) return toLogin(request, reply, `/experts/${userId}`);
      const { title, body, tags, visibility } = request.body;
      try {
        return await withIdempotency(ctx, request, reply, async ({ scopedKey }) => {
          const question = await askExpert(
            ctx,
            request.actor,
            userId,
            {
              title: title ?? '',
              body: body ?? '',
              tags: splitTagInput(tags ?? ''),
              visibility: visibility ?? 'public',
            },
            { requestKey: scopedKey },
          );
          return { status: 303, location: `/paid-questions/${question.id}?done=asked` };
        });
      } catch (error) {
        return askRefused(request, reply, error);
      }
    });
  }
};
