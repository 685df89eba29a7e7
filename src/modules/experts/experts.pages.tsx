import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/http/errors.js';
import { FormBody, formFailure, toLogin, typedAmount } from '../../platform/http/forms.js';
import { withIdempotency } from '../../platform/http/idempotency.js';
import { pageContextOf, sendPage } from '../../platform/http/pages.js';
import { IdParams } from '../../platform/http/schemas.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { isCurrency, toDecimalString } from '../../platform/money.js';
import { splitTagInput } from '../tags/index.js';
import { askExpert } from './ask.service.js';
import {
  getExpertPage,
  getMyExpertProfile,
  listExperts,
  setExpertProfile,
} from './expert-profile.service.js';
import { decideDisputeOf, openDispute, rateAnswer } from './feedback.service.js';
import {
  getPaidQuestion,
  listDisputesForModerators,
  listExpertQueue,
  listMyPaidQuestions,
} from './paid-questions.service.js';
import { answerPaidQuestion, declinePaidQuestion } from './settle.service.js';
import { unlockPaidAnswer } from './unlock.service.js';
import { type AskFormState, ExpertProfilePage } from './views/expert-profile.js';
import { ExpertSettingsPage, type ExpertSettingsValues } from './views/expert-settings.js';
import { ExpertsPage } from './views/experts-list.js';
import { DisputesPage, MyQuestionsPage, QueuePage } from './views/lists.js';
import { PaidQuestionPage } from './views/paid-question.js';

const UserIdParams = Type.Object({ userId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });
const TagQuery = Type.Object({ tag: Type.Optional(Type.String({ maxLength: 100 })) });
const DoneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });
const QueueQuery = Type.Object({
  state: Type.Optional(Type.String({ maxLength: 20 })),
  done: Type.Optional(Type.String({ maxLength: 20 })),
});

/** Notices after a 303, named by `?done=` (a fixed list: nothing from the URL is shown). */
const NOTICES: Readonly<Record<string, MessageKey>> = {
  asked: 'paid_question.asked_notice',
  answered: 'paid_question.answered_notice',
  declined: 'paid_question.declined_notice',
  unlocked: 'paid_question.unlocked',
  rated: 'paid_question.rated_notice',
  disputed: 'paid_question.disputed_notice',
  decided: 'dispute.decided_notice',
  saved: 'expert.settings.saved',
};

function noticeOf(request: FastifyRequest, done: string | undefined): string | undefined {
  const key = done ? NOTICES[done] : undefined;
  return key ? request.t(key) : undefined;
}

