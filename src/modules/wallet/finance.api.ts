import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ServiceContext } from '../../platform/context.js';
import { ValidationError } from '../../platform/http/errors.js';
import { DateTime, errorResponses, IdParams, PageOf } from '../../platform/http/schemas.js';
import { describeReconciliationProblem } from './finance.present.js';
import {
  browseJournal,
  gatewayOrders,
  journalTransaction,
  reconciliation,
  trialBalance,
} from './finance.service.js';
import { parseStatementFilters } from './statement.rules.js';
import { FactsSchema, MoneySchema, StatementQuery, TrialBalanceSchema } from './wallet.schemas.js';

const tags = ['admin'];

const EntrySchema = Type.Object({
  id: Type.Integer(),
  accountId: Type.Integer(),
  accountKind: Type.String(),
  ownerUserId: Type.Union([Type.Integer(), Type.Null()]),
  ref: Type.String(),
  amount: MoneySchema,
  balanceAfter: MoneySchema,
});

const TransactionSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  idempotencyKey: Type.String(),
  memo: Type.Union([Type.String(), Type.Null()]),
  facts: Type.Union([FactsSchema, Type.Null()]),
  createdAt: DateTime,
  reversesTransactionId: Type.Union([Type.Integer(), Type.Null()]),
  reversedById: Type.Union([Type.Integer(), Type.Null()]),
  entries: Type.Array(EntrySchema),
});

export const JournalQuerySchema = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  kind: Type.Optional(Type.String({ maxLength: 40 })),
  account: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
  member: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
  from: Type.Optional(Type.String({ maxLength: 40 })),
  to: Type.Optional(Type.String({ maxLength: 40 })),
  timeZone: StatementQuery.properties.timeZone,
});

const OrderSchema = Type.Object({
  id: Type.Integer(),
  reference: Type.String(),
  userId: Type.Integer(),
  username: Type.String(),
  gateway: Type.String(),
  amount: MoneySchema,
  refunded: MoneySchema,
  status: Type.String(),
  externalId: Type.Union([Type.String(), Type.Null()]),
  ledgerTransactionId: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: DateTime,
  paidAt: Type.Union([DateTime, Type.Null()]),
});

const OrdersQuery = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  gateway: Type.Optional(Type.String({ maxLength: 32 })),
  status: Type.Optional(Type.String({ maxLength: 20 })),
});

const ReconciliationSchema = Type.Object({
  ordersChecked: Type.Integer(),
  topupsChecked: Type.Integer(),
  problems: Type.Array(
    Type.Object({
      problem: Type.String({ description: 'finance.problem.<problem> in the catalogues' }),
      orderId: Type.Union([Type.Integer(), Type.Null()]),
      transactionId: Type.Union([Type.Integer(), Type.Null()]),
      facts: Type.Record(Type.String(), Type.Unknown(), {
        description: 'What the difference is about, as data (amounts, members, gateways, status, kind)',
      }),
      detail: Type.String({ description: 'The facts in words, in the language of the request' }),
    }),
  ),
});

/** The journal's time and kind filters, judged like the statement's (422 naming the field). */
export function journalFilters(raw: {
  kind?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  timeZone?: string | undefined;
}) {
  const kind = raw.kind?.trim() || undefined;
  if (kind !== undefined && !/^[a-z][a-z_]{0,39}$/.test(kind)) {
    throw new ValidationError({ kind: { code: 'wallet.filter.kind_invalid' } });
  }
  const { from, to } = parseStatementFilters({ from: raw.from, to: raw.to, timeZone: raw.timeZone });
  return { kind, from, to };
}

/** Admin finance JSON: the trial balance, the journal, gateway orders and their reconciliation. */
export const financeApi: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get(
    '/api/v1/admin/ledger/trial-balance',
    {
      schema: {
        tags,
        summary: 'Debits and credits per currency over the whole journal; balanced must be true (admins)',
        response: { 200: TrialBalanceSchema, ...errorResponses(401, 403) },
      },
    },
    async (request) => trialBalance(ctx, request.actor),
  );

  app.get(
    '/api/v1/admin/ledger/transactions',
    {
      schema: {
        tags,
        summary: 'The journal, newest first; filter by kind, account id, member id and time (admins)',
        querystring: JournalQuerySchema,
        response: { 200: PageOf(TransactionSchema), ...errorResponses(401, 403, 422) },
      },
    },
    async (request) => {
      const { page, pageSize, account, member } = request.query;
      return browseJournal(ctx, request.actor, {
        ...journalFilters(request.query),
        accountId: account,
        userId: member,
        page,
        pageSize,
      });
    },
  );

  app.get(
    '/api/v1/admin/ledger/transactions/:id',
    {
      schema: {
        tags,
        summary: 'One ledger transaction with its entries and its reversal (admins)',
        params: IdParams,
        response: {
          200: Type.Object({ transaction: TransactionSchema }),
          ...errorResponses(401, 403, 404, 422),
        },
      },
    },
    async (request) => ({ transaction: await journalTransaction(ctx, request.actor, request.params.id) }),
  );

  app.get(
    '/api/v1/admin/payments/orders',
    {
      schema: {
        tags,
        summary: 'Gateway (top-up) orders with their ledger transaction, newest first (admins)',
        querystring: OrdersQuery,
        response: { 200: PageOf(OrderSchema), ...errorResponses(401, 403, 422) },
      },
    },
    async (request) => gatewayOrders(ctx, request.actor, request.query),
  );

  app.get(
    '/api/v1/admin/payments/reconciliation',
    {
      schema: {
        tags,
        summary: 'Gateway orders against the ledger: every difference listed; none when they agree (admins)',
        response: { 200: ReconciliationSchema, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const report = await reconciliation(ctx, request.actor);
      return {
        ...report,
        problems: report.problems.map((problem) => ({
          ...problem,
          detail: describeReconciliationProblem(problem, request.t, request.locale),
        })),
      };
    },
  );
};
