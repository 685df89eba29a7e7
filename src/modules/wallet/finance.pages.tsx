import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { ServiceContext } from '../../platform/context.js';
import { requireActor } from '../../platform/http/auth.js';
import { AppError } from '../../platform/http/errors.js';
import { FormBody, formFailure, problemOf, shownOnForm, toLogin } from '../../platform/http/forms.js';
import { withIdempotency } from '../../platform/http/idempotency.js';
import { pageContextOf, sendPage } from '../../platform/http/pages.js';
import { IdParams } from '../../platform/http/schemas.js';
import { pageNumber } from '../../platform/views/widgets.js';
import { journalFilters } from './finance.api.js';
import {
  browseJournal,
  gatewayOrders,
  journalTransaction,
  reconciliation,
  trialBalance,
} from './finance.service.js';
import { isPayoutState } from './payout.states.js';
import { approvePayout, listPayoutsForAdmin, rejectPayout } from './payouts.service.js';
import { statementLineRenderers } from './statement.present.js';
import {
  AdminPayoutsPage,
  JournalPage,
  OrdersPage,
  ReconciliationPage,
  TransactionPage,
  TrialBalancePage,
} from './views/finance.js';

const JournalPageQuery = Type.Object({
  page: Type.Optional(Type.String({ maxLength: 10 })),
  kind: Type.Optional(Type.String({ maxLength: 40 })),
  account: Type.Optional(Type.String({ maxLength: 20 })),
  member: Type.Optional(Type.String({ maxLength: 20 })),
  from: Type.Optional(Type.String({ maxLength: 40 })),
  to: Type.Optional(Type.String({ maxLength: 40 })),
});

/** A positive id typed into a filter, or undefined when empty; NaN (refused by the page) otherwise. */
function optionalId(raw: string | undefined): number | undefined {
  if (!raw?.trim()) return undefined;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n > 0 ? n : Number.NaN;
}

/** /admin/finance/*: trial balance, journal, payouts to review, gateway orders, reconciliation (admins). */
export const financePages: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.addHook('preHandler', async (request, reply) => {
    if (!request.url.startsWith('/admin/finance')) return;
    if (!request.actor) return toLogin(request, reply);
  });

  app.get('/admin/finance', async (request, reply) => {
    const trial = await trialBalance(ctx, request.actor);
    return sendPage(reply, <TrialBalancePage ctx={pageContextOf(request, reply)} trial={trial} />);
  });

  app.get('/admin/finance/journal', { schema: { querystring: JournalPageQuery } }, async (request, reply) => {
    requireActor(request.actor);
    const { page, ...filters } = request.query;
    const pageCtx = pageContextOf(request, reply);
    const renderers = statementLineRenderers(ctx.extensions, request.log);
    try {
      const accountId = optionalId(filters.account);
      const userId = optionalId(filters.member);
      if (Number.isNaN(accountId) || Number.isNaN(userId)) throw new AppError(422, 'request.invalid');
      const journal = await browseJournal(ctx, request.actor, {
        // Plain dates are the admin's days, as the page shows its times.
        ...journalFilters({ ...filters, timeZone: pageCtx.timeZone }),
        accountId,
        userId,
        page: pageNumber(page),
        pageSize: 25,
      });
      return sendPage(
        reply,
        <JournalPage ctx={pageCtx} journal={journal} filters={filters} renderers={renderers} />,
      );
    } catch (error) {
      const failure = formFailure(error, request);
      if (failure.status === 403) throw error;
      const message = problemOf(failure);
      return sendPage(
        reply,
        <JournalPage
          ctx={pageCtx}
          journal={undefined}
          filters={filters}
          renderers={renderers}
          error={message}
        />,
        failure.status,
      );
    }
  });

  app.get('/admin/finance/journal/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const transaction = await journalTransaction(ctx, request.actor, request.params.id);
    return sendPage(
      reply,
      <TransactionPage
        ctx={pageContextOf(request, reply)}
        transaction={transaction}
        renderers={statementLineRenderers(ctx.extensions, request.log)}
      />,
    );
  });

  /** The payouts to review, as the query asked for them, with a notice (a refused review) and its status. */
  async function renderPayouts(
    request: FastifyRequest,
    reply: FastifyReply,
    options: { status?: string; page?: string; confirm?: string; notice?: string; httpStatus?: number } = {},
  ) {
    const state = isPayoutState(options.status) ? options.status : undefined;
    const payouts = await listPayoutsForAdmin(ctx, request.actor, {
      status: state,
      page: pageNumber(options.page),
      pageSize: 25,
    });
    return sendPage(
      reply,
      <AdminPayoutsPage
        ctx={pageContextOf(request, reply)}
        payouts={payouts}
        status={state}
        newKey={randomUUID}
        notice={options.notice}
        confirm={options.confirm ? Number(options.confirm) : undefined}
      />,
      options.httpStatus ?? 200,
    );
  }

  app.get(
    '/admin/finance/payouts',
    {
      schema: {
        querystring: Type.Object({
          status: Type.Optional(Type.String({ maxLength: 20 })),
          page: Type.Optional(Type.String({ maxLength: 10 })),
          confirm: Type.Optional(Type.String({ maxLength: 20 })),
        }),
      },
    },
    async (request, reply) => renderPayouts(request, reply, request.query),
  );

  for (const action of ['approve', 'reject'] as const) {
    app.post(
      `/admin/finance/payouts/:id/${action}`,
      { schema: { params: IdParams, body: FormBody('idempotencyKey', 'note') } },
      async (request, reply) => {
        const { id } = request.params;
        try {
          return await withIdempotency(ctx, request, reply, async () => {
            if (action === 'approve') await approvePayout(ctx, request.actor, id);
            else await rejectPayout(ctx, request.actor, id, { note: request.body.note });
            return { status: 303, location: `/admin/finance/payouts#payout-${id}` };
          });
        } catch (error) {
          if (!shownOnForm(error, [401, 403])) throw error;
          return renderPayouts(request, reply, {
            notice: request.t(error.code, error.params),
            httpStatus: error.status,
          });
        }
      },
    );
  }

  app.get(
    '/admin/finance/orders',
    { schema: { querystring: Type.Object({ page: Type.Optional(Type.String({ maxLength: 10 })) }) } },
    async (request, reply) => {
      const orders = await gatewayOrders(ctx, request.actor, {
        page: pageNumber(request.query.page),
        pageSize: 25,
      });
      return sendPage(reply, <OrdersPage ctx={pageContextOf(request, reply)} orders={orders} />);
    },
  );

  app.get('/admin/finance/reconciliation', async (request, reply) => {
    const report = await reconciliation(ctx, request.actor);
    return sendPage(reply, <ReconciliationPage ctx={pageContextOf(request, reply)} report={report} />);
  });
};