/** A whole number typed into a form, or the text itself (the use case names it as invalid). */
function typedInteger(text: string | undefined): number | string | undefined {
  const trimmed = text?.trim() ?? '';
  if (trimmed === '') return undefined;
  return /^\d{1,6}$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** Is this a refusal a form shows beside itself (rather than the error page)? */
function shownOnForm(error: unknown): error is AppError {
  return error instanceof AppError && error.status < 500 && error.status !== 404 && error.status !== 401;
}

/** The expert directory and profiles, expert settings, paid question pages, the queue, disputes. */
export const expertsPages: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
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
    return sendPage(
      reply,
      <ExpertProfilePage
        ctx={pageContextOf(request, reply)}
        page={page}
        idempotencyKey={randomUUID()}
        {...(form ? { form } : {})}
      />,
      status,
    );
  }

  app.get('/experts/:userId', { schema: { params: UserIdParams } }, async (request, reply) =>
    renderProfile(request, reply, request.params.userId),
  );

  app.post(
    '/experts/:userId/questions',
    {
      schema: {
        params: UserIdParams,
        body: FormBody('title', 'body', 'tags', 'visibility', 'idempotencyKey'),
      },
    },
    async (request, reply) => {
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
        if (!shownOnForm(error)) throw error;
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
    },
  );

  async function renderSettings(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: {
      values?: ExpertSettingsValues;
      notice?: string;
      message?: string;
      fieldErrors?: Record<string, string>;
    },
    status = 200,
  ) {
    const mine = await getMyExpertProfile(ctx, request.actor);
    const values: ExpertSettingsValues =
      extra.values ??
      (mine
        ? {
            bio: mine.bio,
            tags: mine.tags.join(' '),
            price: toDecimalString(mine.price),
            currency: mine.price.currency,
            answerHours: String(mine.answerHours),
            accepting: mine.accepting,
          }
        : {
            bio: '',
            tags: '',
            price: '',
            currency: 'CNY',
            answerHours: String(ctx.config.experts.defaultAnswerHours),
            accepting: true,
          });
    const currency = isCurrency(values.currency) ? values.currency : 'CNY';
    return sendPage(
      reply,
      <ExpertSettingsPage
        ctx={pageContextOf(request, reply)}
        values={values}
        isExpert={mine !== undefined}
        min={{ amountMinor: ctx.config.experts.priceMinMinor, currency }}
        max={{ amountMinor: ctx.config.experts.priceMaxMinor, currency }}
        notice={extra.notice}
        message={extra.message}
        fieldErrors={extra.fieldErrors ?? {}}
      />,
      status,
    );
  }

  app.get('/me/expert', { schema: { querystring: DoneQuery } }, async (request, reply) => {
    if (!request.actor) return toLogin(request, reply, '/me/expert');
    const notice = noticeOf(request, request.query.done);
    return renderSettings(request, reply, notice ? { notice } : {});
  });

  app.post(
    '/me/expert',
    { schema: { body: FormBody('bio', 'tags', 'price', 'currency', 'answerHours', 'accepting') } },
    async (request, reply) => {
      if (!request.actor) return toLogin(request, reply, '/me/expert');
      const { bio, tags, price, currency, answerHours, accepting } = request.body;
      try {
        await setExpertProfile(ctx, request.actor, {
          bio: bio ?? '',
          tags: splitTagInput(tags ?? ''),
          price: typedAmount(price, currency, 'price'),
          answerHours: typedInteger(answerHours),
          accepting: accepting === 'on' || accepting === 'true',
        });
        return reply.redirect('/me/expert?done=saved', 303);
      } catch (error) {
        if (!shownOnForm(error)) throw error;
        const failure = formFailure(error, request);
        return renderSettings(
          request,
          reply,
          {
            values: {
              bio: bio ?? '',
              tags: tags ?? '',
              price: price ?? '',
              currency: currency ?? 'CNY',
              answerHours: answerHours ?? '',
              accepting: accepting === 'on' || accepting === 'true',
            },
            fieldErrors: failure.fieldErrors,
            ...(failure.message ? { message: failure.message } : {}),
          },
          failure.status,
        );
      }
    },
  );

  async function renderQuestion(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    extra: {
      notice?: string;
      error?: string;
      fieldErrors?: Record<string, string>;
      values?: Record<string, string>;
    } = {},
    status = 200,
  ) {
    const view = await getPaidQuestion(ctx, request.actor, id);
    return sendPage(
      reply,
      <PaidQuestionPage
        ctx={pageContextOf(request, reply)}
        view={view}
        keys={{ answer: randomUUID(), decline: randomUUID(), unlock: randomUUID(), decide: randomUUID() }}
        {...extra}
      />,
      status,
    );
  }

  app.get(
    '/paid-questions/:id',
    { schema: { params: IdParams, querystring: DoneQuery } },
    async (request, reply) => {
      const notice = noticeOf(request, request.query.done);
      return renderQuestion(request, reply, request.params.id, notice ? { notice } : {});
    },
  );

  /** Runs one action of the question page: 303 back to it, or the page again with the refusal. */
  function questionAction(
    path: string,
    fields: readonly string[],
    action: (
      request: FastifyRequest,
      id: number,
      body: Record<string, string | undefined>,
    ) => Promise<string>,
    options: { idempotent: boolean },
  ) {
    app.post(
      `/paid-questions/:id${path}`,
      { schema: { params: IdParams, body: FormBody(...fields, 'idempotencyKey') } },
      async (request, reply) => {
        const { id } = request.params;
        if (!request.actor) return toLogin(request, reply, `/paid-questions/${id}`);
        const body = request.body as Record<string, string | undefined>;
        try {
          if (!options.idempotent) return reply.redirect(await action(request, id, body), 303);
          return await withIdempotency(ctx, request, reply, async () => ({
            status: 303,
            location: await action(request, id, body),
          }));
        } catch (error) {
          if (!shownOnForm(error)) throw error;
          const failure = formFailure(error, request);
          const message = failure.message ?? Object.values(failure.fieldErrors).join(' ');
          const values = Object.fromEntries(fields.map((name) => [name, body[name] ?? '']));
          return renderQuestion(
            request,
            reply,
            id,
            { error: message, fieldErrors: failure.fieldErrors, values },
            failure.status,
          );
        }
      },
    );
  }

  questionAction(
    '/answer',
    ['body'],
    async (request, id, body) => {
      await answerPaidQuestion(ctx, request.actor, id, { body: body.body ?? '' });
      return `/paid-questions/${id}?done=answered`;
    },
    { idempotent: true },
  );
  questionAction(
    '/decline',
    [],
    async (request, id) => {
      await declinePaidQuestion(ctx, request.actor, id);
      return `/paid-questions/${id}?done=declined`;
    },
    { idempotent: true },
  );
  questionAction(
    '/unlock',
    [],
    async (request, id) => {
      await unlockPaidAnswer(ctx, request.actor, id);
      return `/paid-questions/${id}?done=unlocked`;
    },
    { idempotent: true },
  );
  questionAction(
    '/rating',
    ['stars', 'review'],
    async (request, id, body) => {
      const stars = typedInteger(body.stars);
      await rateAnswer(ctx, request.actor, id, { stars, review: body.review ?? '' });
      return `/paid-questions/${id}?done=rated`;
    },
    { idempotent: false },
  );
  questionAction(
    '/dispute',
    ['reason'],
    async (request, id, body) => {
      await openDispute(ctx, request.actor, id, { reason: body.reason ?? '' });
      return `/paid-questions/${id}?done=disputed`;
    },
    { idempotent: false },
  );
  questionAction(
    '/dispute/decision',
    ['outcome', 'note'],
    async (request, id, body) => {
      await decideDisputeOf(ctx, request.actor, id, { outcome: body.outcome ?? '', note: body.note ?? '' });
      return '/moderation/disputes?done=decided';
    },
    { idempotent: true },
  );

  app.get('/me/expert/questions', { schema: { querystring: QueueQuery } }, async (request, reply) => {
    if (!request.actor) return toLogin(request, reply, '/me/expert/questions');
    const state = request.query.state === 'all' ? 'all' : 'paid';
    const [queue, mine] = await Promise.all([
      listExpertQueue(ctx, request.actor, { state, page: 1, pageSize: 100 }),
      getMyExpertProfile(ctx, request.actor),
    ]);
    const declineKeys = Object.fromEntries(
      queue.items
        .filter((q) => q.state === 'paid' && q.deadlineAt > ctx.clock.now())
        .map((q) => [q.id, randomUUID()]),
    );
    return sendPage(
      reply,
      <QueuePage
        ctx={pageContextOf(request, reply)}
        questions={queue.items}
        state={state}
        isExpert={mine !== undefined}
        declineKeys={declineKeys}
        notice={noticeOf(request, request.query.done)}
      />,
    );
  });

  app.get('/me/paid-questions', async (request, reply) => {
    if (!request.actor) return toLogin(request, reply, '/me/paid-questions');
    const mine = await listMyPaidQuestions(ctx, request.actor, { page: 1, pageSize: 100 });
    return sendPage(reply, <MyQuestionsPage ctx={pageContextOf(request, reply)} questions={mine.items} />);
  });

  app.get('/moderation/disputes', { schema: { querystring: DoneQuery } }, async (request, reply) => {
    if (!request.actor) return toLogin(request, reply, '/moderation/disputes');
    const list = await listDisputesForModerators(ctx, request.actor, {
      state: 'open',
      page: 1,
      pageSize: 100,
    });
    const keys = Object.fromEntries(list.items.map((item) => [item.dispute.id, randomUUID()]));
    return sendPage(
      reply,
      <DisputesPage
        ctx={pageContextOf(request, reply)}
        items={list.items}
        keys={keys}
        notice={noticeOf(request, request.query.done)}
      />,
    );
  });
};
