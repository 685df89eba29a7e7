import { type Static, Type } from 'typebox';
import { DateTime } from '../../platform/http/schemas.js';
import type { ExpertPage, ExpertSummary } from './expert-profile.service.js';
import type { Dispute, ExpertProfile, PaidQuestion, Person, Rating, Unlock } from './experts.repository.js';
import type { PaidQuestionView } from './paid-questions.service.js';

/** TypeBox schemas of the paid-knowledge API for experts (API.md "Paid knowledge"), each with its type. */

export const MoneyOut = Type.Object({
  amountMinor: Type.Integer({ description: 'Integer minor units (fen, cents)' }),
  currency: Type.String({ description: 'ISO 4217 code' }),
});

/** Money as sent: loose on purpose, so the use case names what is wrong in one vocabulary. */
export const MoneyIn = Type.Object(
  {
    amountMinor: Type.Number({ description: 'Integer minor units (fen, cents); positive' }),
    currency: Type.String({ description: 'ISO 4217 code: CNY or USD', maxLength: 8 }),
  },
  { additionalProperties: false },
);

const PersonSchema = Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Type.String() });

export const ExpertBody = Type.Object(
  {
    bio: Type.Optional(Type.String({ maxLength: 5000 })),
    tags: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20, description: '1–5 tags' }),
    price: MoneyIn,
    answerHours: Type.Optional(
      Type.Number({ description: '1–168 whole hours; default EXPERT_ANSWER_HOURS' }),
    ),
    accepting: Type.Optional(Type.Boolean({ description: 'Accepting new questions (default true)' })),
  },
  { additionalProperties: false },
);
export type ExpertBody = Static<typeof ExpertBody>;

export const ExpertSchema = Type.Object({
  userId: Type.Integer(),
  user: PersonSchema,
  bio: Type.String(),
  tags: Type.Array(Type.String()),
  price: MoneyOut,
  answerHours: Type.Integer(),
  accepting: Type.Boolean(),
  rating: Type.Object({
    count: Type.Integer(),
    average: Type.Union([Type.Number(), Type.Null()], { description: 'Mean stars to one decimal' }),
  }),
  answeredCount: Type.Integer(),
  updatedAt: DateTime,
});
export type ExpertJson = Static<typeof ExpertSchema>;

export const ExpertEnvelope = Type.Object({ expert: ExpertSchema });

export const ExpertsQuery = Type.Object({
  tag: Type.Optional(Type.String({ maxLength: 100 })),
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
});

export const AskBody = Type.Object(
  {
    title: Type.String({ maxLength: 1000 }),
    body: Type.String({ maxLength: 50_000 }),
    tags: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20 })),
    visibility: Type.Optional(Type.Union([Type.Literal('public'), Type.Literal('private')])),
  },
  { additionalProperties: false },
);

export const UserIdParams = Type.Object({
  userId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
});

const PaidQuestionState = Type.Union([
  Type.Literal('paid'),
  Type.Literal('answered'),
  Type.Literal('declined'),
  Type.Literal('expired'),
  Type.Literal('refunded'),
]);

const DisputeSchema = Type.Object({
  id: Type.Integer(),
  paidQuestionId: Type.Integer(),
  reason: Type.String(),
  state: Type.Union([Type.Literal('open'), Type.Literal('refunded'), Type.Literal('released')]),
  decisionNote: Type.Union([Type.String(), Type.Null()]),
  createdAt: DateTime,
  decidedAt: Type.Union([DateTime, Type.Null()]),
});

const RatingSchema = Type.Object({
  stars: Type.Integer({ minimum: 1, maximum: 5 }),
  review: Type.Union([Type.String(), Type.Null()]),
  createdAt: DateTime,
});

export const PaidQuestionSchema = Type.Object({
  id: Type.Integer(),
  status: PaidQuestionState,
  asker: PersonSchema,
  expert: PersonSchema,
  title: Type.String(),
  body: Type.String(),
  bodyHtml: Type.String({ description: 'Safe to insert into a page' }),
  tags: Type.Array(Type.String()),
  visibility: Type.Union([Type.Literal('public'), Type.Literal('private')]),
  price: MoneyOut,
  deadlineAt: DateTime,
  answer: Type.Union(
    [Type.Object({ body: Type.String(), bodyHtml: Type.String(), answeredAt: DateTime }), Type.Null()],
    { description: 'Only for the asker, the expert, members who unlocked it, and moderators' },
  ),
  answered: Type.Boolean(),
  answeredAt: Type.Union([DateTime, Type.Null()]),
  unlockCount: Type.Integer(),
  createdAt: DateTime,
});
export type PaidQuestionJson = Static<typeof PaidQuestionSchema>;

export const PaidQuestionEnvelope = Type.Object({ paidQuestion: PaidQuestionSchema });

