import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { ServiceContext } from '../../platform/context.js';
import { FormBody, formFailure, shownOnForm, toLogin, typedAmount } from '../../platform/http/forms.js';
import { withIdempotency } from '../../platform/http/idempotency.js';
import { pageContextOf, sendPage } from '../../platform/http/pages.js';
import { CURRENCIES, type Currency } from '../../platform/money.js';
import { pageNumber } from '../../platform/views/widgets.js';
import { GATEWAY_NAMES } from '../payments/index.js';
import { payoutGatewayAvailable } from './payouts.jobs.js';
import { listMyPayouts, requestPayout } from './payouts.service.js';
import { statementLineRenderers } from './statement.present.js';
import type { RawStatementFilters } from './statement.rules.js';
import { type PayoutFormState, PayoutsPage, WalletPage } from './views/wallet-page.js';
import { getWallet, listStatement } from './wallet.service.js';

/** Statement lines per page on /wallet. */
const PAGE_SIZE = 25;

const WalletQuery = Type.Object({
  page: Type.Optional(Type.String({ maxLength: 10 })),
  kind: Type.Optional(Type.String({ maxLength: 300 })),
  currency: Type.Optional(Type.String({ maxLength: 10 })),
  from: Type.Optional(Type.String({ maxLength: 40 })),
  to: Type.Optional(Type.String({ maxLength: 40 })),
});

/** /wallet (balances, statement) and /wallet/payouts (request form, my payouts). */
export const walletPages: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get('/wallet', { schema: { querystring: WalletQuery } }, async (request, reply) => {
    if (!request.actor) return toLogin(request, reply);
    const { page, ...filters } = request.query;
    const wallet = await getWallet(ctx, request.actor);
    const pageCtx = pageContextOf(request, reply);
    const renderers = statementLineRenderers(ctx.extensions, request.log);
    try {
      // Plain dates are the reader's days, as the page shows its times.
      const statement = await listStatement(
        ctx,
        request.actor,
        { ...filters, timeZone: pageCtx.timeZone },
        {
          page: pageNumber(page),
          pageSize: PAGE_SIZE,
        },
      );
      return sendPage(
        reply,
        <WalletPage
          ctx={pageCtx}
          wallet={wallet}
          statement={statement}
          filters={filters}
          renderers={renderers}
        />,
      );
    } catch (error) {
      const failure = formFailure(error, request);
      return sendPage(
        reply,
        <WalletPage
          ctx={pageCtx}
          wallet={wallet}
          statement={undefined}
          filters={filters as RawStatementFilters}
          renderers={renderers}
          fieldErrors={failure.fieldErrors}
        />,
        failure.status,
      );
    }
  });

  async function renderPayouts(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { form?: PayoutFormState; notice?: string } = {},
    status = 200,
  ) {
    const wallet = await getWallet(ctx, request.actor);
    const payouts = await listMyPayouts(ctx, request.actor, { page: 1, pageSize: 50 });
    const minimums = (Object.keys(CURRENCIES) as Currency[]).map((currency) => ({
      amountMinor: ctx.config.payouts.minMinor[currency],
      currency,
    }));
    return sendPage(
      reply,
      <PayoutsPage
        ctx={pageContextOf(request, reply)}
        balances={wallet.balances}
        gateways={GATEWAY_NAMES.filter((name) => payoutGatewayAvailable(ctx, name))}
        minimums={minimums}
        payouts={payouts.items}
        idempotencyKey={randomUUID()}
        {...extra}
      />,
      status,
    );
  }

  app.get(
    '/wallet/payouts',
    { schema: { querystring: Type.Object({ requested: Type.Optional(Type.String({ maxLength: 20 })) }) } },
    async (request, reply) => {
      if (!request.actor) return toLogin(request, reply);
      const notice = request.query.requested ? request.t('payout.requested') : undefined;
      return renderPayouts(request, reply, notice ? { notice } : {});
    },
  );

  app.post(
    '/wallet/payouts',
    {
      schema: { body: FormBody('amount', 'currency', 'gateway', 'destination', 'idempotencyKey') },
      config: { whileSuspended: true },
    },
    async (request, reply) => {
      if (!request.actor) return toLogin(request, reply, '/wallet/payouts');
      const { amount, currency, gateway, destination } = request.body;
      try {
        return await withIdempotency(ctx, request, reply, async ({ scopedKey }) => {
          const payout = await requestPayout(
            ctx,
            request.actor,
            { amount: typedAmount(amount, currency), gateway: gateway ?? '', destination: destination ?? '' },
            scopedKey,
          );
          return { status: 303, location: `/wallet/payouts?requested=${payout.id}#payout-${payout.id}` };
        });
      } catch (error) {
        if (!shownOnForm(error, [401])) throw error;
        const failure = formFailure(error, request);
        const values = {
          amount: amount ?? '',
          currency: currency ?? '',
          gateway: gateway ?? '',
          destination: destination ?? '',
        };
        return renderPayouts(
          request,
          reply,
          { form: { values, fieldErrors: failure.fieldErrors, message: failure.message } },
          failure.status,
        );
      }
    },
  );
};
