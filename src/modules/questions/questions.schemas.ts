import { type Static, Type } from 'typebox';
import { DateTime } from '../../platform/http/schemas.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const AuthorSchema = Nullable(
  Type.Object({
    id: Type.Integer(),
    username: Type.String(),
    displayName: Type.String(),
    reputation: Type.Integer(),
  }),
);

const Vote = Type.Union([Type.Literal(-1), Type.Literal(0), Type.Literal(1)]);

const Abilities = Type.Object({
  edit: Type.Boolean(),
  delete: Type.Boolean(),
  vote: Type.Boolean(),
  comment: Type.Boolean(),
  accept: Type.Optional(Type.Boolean()),
  answer: Type.Optional(Type.Boolean()),
});

export const CommentSchema = Type.Object({
  id: Type.Integer(),
  questionId: Nullable(Type.Integer()),
  answerId: Nullable(Type.Integer()),
  body: Type.String(),
  bodyHtml: Type.String({ description: 'Safe to insert into a page' }),
  author: AuthorSchema,
  createdAt: DateTime,
  updatedAt: DateTime,
  abilities: Type.Optional(Type.Object({ edit: Type.Boolean(), delete: Type.Boolean() })),
});

export const AnswerSchema = Type.Object({
  id: Type.Integer(),
  questionId: Type.Integer(),
  body: Type.String(),
  bodyHtml: Type.String({ description: 'Safe to insert into a page' }),
  score: Type.Integer(),
  author: AuthorSchema,
  isAccepted: Type.Boolean(),
  deleted: Type.Boolean(),
  createdAt: DateTime,
  updatedAt: DateTime,
  license: Nullable(Type.String()),
  sourceUrl: Nullable(Type.String()),
  myVote: Type.Optional(Vote),
  abilities: Type.Optional(Abilities),
  comments: Type.Optional(Type.Array(CommentSchema)),
});

export const QuestionSchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  slug: Type.String(),
  body: Type.String(),
  bodyHtml: Type.String({ description: 'Safe to insert into a page' }),
  tags: Type.Array(Type.String()),
  score: Type.Integer(),
  author: AuthorSchema,
  answerCount: Type.Integer(),
  commentCount: Type.Integer(),
  acceptedAnswerId: Nullable(Type.Integer()),
  viewCount: Type.Integer(),
  deleted: Type.Boolean(),
  createdAt: DateTime,
  updatedAt: DateTime,
  lastActivityAt: DateTime,
  license: Nullable(Type.String({ description: 'Licence of imported content, e.g. CC BY-SA 4.0' })),
  sourceUrl: Nullable(Type.String({ description: 'Where imported content came from (attribution)' })),
  myVote: Type.Optional(Vote),
  abilities: Type.Optional(Abilities),
  answers: Type.Optional(Type.Array(AnswerSchema)),
  comments: Type.Optional(Type.Array(CommentSchema)),
});

export const QuestionSummarySchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  slug: Type.String(),
  excerpt: Type.String(),
  tags: Type.Array(Type.String()),
  score: Type.Integer(),
  answerCount: Type.Integer(),
  acceptedAnswerId: Nullable(Type.Integer()),
  viewCount: Type.Integer(),
  author: AuthorSchema,
  createdAt: DateTime,
  lastActivityAt: DateTime,
});

export const RevisionSchema = Type.Object({
  number: Type.Integer(),
  kind: Type.Union([Type.Literal('create'), Type.Literal('edit'), Type.Literal('rollback')]),
  author: AuthorSchema,
  title: Nullable(Type.String()),
  body: Type.String(),
  tags: Nullable(Type.Array(Type.String())),
  comment: Type.String(),
  createdAt: DateTime,
});

export const QuestionListQuery = Type.Object({
  sort: Type.Union(
    [Type.Literal('newest'), Type.Literal('votes'), Type.Literal('active'), Type.Literal('unanswered')],
    {
      default: 'newest',
    },
  ),
  tag: Type.Optional(Type.String({ maxLength: 100 })),
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
});
export type QuestionListQuery = Static<typeof QuestionListQuery>;

// Bounds on shape only; the rules (lengths in characters, control characters) are the service's.
const Text = (max: number) => Type.String({ maxLength: max });

export const AskBody = Type.Object(
  {
    title: Text(1_000),
    body: Text(100_000),
    tags: Type.Array(Text(200), { maxItems: 20 }),
  },
  { additionalProperties: false },
);

export const EditQuestionBody = Type.Object(
  {
    title: Type.Optional(Text(1_000)),
    body: Type.Optional(Text(100_000)),
    tags: Type.Optional(Type.Array(Text(200), { maxItems: 20 })),
    comment: Type.Optional(Text(1_000)),
  },
  { additionalProperties: false },
);

export const AnswerBody = Type.Object({ body: Text(100_000) }, { additionalProperties: false });
export const EditAnswerBody = Type.Object(
  { body: Text(100_000), comment: Type.Optional(Text(1_000)) },
  { additionalProperties: false },
);
export const CommentBody = Type.Object({ body: Text(5_000) }, { additionalProperties: false });
export const VoteBody = Type.Object({ value: Type.Integer() }, { additionalProperties: false });
export const VoteResponse = Type.Object({ score: Type.Integer(), myVote: Vote });
export const AcceptResponse = Type.Object({
  questionId: Type.Integer(),
  acceptedAnswerId: Nullable(Type.Integer()),
});
export const PreviewBody = Type.Object(
  { body: Text(100_000), mode: Type.Optional(Type.Union([Type.Literal('full'), Type.Literal('inline')])) },
  { additionalProperties: false },
);
export const RevisionParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  number: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
});
