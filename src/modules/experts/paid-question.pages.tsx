import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../../platform/context.js';
import { FormBody, formFailure, problemOf, shownOnForm, toLogin } from '../../platform/http/forms.js';
import { withIdempotency } from '../../platform/http/idempotency.js';
import { pageContextOf, sendPage } from '../../platform/http/pages.js';
import { IdParams } from '../../platform/http/schemas.js';
import { getMemberBalances } from '../ledger/index.js';
import { decideDisputeOf, openDispute, rateAnswer } from './feedback.service.js';
import { DoneQuery, noticeOf, typedInteger } from './pages.support.js';
import { getPaidQuestion } from './paid-questions.service.js';
import { answerPaidQuestion, declinePaidQuestion } from './settle.service.js';
import { unlockPaidAnswer } from './unlock.service.js';
import { PaidQuestionPage } from './views/paid-question.js';

/** /paid-questions/:id and its actions (answer, decline, unlock, rate, dispute, decide): 303 back, or the page with the refusal. */
export const paidQuestionPages: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
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
    // Only the wallet balance (for a shortfall notice), not the whole wallet summary.
    const balances =
      request.actor && view.abilities.unlock
        ? (await getMemberBalances(ctx.db, request.actor.userId)).balances
        : [];
    return sendPage(
      reply,
      <PaidQuestionPage
        ctx={pageContextOf(request, reply)}
        view={view}
        balances={balances}
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
    options: { idempotent: boolean; backWhenShort?: boolean },
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
          if (!shownOnForm(error, [401, 404])) throw error;
          // Nothing was typed: back to the page (not the POST URL), which shows the shortfall and a top-up.
          if (options.backWhenShort && error.code === 'wallet.insufficient_funds') {
            return reply.redirect(`/paid-questions/${id}#answer-heading`, 303);
          }
          const failure = formFailure(error, request);
          const message = problemOf(failure);
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
    { idempotent: true, backWhenShort: true },
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
};
