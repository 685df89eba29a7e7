import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ServiceContext } from '../../platform/context.js';
import { withIdempotency } from '../../platform/http/idempotency.js';
import {
  errorResponses,
  IdempotencyHeader,
  IdParams,
  PageOf,
  PageQuery,
} from '../../platform/http/schemas.js';
import { handleNotification } from './notifications.service.js';
import {
  OrderEnvelope,
  OrderSchema,
  presentOrder,
  presentRefund,
  RefundBody,
  RefundEnvelope,
  TopupBody,
  TopupCreated,
  TopupOptionsSchema,
} from './payments.schemas.js';
import { requestRefund } from './refunds.service.js';
import { createTopup, getTopup, listTopups, topupOptions } from './topups.service.js';

const tags = ['payments'];
/** JSON routes of top-ups (API.md "Money"): parse, call one use case, present. */
export const paymentsApi: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get(
    '/api/v1/wallet/topups/options',
    {
      schema: {
        tags,
        summary: 'The gateways offered for top-ups, the currencies each accepts, and the limits',
        response: { 200: TopupOptionsSchema },
      },
    },
    async () => {
      const options = topupOptions(ctx);
      return {
        gateways: options.gateways.map((gateway) => ({
          name: gateway.name,
          currencies: [...gateway.currencies],
        })),
        min: options.minMinor,
        max: options.maxMinor,
      };
    },
  );

  app.post(
    '/api/v1/wallet/topups',
    {
      config: { scope: 'money', whileSuspended: true },
      schema: {
        tags,
        summary: 'Start a top-up: an order, and the URL where the member pays it',
        headers: IdempotencyHeader,
        body: TopupBody,
        response: { 201: TopupCreated, ...errorResponses(400, 401, 403, 409, 422, 502) },
      },
    },
    async (request, reply) =>
      withIdempotency(ctx, request, reply, async () => {
        const { order, payUrl } = await createTopup(ctx, request.actor, request.body);
        return { status: 201, body: { order: presentOrder(order), payUrl } };
      }),
  );

  app.get(
    '/api/v1/wallet/topups',
    {
      schema: {
        tags,
        summary: 'My top-ups, newest first',
        querystring: PageQuery,
        response: { 200: PageOf(OrderSchema), ...errorResponses(401, 422) },
      },
    },
    async (request) => {
      const page = await listTopups(ctx, request.actor, request.query);
      return { ...page, items: page.items.map(presentOrder) };
    },
  );

  app.get(
    '/api/v1/wallet/topups/:id',
    {
      schema: {
        tags,
        summary: 'One of my top-ups, with its refunds',
        params: IdParams,
        response: { 200: OrderEnvelope, ...errorResponses(401, 404, 422) },
      },
    },
    async (request) => {
      const details = await getTopup(ctx, request.actor, request.params.id);
      return {
        order: presentOrder(details.order),
        refunds: details.refunds.map(presentRefund),
        refundable: details.refundable,
      };
    },
  );

  app.post(
    '/api/v1/wallet/topups/:id/refunds',
    {
      config: { scope: 'money', whileSuspended: true },
      schema: {
        tags,
        summary: 'Ask for unspent money of a paid top-up back through its gateway',
        params: IdParams,
        headers: IdempotencyHeader,
        body: Type.Union([RefundBody, Type.Null(), Type.Undefined()]),
        response: { 201: RefundEnvelope, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      withIdempotency(ctx, request, reply, async () => {
        const refund = await requestRefund(ctx, request.actor, request.params.id, request.body ?? {});
        return { status: 201, body: { refund: presentRefund(refund) } };
      }),
  );

  // Gateway notifications: server to server, proven by their signature (no cookie, no CSRF). The
  // signature covers the body exactly as sent, so this scope keeps bodies as raw text.
  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    scope.post(
      '/api/v1/payments/notify/:gateway',
      {
        config: { csrf: false },
        schema: {
          tags,
          summary:
            'Where gateways notify payments and refunds (dev: JSON; alipay: form; stripe: webhook JSON)',
          params: Type.Object({ gateway: Type.String({ maxLength: 32 }) }),
          response: {
            200: Type.String({
              description: 'The acknowledgement the gateway expects (success, {"received":true})',
            }),
            ...errorResponses(400, 404, 422),
          },
        },
      },
      async (request, reply) => {
        const ack = await handleNotification(ctx, request.params.gateway, {
          headers: request.headers,
          rawBody: typeof request.body === 'string' ? request.body : '',
        });
        return reply.status(200).type(ack.contentType).send(ack.body);
      },
    );
  });
};
