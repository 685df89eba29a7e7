import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ServiceContext } from '../../platform/context.js';
import { withIdempotency } from '../../platform/http/idempotency.js';
import { errorResponses, IdempotencyHeader, IdParams, PageOf } from '../../platform/http/schemas.js';
import { askExpert } from './ask.service.js';
import { getExpertPage, listExperts, setExpertProfile } from './expert-profile.service.js';
import {
  AnswerBody,
  AskBody,
  DecisionBody,
  DisputeBody,
  DisputeEnvelope,
  DisputeItem,
  DisputesQuery,
  ExpertBody,
  ExpertEnvelope,
  ExpertSchema,
  ExpertsQuery,
  PaidQuestionDetails,
  PaidQuestionEnvelope,
  PaidQuestionSchema,
  presentDispute,
  presentExpert,
  presentExpertPage,
  presentPaidQuestion,
  presentRating,
  presentUnlock,
  presentView,
  QueueQuery,
  RatingBody,
  RatingEnvelope,
  UnlockResult,
  UserIdParams,
} from './experts.schemas.js';
import { decideDisputeOf, openDispute, rateAnswer } from './feedback.service.js';
import {
  getPaidQuestion,
  listDisputesForModerators,
  listExpertQueue,
  listMyPaidQuestions,
} from './paid-questions.service.js';
import { answerPaidQuestion, declinePaidQuestion } from './settle.service.js';
import { unlockPaidAnswer } from './unlock.service.js';

const tags = ['experts'];
const ExpertPageSchema = Type.Object({
  expert: ExpertSchema,
  ratingDistribution: Type.Array(Type.Integer(), { description: 'Ratings with 1, 2, 3, 4 and 5 stars' }),
  answered: Type.Array(PaidQuestionSchema, { description: 'Public answered questions (answers locked)' }),
});

