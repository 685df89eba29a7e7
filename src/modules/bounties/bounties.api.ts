import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ServiceContext } from '../../platform/context.js';
import { withIdempotency } from '../../platform/http/idempotency.js';
import { errorResponses, IdempotencyHeader, IdParams, PageOf } from '../../platform/http/schemas.js';
import { awardBounty } from './award-bounty.service.js';
import {
  AwardBody,
  BountyDetailsEnvelope,
  BountyEnvelope,
  FeaturedBountySchema,
  FeaturedQuery,
  OfferBody,
  presentBounty,
  presentDetails,
  presentFeatured,
} from './bounties.schemas.js';
import { getBounty, listFeaturedBounties } from './bounties.service.js';
import { offerBounty } from './offer-bounty.service.js';

const tags = ['bounties'];
/** JSON routes of cash bounties (API.md "Paid knowledge"): parse, call one use case, present. */
export const bountiesApi: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.post(
    '/api/v1/questions/:id/bounties',
    {
      config: { scope: 'money' },
      schema: {
        tags,
        summary: 'Offer a bounty on a question: the amount moves from my wallet into escrow',
        description:
          'Refusals: 403 privilege.required (offer_bounty); 404 question.not_found; 409 bounty.question_closed, ' +
          'bounty.question_too_new, bounty.already_active, bounty.too_many_active, wallet.insufficient_funds; ' +
          '422 bounty.amount_too_small, bounty.amount_too_large, money.*.',
        params: IdParams,
        headers: IdempotencyHeader,
        body: OfferBody,
        response: { 201: BountyEnvelope, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      withIdempotency(ctx, request, reply, async ({ scopedKey }) => {
        const bounty = await offerBounty(ctx, request.actor, request.params.id, request.body, scopedKey);
        return { status: 201, body: { bounty: presentBounty(bounty) } };
      }),
  );

  app.post(
    '/api/v1/bounties/:id/award',
    {
      config: { scope: 'money' },
      schema: {
        tags,
        summary: 'Award my open bounty to an answer (not my own), during its 7 days or the grace period',
        description:
          'Refusals: 403 bounty.not_offerer; 404 bounty.not_found, answer.not_found; 409 bounty.already_awarded, ' +
          'bounty.already_refunded, bounty.award_closed, bounty.own_answer, bounty.answer_deleted; ' +
          '422 bounty.answer_required.',
        params: IdParams,
        headers: IdempotencyHeader,
        body: AwardBody,
        response: { 200: BountyEnvelope, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      withIdempotency(ctx, request, reply, async () => {
        const bounty = await awardBounty(ctx, request.actor, request.params.id, request.body);
        return { status: 200, body: { bounty: presentBounty(bounty) } };
      }),
  );

  app.get(
    '/api/v1/bounties',
    {
      schema: {
        tags,
        summary: 'Open bounties (the featured list), largest first or ending first',
        querystring: FeaturedQuery,
        response: { 200: PageOf(FeaturedBountySchema), ...errorResponses(422) },
      },
    },
    async (request) => {
      const page = await listFeaturedBounties(ctx, request.query);
      return { ...page, items: page.items.map(presentFeatured) };
    },
  );

  app.get(
    '/api/v1/bounties/:id',
    {
      schema: {
        tags,
        summary: 'One bounty: its state and, once settled, who received what',
        params: IdParams,
        response: { 200: BountyDetailsEnvelope, ...errorResponses(404, 422) },
      },
    },
    async (request) => presentDetails(await getBounty(ctx, request.params.id)),
  );
};