export const PaidQuestionDetails = Type.Object({
  paidQuestion: PaidQuestionSchema,
  unlocked: Type.Boolean({ description: 'The caller paid to unlock it' }),
  unlockPrice: MoneyOut,
  rating: Type.Union([RatingSchema, Type.Null()]),
  dispute: Type.Union([DisputeSchema, Type.Null()], { description: 'Only for asker, expert and moderators' }),
  abilities: Type.Object({
    answer: Type.Boolean(),
    decline: Type.Boolean(),
    unlock: Type.Boolean(),
    rate: Type.Boolean(),
    dispute: Type.Boolean(),
    decide: Type.Boolean(),
  }),
});

export const UnlockResult = Type.Object({
  paidQuestion: PaidQuestionSchema,
  unlock: Type.Object({ id: Type.Integer(), price: MoneyOut, createdAt: DateTime }),
  charged: Type.Boolean({ description: 'False when the caller had unlocked it before: nothing was charged' }),
});

export const AnswerBody = Type.Object(
  { body: Type.String({ maxLength: 50_000 }) },
  { additionalProperties: false },
);
export const RatingBody = Type.Object(
  { stars: Type.Number({ description: '1..5' }), review: Type.Optional(Type.String({ maxLength: 5000 })) },
  { additionalProperties: false },
);
export const RatingEnvelope = Type.Object({ rating: RatingSchema });
export const DisputeBody = Type.Object(
  { reason: Type.String({ maxLength: 5000 }) },
  { additionalProperties: false },
);
export const DecisionBody = Type.Object(
  {
    outcome: Type.String({
      description: 'refund (the asker gets the price back) or release (the expert keeps it)',
    }),
    note: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);
export const DisputeEnvelope = Type.Object({ dispute: DisputeSchema });
export const DisputeItem = Type.Object({ dispute: DisputeSchema, paidQuestion: PaidQuestionSchema });

export const QueueQuery = Type.Object({
  state: Type.Optional(
    Type.Union([
      Type.Literal('paid'),
      Type.Literal('answered'),
      Type.Literal('declined'),
      Type.Literal('expired'),
      Type.Literal('refunded'),
      Type.Literal('all'),
    ]),
  ),
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
});

export const DisputesQuery = Type.Object({
  state: Type.Optional(
    Type.Union([Type.Literal('open'), Type.Literal('refunded'), Type.Literal('released')]),
  ),
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
});

function person(p: Person) {
  return { id: p.id, username: p.username, displayName: p.displayName };
}

/** A profile for the API; a fresh one (no ratings yet) from PUT. */
export function presentExpert(expert: ExpertProfile | ExpertSummary): ExpertJson {
  const summary =
    'rating' in expert ? expert : { ...expert, rating: { count: 0, average: null }, answeredCount: 0 };
  return {
    userId: summary.userId,
    user: person(summary.person),
    bio: summary.bio,
    tags: summary.tags,
    price: summary.price,
    answerHours: summary.answerHours,
    accepting: summary.accepting,
    rating: summary.rating,
    answeredCount: summary.answeredCount,
    updatedAt: summary.updatedAt,
  };
}

/** The expert's page as JSON: the profile with the full rating summary. */
export function presentExpertPage(page: ExpertPage) {
  return {
    expert: presentExpert({
      ...page.expert,
      rating: { count: page.rating.count, average: page.rating.average },
      answeredCount: page.answered.length,
    }),
    ratingDistribution: page.rating.distribution,
    answered: page.answered.map((q) => presentPaidQuestion(q)),
  };
}

/** A paid question for the API; the answer only when `question` carries it (the service strips it otherwise). */
export function presentPaidQuestion(question: PaidQuestion): PaidQuestionJson {
  return {
    id: question.id,
    status: question.state,
    asker: person(question.asker),
    expert: person(question.expert),
    title: question.title,
    body: question.body,
    bodyHtml: question.bodyHtml,
    tags: question.tags,
    visibility: question.visibility,
    price: question.price,
    deadlineAt: question.deadlineAt,
    answer:
      question.answerBody !== null && question.answerHtml !== null && question.answeredAt !== null
        ? { body: question.answerBody, bodyHtml: question.answerHtml, answeredAt: question.answeredAt }
        : null,
    answered: question.answeredAt !== null,
    answeredAt: question.answeredAt,
    unlockCount: question.unlockCount,
    createdAt: question.createdAt,
  };
}

export function presentDispute(dispute: Dispute) {
  return {
    id: dispute.id,
    paidQuestionId: dispute.paidQuestionId,
    reason: dispute.reason,
    state: dispute.state,
    decisionNote: dispute.decisionNote,
    createdAt: dispute.createdAt,
    decidedAt: dispute.decidedAt,
  };
}

export function presentRating(rating: Rating) {
  return { stars: rating.stars, review: rating.review, createdAt: rating.createdAt };
}

export function presentUnlock(unlock: Unlock) {
  return { id: unlock.id, price: unlock.price, createdAt: unlock.createdAt };
}

export function presentView(view: PaidQuestionView) {
  return {
    paidQuestion: presentPaidQuestion(view.question),
    unlocked: view.unlocked,
    unlockPrice: view.unlockPrice,
    rating: view.rating && presentRating(view.rating),
    dispute: view.dispute && presentDispute(view.dispute),
    abilities: view.abilities,
  };
}
