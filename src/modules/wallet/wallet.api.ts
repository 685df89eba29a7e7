import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ServiceContext } from '../../platform/context.js';
import { ValidationError } from '../../platform/http/errors.js';
import { withIdempotency } from '../../platform/http/idempotency.js';
import { errorResponses, IdempotencyHeader, IdParams, PageOf } from '../../platform/http/schemas.js';
import { presentAdminPayout, presentPayout } from './payouts.present.js';
import {
  approvePayout,
  listMyPayouts,
  listPayoutsForAdmin,
  rejectPayout,
  requestPayout,
} from './payouts.service.js';
import {
  AdminPayoutSchema,
  AdminPayoutsQuery,
  CsvQuery,
  PayoutBody,
  PayoutSchema,
  StatementLineSchema,
  StatementQuery,
  WalletSchema,
} from './wallet.schemas.js';
import { exportStatementCsv, getWallet, listStatement } from './wallet.service.js';

const tags = ['wallet'];
const PayoutEnvelope = Type.Object({ payout: PayoutSchema });
const AdminPayoutEnvelope = Type.Object({ payout: AdminPayoutSchema });
const PayoutPage = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
});

/** The optional `{note}` of a rejection: the body may be absent (no schema, so none is required). */
function rejectInput(body: unknown): { note?: string } {
  if (body === undefined || body === null) return {};
  const note = typeof body === 'object' ? (body as Record<string, unknown>).note : undefined;
  if (note === undefined) return {};
  if (typeof note !== 'string') throw new ValidationError({ note: { code: 'validation.wrong_type' } });
  return { note };
}

/** JSON routes of API.md "Money" for wallets and payouts: parse, call one use case, present. */
export const walletApi: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get(
    '/api/v1/wallet',
    {
      schema: {
        tags,
        summary: 'Your balances, money held in escrow and payouts on their way',
        response: { 200: WalletSchema, ...errorResponses(401) },
      },
    },
    async (request) => getWallet(ctx, request.actor),
  );

  app.get(
    '/api/v1/wallet/entries',
    {
      schema: {
        tags,
        summary: 'Your wallet statement, newest first; filter by kind, currency and time',
        querystring: StatementQuery,
        response: { 200: PageOf(StatementLineSchema), ...errorResponses(401, 422) },
      },
    },
    async (request) => {
      const { page, pageSize, ...filters } = request.query;
      const { items, total } = await listStatement(ctx, request.actor, filters, { page, pageSize });
      return { items, total, page, pageSize };
    },
  );

  app.get(
    '/api/v1/wallet/entries.csv',
    {
      schema: {
        tags,
        summary: 'Your filtered wallet statement as CSV (at most the newest 10,000 lines)',
        querystring: CsvQuery,
        produces: ['text/csv'],
        response: { 200: Type.String(), ...errorResponses(401, 422) },
      },
    },
    async (request, reply) => {
      const csv = await exportStatementCsv(ctx, request.actor, request.query, request.t);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="statement.csv"')
        .header('cache-control', 'private, no-store')
        .send(csv);
    },
  );

  app.post(
    '/api/v1/payouts',
    {
      config: { scope: 'money', whileSuspended: true },
      schema: {
        tags,
        summary: 'Ask to withdraw money from your wallet to a destination at a gateway (Idempotency-Key)',
        headers: IdempotencyHeader,
        body: PayoutBody,
        response: { 201: PayoutEnvelope, ...errorResponses(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) =>
      withIdempotency(ctx, request, reply, async ({ scopedKey }) => {
        const payout = await requestPayout(ctx, request.actor, request.body, scopedKey);
        return { status: 201, body: { payout: presentPayout(payout) } };
      }),
  );

  app.get(
    '/api/v1/payouts',
    {
      schema: {
        tags,
        summary: 'Your payouts, newest first',
        querystring: PayoutPage,
        response: { 200: PageOf(PayoutSchema), ...errorResponses(401, 422) },
      },
    },
    async (request) => {
      const list = await listMyPayouts(ctx, request.actor, request.query);
      return { ...list, items: list.items.map(presentPayout) };
    },
  );

  app.get(
    '/api/v1/admin/payouts',
    {
      schema: {
        tags: ['admin'],
        summary: 'Every payout, optionally in one state (admins); requested ones oldest first',
        querystring: AdminPayoutsQuery,
        response: { 200: PageOf(AdminPayoutSchema), ...errorResponses(401, 403, 422) },
      },
    },
    async (request) => {
      const list = await listPayoutsForAdmin(ctx, request.actor, request.query);
      return { ...list, items: list.items.map((payout) => presentAdminPayout(payout, payout.username)) };
    },
  );

  app.post(
    '/api/v1/admin/payouts/:id/approve',
    {
      config: { scope: 'money' },
      schema: {
        tags: ['admin'],
        summary: 'Approve a requested payout; the transfer runs as a job (admins; Idempotency-Key)',
        headers: IdempotencyHeader,
        params: IdParams,
        response: { 200: AdminPayoutEnvelope, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      withIdempotency(ctx, request, reply, async () => {
        const payout = await approvePayout(ctx, request.actor, request.params.id);
        return { status: 200, body: { payout: presentAdminPayout(payout) } };
      }),
  );

  app.post(
    '/api/v1/admin/payouts/:id/reject',
    {
      config: { scope: 'money' },
      schema: {
        tags: ['admin'],
        summary:
          'Reject a requested payout; its money goes back to the wallet (admins; Idempotency-Key; optional body {note})',
        headers: IdempotencyHeader,
        params: IdParams,
        response: { 200: AdminPayoutEnvelope, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      withIdempotency(ctx, request, reply, async () => {
        const payout = await rejectPayout(ctx, request.actor, request.params.id, rejectInput(request.body));
        return { status: 200, body: { payout: presentAdminPayout(payout) } };
      }),
  );
};
