import { type Static, Type } from 'typebox';
import { DateTime } from '../../platform/http/schemas.js';
import type { PaymentOrder, PaymentRefund } from './payments.repository.js';

/** TypeBox schemas of the top-up API (API.md "Money"), each with its type. */

/** `{"amountMinor": 10000, "currency": "CNY"}`. */
export const MoneyOut = Type.Object({
  amountMinor: Type.Integer({ description: 'Integer minor units (fen, cents)' }),
  currency: Type.String({ description: 'ISO 4217 code' }),
});

/**
 * Money as a client sends it: loosely typed on purpose, so the use case can name what is wrong
 * (money.invalid_amount for 1.5, money.not_positive, money.unknown_currency…) in one vocabulary.
 */
export const MoneyIn = Type.Object(
  {
    amountMinor: Type.Number({ description: 'Integer minor units (fen, cents); positive' }),
    currency: Type.String({ description: 'ISO 4217 code: CNY or USD', maxLength: 8 }),
  },
  { additionalProperties: false },
);

export const TopupBody = Type.Object(
  {
    amount: MoneyIn,
    gateway: Type.String({ description: 'dev, alipay or stripe (those this server offers)', maxLength: 40 }),
  },
  { additionalProperties: false },
);
export type TopupBody = Static<typeof TopupBody>;

export const RefundBody = Type.Object(
  { amount: Type.Optional(MoneyIn) },
  { additionalProperties: false, description: 'Without amount: everything still refundable' },
);
export type RefundBody = Static<typeof RefundBody>;

export const OrderSchema = Type.Object({
  id: Type.Integer(),
  reference: Type.String({ description: 'Our reference, as the gateway knows the payment' }),
  status: Type.Union([
    Type.Literal('created'),
    Type.Literal('paid'),
    Type.Literal('failed'),
    Type.Literal('expired'),
    Type.Literal('refunded'),
  ]),
  amount: MoneyOut,
  refunded: MoneyOut,
  gateway: Type.String(),
  payUrl: Type.Union([Type.String(), Type.Null()], {
    description: 'Where the payer pays (a path of this app for the dev gateway)',
  }),
  expiresAt: DateTime,
  paidAt: Type.Union([DateTime, Type.Null()]),
  createdAt: DateTime,
});
export type OrderJson = Static<typeof OrderSchema>;

export const RefundSchema = Type.Object({
  id: Type.Integer(),
  reference: Type.String(),
  orderId: Type.Integer(),
  status: Type.Union([
    Type.Literal('requested'),
    Type.Literal('pending'),
    Type.Literal('succeeded'),
    Type.Literal('failed'),
  ]),
  amount: MoneyOut,
  createdAt: DateTime,
  settledAt: Type.Union([DateTime, Type.Null()]),
});

export const TopupCreated = Type.Object({ order: OrderSchema, payUrl: Type.String() });
export const OrderEnvelope = Type.Object({
  order: OrderSchema,
  refunds: Type.Array(RefundSchema),
  refundable: MoneyOut,
});
export const RefundEnvelope = Type.Object({ refund: RefundSchema });

export const TopupOptionsSchema = Type.Object({
  gateways: Type.Array(Type.Object({ name: Type.String(), currencies: Type.Array(Type.String()) })),
  min: Type.Integer({ description: 'Smallest top-up in minor units' }),
  max: Type.Integer({ description: 'Largest top-up in minor units' }),
});

export function presentOrder(order: PaymentOrder) {
  return {
    id: order.id,
    reference: order.reference,
    status: order.status,
    amount: { amountMinor: order.amountMinor, currency: order.currency },
    refunded: { amountMinor: order.refundedMinor, currency: order.currency },
    gateway: order.gateway,
    payUrl: order.status === 'created' ? order.payUrl : null,
    expiresAt: order.expiresAt,
    paidAt: order.paidAt,
    createdAt: order.createdAt,
  };
}

export function presentRefund(refund: PaymentRefund) {
  return {
    id: refund.id,
    reference: refund.reference,
    orderId: refund.orderId,
    status: refund.status,
    amount: { amountMinor: refund.amountMinor, currency: refund.currency },
    createdAt: refund.createdAt,
    settledAt: refund.settledAt,
  };
}
