import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { ServiceContext } from '../../platform/context.js';
import {
  FormBody,
  formFailure,
  problemOf,
  shownOnForm,
  toLogin,
  typedAmount,
} from '../../platform/http/forms.js';
import { withIdempotency } from '../../platform/http/idempotency.js';
import { pageContextOf, sendPage } from '../../platform/http/pages.js';
import { IdParams } from '../../platform/http/schemas.js';
import { pageNumber } from '../../platform/views/widgets.js';
import { awardBounty } from './award-bounty.service.js';
import type { FeaturedSort } from './bounties.repository.js';
import { getBounty, listFeaturedBounties, offerFormFor } from './bounties.service.js';
import { offerBounty } from './offer-bounty.service.js';
import { BountyPage, FeaturedPage, OfferPage } from './views/bounty-pages.js';
import { type BountyViewContext, LiveCountdown, type OfferFormState } from './views/bounty-slots.js';

/** Open bounties per page of /bounties. */
const FEATURED_PAGE_SIZE = 20;

const OfferQuery = Type.Object({
  amount: Type.Optional(Type.String({ maxLength: 30 })),
  currency: Type.Optional(Type.String({ maxLength: 10 })),
});

const FeaturedQuery = Type.Object({
  sort: Type.Optional(Type.String({ maxLength: 20 })),
  page: Type.Optional(Type.String({ maxLength: 10 })),
});

function viewContext(ctx: ServiceContext, request: FastifyRequest, reply: FastifyReply): BountyViewContext {
  return { ...pageContextOf(request, reply), now: ctx.clock.now() };
}

/** `?sort=` read leniently: anything unknown is the default (largest first). */
function featuredSort(raw: string | undefined): FeaturedSort {
  return raw === 'ending' ? 'ending' : 'amount';
}

/**
 * The featured list, one bounty, and the two forms (offer on a question, award to an answer) as
 * plain form posts: 303 back to the question on success; a refusal comes back on a page of its own
 * (the offer form with the problem beside the amount, or the bounty with the reason on top).
 */
export const bountiesPages: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get(
    '/bounties',
    { schema: { querystring: FeaturedQuery }, config: { pageCache: true } },
    async (request, reply) => {
      const sort = featuredSort(request.query.sort);
      const list = await listFeaturedBounties(ctx, {
        sort,
        page: pageNumber(request.query.page),
        pageSize: FEATURED_PAGE_SIZE,
      });
      return sendPage(reply, <FeaturedPage ctx={viewContext(ctx, request, reply)} list={list} sort={sort} />);
    },
  );

  app.get('/bounties/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const details = await getBounty(ctx, request.params.id);
    return sendPage(reply, <BountyPage ctx={viewContext(ctx, request, reply)} details={details} />);
  });

  // The banner's countdown, which htmx refreshes every minute.
  app.get('/bounties/:id/countdown', { schema: { params: IdParams } }, async (request, reply) => {
    const { bounty } = await getBounty(ctx, request.params.id);
    return sendPage(reply, <LiveCountdown ctx={viewContext(ctx, request, reply)} bounty={bounty} />);
  });

  async function renderOfferPage(
    request: FastifyRequest,
    reply: FastifyReply,
    questionId: number,
    form?: OfferFormState,
    status = 200,
  ) {
    const { question, panel } = await offerFormFor(ctx, request.actor, questionId);
    return sendPage(
      reply,
      <OfferPage ctx={viewContext(ctx, request, reply)} question={question} panel={panel} form={form} />,
      status,
    );
  }

  // `?amount=&currency=` fill the form in: where a refusal for want of money sends the member back.
  app.get(
    '/questions/:id/bounties/new',
    { schema: { params: IdParams, querystring: OfferQuery } },
    async (request, reply) => {
      if (!request.actor) return toLogin(request, reply);
      const { amount, currency } = request.query;
      const form = amount ? { values: { amount, currency: currency ?? '' } } : undefined;
      return renderOfferPage(request, reply, request.params.id, form);
    },
  );

  app.post(
    '/questions/:id/bounties',
    { schema: { params: IdParams, body: FormBody('amount', 'currency', 'idempotencyKey') } },
    async (request, reply) => {
      const questionId = request.params.id;
      if (!request.actor) return toLogin(request, reply, `/questions/${questionId}`);
      const { amount, currency } = request.body;
      try {
        return await withIdempotency(ctx, request, reply, async ({ scopedKey }) => {
          await offerBounty(
            ctx,
            request.actor,
            questionId,
            { amount: typedAmount(amount, currency) },
            scopedKey,
          );
          return { status: 303, location: `/questions/${questionId}#bounty` };
        });
      } catch (error) {
        if (!shownOnForm(error, [401])) throw error;
        if (error.code === 'wallet.insufficient_funds') {
          // Back to a page of its own (not the POST URL): it shows the shortfall and a top-up.
          const query = new URLSearchParams({ amount: amount ?? '', currency: currency ?? '' });
          return reply.redirect(`/questions/${questionId}/bounties/new?${query.toString()}`, 303);
        }
        const failure = formFailure(error, request);
        const form = {
          values: { amount: amount ?? '', currency: currency ?? '' },
          fieldErrors: failure.fieldErrors,
          message: failure.message,
        };
        return renderOfferPage(request, reply, questionId, form, failure.status);
      }
    },
  );

  app.post(
    '/bounties/:id/award',
    { schema: { params: IdParams, body: FormBody('answerId', 'idempotencyKey') } },
    async (request, reply) => {
      const bountyId = request.params.id;
      if (!request.actor) return toLogin(request, reply, `/bounties/${bountyId}`);
      const answerId = request.body.answerId ?? '';
      try {
        return await withIdempotency(ctx, request, reply, async () => {
          const bounty = await awardBounty(ctx, request.actor, bountyId, { answerId });
          return {
            status: 303,
            location: `/questions/${bounty.questionId}#answer-${bounty.awardedAnswerId}`,
          };
        });
      } catch (error) {
        if (!shownOnForm(error, [401])) throw error;
        const failure = formFailure(error, request);
        const details = await getBounty(ctx, bountyId);
        const alert = problemOf(failure);
        return sendPage(
          reply,
          <BountyPage ctx={viewContext(ctx, request, reply)} details={details} alert={alert} />,
          failure.status,
        );
      }
    },
  );
};