/** JSON routes of paid questions to experts (API.md "Paid knowledge"): parse, call one use case, present. */
export const expertsApi: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.put(
    '/api/v1/me/expert',
    {
      schema: {
        tags,
        summary: 'Opt in as an expert, or change your profile (price, deadline, tags, accepting)',
        body: ExpertBody,
        response: { 200: ExpertEnvelope, ...errorResponses(400, 401, 403, 422) },
      },
    },
    async (request) => ({ expert: presentExpert(await setExpertProfile(ctx, request.actor, request.body)) }),
  );

  app.get(
    '/api/v1/experts',
    {
      schema: {
        tags,
        summary: 'The expert directory, optionally by tag, with price and rating',
        querystring: ExpertsQuery,
        response: { 200: PageOf(ExpertSchema), ...errorResponses(400) },
      },
    },
    async (request) => {
      const page = await listExperts(ctx, request.query);
      return {
        items: page.items.map(presentExpert),
        total: page.total,
        page: page.page,
        pageSize: page.pageSize,
      };
    },
  );

  app.get(
    '/api/v1/experts/:userId',
    {
      schema: {
        tags,
        summary: 'One expert: profile, rating distribution, public answered questions',
        params: UserIdParams,
        response: { 200: ExpertPageSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => presentExpertPage(await getExpertPage(ctx, request.params.userId)),
  );

  app.post(
    '/api/v1/experts/:userId/questions',
    {
      config: { scope: 'money' },
      schema: {
        tags,
        summary: 'Ask an expert: their current price moves from your wallet into escrow',
        params: UserIdParams,
        headers: IdempotencyHeader,
        body: AskBody,
        response: { 201: PaidQuestionEnvelope, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      withIdempotency(ctx, request, reply, async ({ scopedKey }) => {
        const question = await askExpert(ctx, request.actor, request.params.userId, request.body, {
          requestKey: scopedKey,
        });
        return { status: 201, body: { paidQuestion: presentPaidQuestion(question) } };
      }),
  );

  app.get(
    '/api/v1/paid-questions/:id',
    {
      schema: {
        tags,
        summary: 'A paid question; the answer only for its asker, expert, unlockers and moderators',
        params: IdParams,
        response: { 200: PaidQuestionDetails, ...errorResponses(400, 404) },
      },
    },
    async (request) => presentView(await getPaidQuestion(ctx, request.actor, request.params.id)),
  );

  app.post(
    '/api/v1/paid-questions/:id/answer',
    {
      config: { scope: 'money' },
      schema: {
        tags,
        summary: 'The expert answers: the escrow is released to them, less commission',
        params: IdParams,
        headers: IdempotencyHeader,
        body: AnswerBody,
        response: { 200: PaidQuestionEnvelope, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      withIdempotency(ctx, request, reply, async () => {
        const question = await answerPaidQuestion(ctx, request.actor, request.params.id, request.body);
        return { status: 200, body: { paidQuestion: presentPaidQuestion(question) } };
      }),
  );

  app.post(
    '/api/v1/paid-questions/:id/decline',
    {
      config: { scope: 'money' },
      schema: {
        tags,
        summary: 'The expert declines: the asker is refunded in full',
        params: IdParams,
        headers: IdempotencyHeader,
        response: { 200: PaidQuestionEnvelope, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      withIdempotency(ctx, request, reply, async () => {
        const question = await declinePaidQuestion(ctx, request.actor, request.params.id);
        return { status: 200, body: { paidQuestion: presentPaidQuestion(question) } };
      }),
  );

  app.post(
    '/api/v1/paid-questions/:id/unlock',
    {
      config: { scope: 'money' },
      schema: {
        tags,
        summary: 'Pay the unlock price to read a public answer (a second unlock charges nothing)',
        params: IdParams,
        headers: IdempotencyHeader,
        response: {
          200: UnlockResult,
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) =>
      withIdempotency(ctx, request, reply, async () => {
        const outcome = await unlockPaidAnswer(ctx, request.actor, request.params.id);
        return {
          status: 200,
          body: {
            paidQuestion: presentPaidQuestion(outcome.question),
            unlock: presentUnlock(outcome.unlock),
            charged: outcome.charged,
          },
        };
      }),
  );

  app.post(
    '/api/v1/paid-questions/:id/rating',
    {
      schema: {
        tags,
        summary: 'The asker rates the answer: 1–5 stars and an optional review, within 7 days',
        params: IdParams,
        body: RatingBody,
        response: { 201: RatingEnvelope, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const rating = await rateAnswer(ctx, request.actor, request.params.id, request.body);
      return reply.status(201).send({ rating: presentRating(rating) });
    },
  );

  app.post(
    '/api/v1/paid-questions/:id/dispute',
    {
      schema: {
        tags,
        summary: 'The asker disputes an answer that does not answer, within 72 hours; a moderator decides',
        params: IdParams,
        body: DisputeBody,
        response: { 201: DisputeEnvelope, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const dispute = await openDispute(ctx, request.actor, request.params.id, request.body);
      return reply.status(201).send({ dispute: presentDispute(dispute) });
    },
  );

  app.post(
    '/api/v1/paid-questions/:id/dispute/decision',
    {
      config: { scope: 'money' },
      schema: {
        tags,
        summary: 'A moderator decides the dispute: refund (the release is mirrored back) or release',
        params: IdParams,
        headers: IdempotencyHeader,
        body: DecisionBody,
        response: { 200: DisputeEnvelope, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      withIdempotency(ctx, request, reply, async () => {
        const dispute = await decideDisputeOf(ctx, request.actor, request.params.id, request.body);
        return { status: 200, body: { dispute: presentDispute(dispute) } };
      }),
  );

  app.get(
    '/api/v1/me/expert/questions',
    {
      schema: {
        tags,
        summary: 'The expert’s queue: questions put to me (waiting ones by default, soonest deadline first)',
        querystring: QueueQuery,
        response: { 200: PageOf(PaidQuestionSchema), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const page = await listExpertQueue(ctx, request.actor, request.query);
      return { ...page, items: page.items.map(presentPaidQuestion) };
    },
  );

  app.get(
    '/api/v1/me/paid-questions',
    {
      schema: {
        tags,
        summary: 'The paid questions I asked, newest first',
        querystring: QueueQuery,
        response: { 200: PageOf(PaidQuestionSchema), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const page = await listMyPaidQuestions(ctx, request.actor, request.query);
      return { ...page, items: page.items.map(presentPaidQuestion) };
    },
  );

  app.get(
    '/api/v1/moderation/disputes',
    {
      schema: {
        tags,
        summary: 'Disputes for moderators (open ones by default, oldest first)',
        querystring: DisputesQuery,
        response: { 200: PageOf(DisputeItem), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const page = await listDisputesForModerators(ctx, request.actor, request.query);
      return {
        ...page,
        items: page.items.map((item) => ({
          dispute: presentDispute(item.dispute),
          paidQuestion: presentPaidQuestion(item.question),
        })),
      };
    },
  );
};
