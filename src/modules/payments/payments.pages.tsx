import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { ServiceContext } from '../../platform/context.js';
import { BadRequestError } from '../../platform/http/errors.js';
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
import { safeLocalPath } from '../../platform/http/redirects.js';
import { IdParams } from '../../platform/http/schemas.js';
import { DEV_CASHIER_PATH } from './gateways/dev.gateway.js';
import { devGatewayOf } from './gateways/index.js';
import { requestRefund } from './refunds.service.js';
import { createTopup, getTopup, listTopups, topupOptions } from './topups.service.js';
import { CashierPage } from './views/cashier.js';
import { OrderPage, type TopupFormState, TopupListPage, TopupPage } from './views/topup.js';

const ReferenceParams = Type.Object({ reference: Type.String({ pattern: '^[A-Za-z0-9_]{8,64}$' }) });
const TopupQuery = Type.Object({
  amount: Type.Optional(Type.String({ maxLength: 30 })),
  currency: Type.Optional(Type.String({ maxLength: 10 })),
  next: Type.Optional(Type.String({ maxLength: 2000 })),
});
const OrderQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })) });
const CashierQuery = Type.Object({ t: Type.Optional(Type.String({ maxLength: 2000 })) });

/** The top-up form, the member's orders and the return page; the dev gateway's cashier. */
export const paymentsPages: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  function renderTopup(
    request: FastifyRequest,
    reply: FastifyReply,
    form?: TopupFormState,
    status = 200,
    returnTo?: string,
  ) {
    const options = topupOptions(ctx);
    const currency = options.gateways[0]?.currencies[0] ?? 'CNY';
    return sendPage(
      reply,
      <TopupPage
        ctx={pageContextOf(request, reply)}
        gateways={options.gateways}
        min={{ amountMinor: options.minMinor, currency }}
        max={{ amountMinor: options.maxMinor, currency }}
        idempotencyKey={randomUUID()}
        returnTo={returnTo && safeLocalPath(returnTo) !== '/' ? safeLocalPath(returnTo) : undefined}
        {...(form ? { form } : {})}
      />,
      status,
    );
  }

  async function renderOrder(
    request: FastifyRequest,
    reply: FastifyReply,
    orderId: number,
    extra: { notice?: string; error?: string; returnTo?: string } = {},
    status = 200,
  ) {
    const details = await getTopup(ctx, request.actor, orderId);
    return sendPage(
      reply,
      <OrderPage ctx={pageContextOf(request, reply)} {...details} idempotencyKey={randomUUID()} {...extra} />,
      status,
    );
  }

  // `?amount=&currency=&next=` fill the form in: a shortfall notice links here with what is missing
  // and the page to come back to once paid.
  app.get('/wallet/topup', { schema: { querystring: TopupQuery } }, async (request, reply) => {
    if (!request.actor) return toLogin(request, reply);
    const { amount, currency, next } = request.query;
    const values = { ...(amount ? { amount } : {}), ...(currency ? { currency } : {}) };
    return renderTopup(request, reply, { values }, 200, next);
  });

  app.post(
    '/wallet/topup',
    {
      schema: { body: FormBody('amount', 'currency', 'gateway', 'next', 'idempotencyKey') },
      config: { whileSuspended: true },
    },
    async (request, reply) => {
      if (!request.actor) return toLogin(request, reply, '/wallet/topup');
      const { amount, currency, gateway, next } = request.body;
      try {
        return await withIdempotency(ctx, request, reply, async () => {
          const { payUrl } = await createTopup(
            ctx,
            request.actor,
            { amount: typedAmount(amount, currency), gateway: gateway ?? '' },
            { returnTo: next },
          );
          return { status: 303, location: payUrl };
        });
      } catch (error) {
        if (!shownOnForm(error, [409])) throw error;
        const failure = formFailure(error, request);
        const values = { amount: amount ?? '', currency: currency ?? '', gateway: gateway ?? '' };
        return renderTopup(
          request,
          reply,
          { values, fieldErrors: failure.fieldErrors, message: failure.message },
          failure.status,
          next,
        );
      }
    },
  );

  app.get('/wallet/topups', async (request, reply) => {
    if (!request.actor) return toLogin(request, reply);
    const list = await listTopups(ctx, request.actor, { page: 1, pageSize: 50 });
    return sendPage(reply, <TopupListPage ctx={pageContextOf(request, reply)} orders={list.items} />);
  });

  app.get(
    '/wallet/topups/:id',
    { schema: { params: IdParams, querystring: OrderQuery } },
    async (request, reply) => {
      if (!request.actor) return toLogin(request, reply);
      const next = request.query.next ? safeLocalPath(request.query.next) : '/';
      return renderOrder(request, reply, request.params.id, next === '/' ? {} : { returnTo: next });
    },
  );

  app.post(
    '/wallet/topups/:id/refunds',
    {
      schema: { params: IdParams, body: FormBody('amount', 'idempotencyKey') },
      config: { whileSuspended: true },
    },
    async (request, reply) => {
      const orderId = request.params.id;
      if (!request.actor) return toLogin(request, reply, `/wallet/topups/${orderId}`);
      try {
        return await withIdempotency(ctx, request, reply, async () => {
          const details = await getTopup(ctx, request.actor, orderId);
          const text = request.body.amount?.trim();
          const amount = text ? typedAmount(text, details.order.currency) : undefined;
          await requestRefund(ctx, request.actor, orderId, amount ? { amount } : {});
          return { status: 303, location: `/wallet/topups/${orderId}?refund=requested` };
        });
      } catch (error) {
        if (!shownOnForm(error, [404])) throw error;
        const failure = formFailure(error, request);
        const message = problemOf(failure);
        return renderOrder(request, reply, orderId, { error: message }, failure.status);
      }
    },
  );

  // The dev gateway's cashier: a stand-in for a provider's hosted payment page, inside the app.
  app.get(
    `${DEV_CASHIER_PATH}/:reference`,
    { schema: { params: ReferenceParams, querystring: CashierQuery } },
    async (request, reply) => {
      const dev = devGatewayOf(ctx.config);
      const checkout = dev?.readCheckoutToken(request.query.t ?? '', request.params.reference);
      if (!checkout) throw new BadRequestError('payments.cashier.invalid');
      const expired = ctx.clock.now() >= checkout.expiresAt;
      return sendPage(
        reply,
        <CashierPage
          ctx={pageContextOf(request, reply)}
          checkout={checkout}
          token={request.query.t ?? ''}
          expired={expired}
        />,
      );
    },
  );

  app.post(
    `${DEV_CASHIER_PATH}/:reference/pay`,
    { schema: { params: ReferenceParams, body: FormBody('t', 'outcome') }, config: { whileSuspended: true } },
    async (request, reply) => {
      const dev = devGatewayOf(ctx.config);
      const checkout = dev?.readCheckoutToken(request.body.t ?? '', request.params.reference);
      const outcome = request.body.outcome;
      if (!dev || !checkout || (outcome !== 'paid' && outcome !== 'failed')) {
        throw new BadRequestError('payments.cashier.invalid');
      }
      if (ctx.clock.now() >= checkout.expiresAt) throw new BadRequestError('payments.cashier.expired');
      // The provider calls the merchant's notify endpoint, signed; the app handles it like any other.
      const notice = dev.paymentNotice(checkout, outcome);
      const answer = await app.inject({
        method: 'POST',
        url: '/api/v1/payments/notify/dev',
        headers: notice.headers as Record<string, string>,
        payload: notice.rawBody,
      });
      if (answer.statusCode !== 200) {
        request.log.error({ status: answer.statusCode, body: answer.body }, 'dev cashier: notify refused');
      }
      return reply.redirect(checkout.returnPath, 303);
    },
  );
};
