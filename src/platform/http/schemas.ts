import { type TSchema, Type } from 'typebox';

/** The error envelope every /api route lists for each failing status. */
export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable code, also the i18n key, e.g. user.not_found' }),
      message: Type.String({ description: 'Human-readable, in the request language' }),
      params: Type.Optional(
        Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), {
          description: 'The message’s parameters, e.g. {"until": "…", "reason": "…"} for account.suspended',
        }),
      ),
      fields: Type.Optional(
        Type.Record(Type.String(), Type.String(), { description: 'Each field refused → its message' }),
      ),
      fieldProblems: Type.Optional(
        Type.Record(
          Type.String(),
          Type.Object({
            code: Type.String({ description: 'Stable code, also the i18n key, e.g. validation.too_short' }),
            message: Type.String({ description: 'The same message as in `fields`' }),
            params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
          }),
          { description: 'Each field refused → its code, message and parameters (e.g. {"min": 15})' },
        ),
      ),
    }),
  },
  { $id: 'ErrorResponse', description: 'Error' },
);

/** Shorthand for listing the same error envelope under several statuses. */
export function errorResponses<S extends number>(...statuses: S[]): Record<S, typeof ErrorResponse> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorResponse])) as Record<
    S,
    typeof ErrorResponse
  >;
}

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });

/** A timestamp: a Date in handlers, an ISO 8601 UTC string on the wire. */
export const DateTime = Type.Unsafe<Date | string>(Type.String({ format: 'date-time' }));

/** `?page=1&pageSize=20` (pageSize ≤ 100), as every list takes. */
export const PageQuery = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
});

/** The list envelope: `{items, total, page, pageSize}`. */
export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });
}

/** The `Idempotency-Key` header of every money-moving POST (API.md): required by the route, 1–200 printable characters. */
export const IdempotencyHeader = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ description: 'Required: names this request; a repeat returns the first result' }),
  ),
});
