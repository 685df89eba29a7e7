import { type Static, type TSchema, Type } from 'typebox';
import { DateTime } from '../../platform/http/schemas.js';
import type { Bounty, FeaturedBounty } from './bounties.repository.js';
import type { BountyDetails } from './bounties.service.js';

/** TypeBox schemas of the bounty API (API.md "Paid knowledge"), each with its type. */

const MoneyOut = Type.Object({
  amountMinor: Type.Integer({ description: 'Integer minor units (fen, cents)' }),
  currency: Type.String({ description: 'ISO 4217 code' }),
});

/** Money as a client sends it: loosely typed, so the use case names what is wrong (money.*). */
const MoneyIn = Type.Object(
  {
    amountMinor: Type.Number({ description: 'Integer minor units (fen, cents); positive' }),
    currency: Type.String({ description: 'ISO 4217 code: CNY or USD', maxLength: 8 }),
  },
  { additionalProperties: false },
);

export const OfferBody = Type.Object({ amount: MoneyIn }, { additionalProperties: false });
export type OfferBody = Static<typeof OfferBody>;

export const AwardBody = Type.Object(
  { answerId: Type.Number({ description: 'An answer of the bounty’s question' }) },
  { additionalProperties: false },
);

export const FeaturedQuery = Type.Object({
  sort: Type.Union([Type.Literal('amount'), Type.Literal('ending')], {
    default: 'amount',
    description: 'amount: largest first; ending: least time left first',
  }),
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
});

function Nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}

export const BountySchema = Type.Object({
  id: Type.Integer(),
  questionId: Type.Integer(),
  offererId: Type.Integer(),
  amount: MoneyOut,
  status: Type.Union(
    [Type.Literal('open'), Type.Literal('awarded'), Type.Literal('auto_awarded'), Type.Literal('refunded')],
    { description: 'open → awarded | auto_awarded | refunded' },
  ),
  startedAt: DateTime,
  endsAt: DateTime,
  graceEndsAt: DateTime,
  settledAt: Nullable(DateTime),
  settlement: Nullable(
    Type.Object(
      {
        answerId: Nullable(Type.Integer()),
        recipientId: Nullable(Type.Integer()),
        recipientReceived: MoneyOut,
        fee: MoneyOut,
        refunded: MoneyOut,
      },
      { description: 'Once settled: who received what (after commission), the commission, the refund' },
    ),
  ),
});
export type BountyJson = Static<typeof BountySchema>;

export const FeaturedBountySchema = Type.Object({
  ...BountySchema.properties,
  question: Type.Object({
    id: Type.Integer(),
    title: Type.String(),
    slug: Type.String(),
    answerCount: Type.Integer(),
  }),
});

export const BountyEnvelope = Type.Object({ bounty: BountySchema });
export const BountyDetailsEnvelope = Type.Object({
  bounty: BountySchema,
  question: Type.Object({ id: Type.Integer(), title: Type.String(), slug: Type.String() }),
});

export function presentBounty(bounty: Bounty) {
  const { currency } = bounty.amount;
  return {
    id: bounty.id,
    questionId: bounty.questionId,
    offererId: bounty.offererId,
    amount: bounty.amount,
    status: bounty.state,
    startedAt: bounty.startedAt,
    endsAt: bounty.endsAt,
    graceEndsAt: bounty.graceEndsAt,
    settledAt: bounty.settledAt,
    settlement:
      bounty.state === 'open'
        ? null
        : {
            answerId: bounty.awardedAnswerId,
            recipientId: bounty.recipientId,
            recipientReceived: { amountMinor: bounty.recipientAmount.amountMinor, currency },
            fee: { amountMinor: bounty.fee.amountMinor, currency },
            refunded: { amountMinor: bounty.refund.amountMinor, currency },
          },
  };
}

export function presentFeatured(bounty: FeaturedBounty) {
  return {
    ...presentBounty(bounty),
    question: {
      id: bounty.questionId,
      title: bounty.questionTitle,
      slug: bounty.questionSlug,
      answerCount: bounty.answerCount,
    },
  };
}

export function presentDetails(details: BountyDetails) {
  const { id, title, slug } = details.question;
  return { bounty: presentBounty(details.bounty), question: { id, title, slug } };
}
