import { type Static, Type } from 'typebox';
import { TOKEN_SCOPES } from '../../platform/http/auth.js';
import { DateTime, PageOf } from '../../platform/http/schemas.js';
import { accountLimits } from './accounts.rules.js';

// Schemas bound shape and size; the finer rules (scripts, control characters) live in
// accounts.rules.ts so pages and the API refuse the same things with the same codes.

export const PublicUserSchema = Type.Object(
  {
    id: Type.Integer(),
    username: Type.String(),
    displayName: Type.String(),
    reputation: Type.Integer(),
    roles: Type.Array(Type.Union([Type.Literal('user'), Type.Literal('moderator'), Type.Literal('admin')])),
    createdAt: DateTime,
  },
  { $id: 'User' },
);
export type PublicUserBody = Static<typeof PublicUserSchema>;

export const RegisterBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.String({ minLength: 1, maxLength: 400 }),
    password: Type.String({ minLength: 1, maxLength: 1000 }),
    displayName: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type RegisterBody = Static<typeof RegisterBody>;

export const LoginBody = Type.Object(
  {
    login: Type.String({ minLength: 1, maxLength: 400, description: 'Username or e-mail' }),
    password: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const SessionResponse = Type.Object({
  user: PublicUserSchema,
  csrfToken: Type.String({ description: 'Send back as X-CSRF-Token on cookie-authenticated writes' }),
});

const TimeZoneSetting = Type.Union([Type.String({ maxLength: 100 }), Type.Null()], {
  description:
    'IANA time zone for times on pages (Asia/Shanghai, America/New_York); null: the browser’s zone, else the language’s default (zh-CN Asia/Shanghai, en UTC)',
});

export const MeResponse = Type.Object({
  user: Type.Intersect([PublicUserSchema, Type.Object({ email: Type.String(), timeZone: TimeZoneSetting })]),
});

export const UpdateMeBody = Type.Object(
  {
    displayName: Type.Optional(Type.String({ maxLength: 200 })),
    timeZone: Type.Optional(TimeZoneSetting),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 1000 }),
    newPassword: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);

// The same three words as TOKEN_SCOPES (platform/http/auth.ts); a test compares them.
export const TokenScopeSchema = Type.Union(
  [Type.Literal('read'), Type.Literal('write'), Type.Literal('money')],
  {
    description:
      'read: GET; write: other writes; money: top-ups, payouts, bounties, paid questions, unlocks, refunds',
  },
);

export const CreateTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: accountLimits.tokenName.max * 4 }),
    scopes: Type.Optional(
      Type.Array(TokenScopeSchema, {
        minItems: 1,
        maxItems: TOKEN_SCOPES.length,
        uniqueItems: true,
        description: 'Default read and write; every token can read',
      }),
    ),
    expiresInDays: Type.Optional(
      Type.Integer({
        minimum: accountLimits.tokenExpiryDays.min,
        maximum: accountLimits.tokenExpiryDays.max,
        description: 'Unset: the token does not expire',
      }),
    ),
  },
  { additionalProperties: false },
);

export const TokenSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  scopes: Type.Array(TokenScopeSchema),
  createdAt: DateTime,
  expiresAt: Type.Union([DateTime, Type.Null()]),
  lastUsedAt: Type.Union([DateTime, Type.Null()]),
});

export const CreatedTokenSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  scopes: Type.Array(TokenScopeSchema),
  expiresAt: Type.Union([DateTime, Type.Null()]),
  token: Type.String({ description: 'The secret, shown only in this response' }),
  createdAt: DateTime,
});

export const TokenListResponse = PageOf(TokenSchema);
