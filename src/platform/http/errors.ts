import type { MessageKey, MessageParams, Translate } from '../i18n/index.js';

/** A field's problem: a catalogue key and its parameters, translated when the error is shown. */
export interface FieldProblem {
  readonly code: MessageKey;
  readonly params?: MessageParams;
}

export type FieldProblems = Readonly<Record<string, FieldProblem>>;

/** Each field's problem as its message in the caller's language (a form's field errors, `fields`). */
export function translateFields(fields: FieldProblems, t: Translate): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, problem] of Object.entries(fields)) out[name] = t(problem.code, problem.params);
  return out;
}

/**
 * A failure the caller can act on. `code` is stable, part of the API contract, and the i18n
 * key of its message; `status` is the HTTP status it maps to.
 */
export class AppError extends Error {
  override name = 'AppError';
  readonly code: MessageKey;
  readonly status: number;
  readonly params: MessageParams | undefined;
  readonly fields: FieldProblems | undefined;
  /** Extra response headers (e.g. Retry-After). */
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(
    status: number,
    code: MessageKey,
    options: {
      params?: MessageParams;
      fields?: FieldProblems;
      headers?: Record<string, string>;
      cause?: unknown;
    } = {},
  ) {
    super(code, { cause: options.cause });
    this.status = status;
    this.code = code;
    this.params = options.params;
    this.fields = options.fields;
    this.headers = options.headers;
  }
}

export class BadRequestError extends AppError {
  constructor(code: MessageKey = 'request.malformed', options?: ConstructorParameters<typeof AppError>[2]) {
    super(400, code, options);
  }
}

export class UnauthorizedError extends AppError {
  constructor(code: MessageKey = 'auth.required') {
    super(401, code);
  }
}

export class ForbiddenError extends AppError {
  constructor(code: MessageKey = 'auth.forbidden') {
    super(403, code);
  }
}

export class NotFoundError extends AppError {
  constructor(code: MessageKey = 'route.not_found') {
    super(404, code);
  }
}

export class ConflictError extends AppError {
  constructor(code: MessageKey, options?: { fields?: FieldProblems; params?: MessageParams }) {
    super(409, code, options);
  }
}

/** 422: the request was readable but some values are not acceptable; `fields` names them. */
export class ValidationError extends AppError {
  constructor(fields: FieldProblems, code: MessageKey = 'request.invalid') {
    super(422, code, { fields });
  }
}

export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super(429, 'rate.limited', { params: { seconds }, headers: { 'retry-after': String(seconds) } });
  }
}
