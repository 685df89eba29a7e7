import { type Static, Type } from 'typebox';
import { DateTime } from '../../platform/http/schemas.js';

/** TypeBox schemas of the wallet's JSON API (API.md "Money"), each with its type. */

/** `{"amountMinor": 10000, "currency": "CNY"}`: integer minor units and an ISO currency. */
export const MoneySchema = Type.Object(
  {
    amountMinor: Type.Integer({ description: 'Integer minor units (fen, cents)' }),
    currency: Type.String({ description: 'ISO 4217 code: CNY or USD', minLength: 3, maxLength: 3 }),
  },
  { additionalProperties: false },
);
export type MoneyJson = Static<typeof MoneySchema>;

export const WalletSchema = Type.Object({
  balances: Type.Array(MoneySchema, { description: 'Spendable money, one per currency' }),
  held: Type.Array(MoneySchema, { description: 'In escrow (holds), one per currency with some' }),
  pendingPayouts: Type.Array(MoneySchema, {
    description: 'Requested or approved payouts not yet paid, one per currency with some',
  }),
});

/** `?page&pageSize&kind&currency&from&to&timeZone`; the filters are judged by statement.rules.ts. */
export const StatementQuery = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  kind: Type.Optional(
    Type.String({ maxLength: 300, description: 'Transaction kinds, comma-separated (topup,payout…)' }),
  ),
  currency: Type.Optional(Type.String({ maxLength: 10 })),
  from: Type.Optional(Type.String({ maxLength: 40, description: 'YYYY-MM-DD or ISO date-time, inclusive' })),
  to: Type.Optional(
    Type.String({ maxLength: 40, description: 'YYYY-MM-DD (that whole day) or ISO date-time, exclusive' }),
  ),
  timeZone: Type.Optional(
    Type.String({
      maxLength: 64,
      description: 'IANA zone whose calendar days a YYYY-MM-DD from/to names (Asia/Shanghai); default UTC',
    }),
  ),
});

export const CsvQuery = Type.Object({
  kind: StatementQuery.properties.kind,
  currency: StatementQuery.properties.currency,
  from: StatementQuery.properties.from,
  to: StatementQuery.properties.to,
  timeZone: StatementQuery.properties.timeZone,
});

/** A statement line's facts: `what` it was and its named parameters (the pages render them in words). */
export const FactsSchema = Type.Object(
  { what: Type.String({ description: 'e.g. topup, bounty.awarded, paid_question.unlocked' }) },
  { additionalProperties: Type.Union([Type.String(), Type.Integer()]) },
);

export const StatementLineSchema = Type.Object({
  id: Type.Integer(),
  transactionId: Type.Integer(),
  kind: Type.String(),
  amount: MoneySchema,
  balanceAfter: MoneySchema,
  memo: Type.Union([Type.String(), Type.Null()]),
  facts: Type.Union([FactsSchema, Type.Null()]),
  createdAt: DateTime,
});

export const PayoutSchema = Type.Object({
  id: Type.Integer(),
  status: Type.String({ description: 'requested, approved, paid, failed or rejected' }),
  amount: MoneySchema,
  gateway: Type.String(),
  destination: Type.String(),
  createdAt: DateTime,
  reviewedAt: Type.Union([DateTime, Type.Null()]),
  settledAt: Type.Union([DateTime, Type.Null()]),
});

/** What an admin sees of a payout, besides the member's view: who asked, who reviewed, why it failed. */
export const AdminPayoutSchema = Type.Object({
  ...PayoutSchema.properties,
  userId: Type.Integer(),
  username: Type.Optional(Type.String()),
  reviewedBy: Type.Union([Type.Integer(), Type.Null()]),
  reviewNote: Type.Union([Type.String(), Type.Null()]),
  externalId: Type.Union([Type.String(), Type.Null()]),
  failure: Type.Union([Type.String(), Type.Null()]),
  requestTransactionId: Type.Integer(),
  settledTransactionId: Type.Union([Type.Integer(), Type.Null()]),
});

export const PayoutBody = Type.Object(
  {
    amount: MoneySchema,
    gateway: Type.String({ maxLength: 32, description: 'dev, alipay or stripe' }),
    destination: Type.String({
      maxLength: 200,
      description: 'The account at the gateway (Alipay login, Stripe connected account, any text for dev)',
    }),
  },
  { additionalProperties: false },
);

export const AdminPayoutsQuery = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  status: Type.Optional(
    Type.Union([
      Type.Literal('requested'),
      Type.Literal('approved'),
      Type.Literal('paid'),
      Type.Literal('failed'),
      Type.Literal('rejected'),
    ]),
  ),
});

export const TrialBalanceSchema = Type.Object({
  balanced: Type.Boolean(),
  totals: Type.Array(Type.Object({ currency: Type.String(), debits: MoneySchema, credits: MoneySchema })),
});
