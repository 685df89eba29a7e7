import type { FastifyReply, FastifyRequest } from 'fastify';
import { type TObject, type TOptional, type TString, Type } from 'typebox';
import { isCurrency, type Money, parseAmount } from '../money.js';
import { loginHref } from '../views/href.js';
import { AppError, NotFoundError, translateFields } from './errors.js';

/**
 * A page form's body: every named field an optional string (a missing field is read as empty),
 * anything else (like `_csrf`) allowed. The use case, not the schema, judges the values, so a
 * page can show its own errors beside its fields.
 */
export function FormBody<K extends string>(...names: K[]): TObject<Record<K, TOptional<TString>>> {
  const properties = Object.fromEntries(names.map((name) => [name, Type.Optional(Type.String())]));
  return Type.Object(properties, { additionalProperties: true }) as unknown as TObject<
    Record<K, TOptional<TString>>
  >;
}

/**
 * How a page form route shows a refusal beside its fields: the same function its handler calls
 * when a use case refuses the input, given the error. Declared as the route's
 * `config.formRefusal`, it is also what the one error handler calls for a 422 that names this
 * form's fields before the handler ran (the edge's refused characters, the schema), so the member
 * gets the form back with their text instead of the error page.
 */
export type FormRefusal = (request: FastifyRequest, reply: FastifyReply, error: AppError) => Promise<unknown>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This route's form, shown again with a refusal (see FormRefusal). */
    formRefusal?: FormRefusal;
  }
}

/**
 * The route's numeric path parameter (`:id`): validated and converted by the schema in a handler,
 * still text when the error handler shows a form refusal before validation; 404 if it is no id.
 */
export function idParam(request: FastifyRequest, name = 'id'): number {
  const id = Number((request.params as Record<string, unknown>)[name]);
  if (!Number.isSafeInteger(id) || id < 1) throw new NotFoundError('route.not_found');
  return id;
}

/** A page form's fields as posted (FormBody: every one an optional string). */
export function formValues(request: FastifyRequest): Readonly<Record<string, string | undefined>> {
  return (request.body ?? {}) as Record<string, string | undefined>;
}

/** What a page re-renders after a refused form: status, translated field errors and message. */
export interface FormFailure {
  status: number;
  fieldErrors: Record<string, string>;
  message: string | undefined;
}

/**
 * Whether a page shows this refusal on the form that was sent: a 4xx AppError, but for the statuses
 * the page leaves to the error handler (`passedOn`: a 401 that wants a log-in page, a 404 the form
 * cannot explain). Anything else (a bug, an outage) goes to the error handler too.
 */
export function shownOnForm(error: unknown, passedOn: readonly number[] = []): error is AppError {
  return error instanceof AppError && error.status < 500 && !passedOn.includes(error.status);
}

/**
 * Turns a use case's refusal into something a form can show. Anything that is not a
 * 4xx AppError (a bug, an outage) is re-thrown for the error handler.
 */
export function formFailure(error: unknown, request: FastifyRequest): FormFailure {
  if (!shownOnForm(error)) throw error;
  const fieldErrors = translateFields(error.fields ?? {}, request.t);
  const hasFields = Object.keys(fieldErrors).length > 0;
  return {
    status: error.status,
    fieldErrors,
    message: hasFields ? undefined : request.t(error.code, error.params),
  };
}

/** A failure as one line of text (an alert): its message, or its field problems joined. */
export function problemOf(failure: FormFailure): string {
  return failure.message ?? Object.values(failure.fieldErrors).join(' ');
}

/** Sends a visitor to log in, coming back to `next` (this page by default). */
export function toLogin(request: FastifyRequest, reply: FastifyReply, next = request.url) {
  return reply.redirect(loginHref(next), 303);
}

/**
 * An amount typed into a page form, in the chosen currency. A bad one is a 422 whose code is the
 * money problem's own (`money.parse_invalid`, `money.too_many_decimals`, `money.unknown_currency`…),
 * naming `field` so the form shows it beside the input.
 */
export function typedAmount(text: string | undefined, currency: string | undefined, field = 'amount'): Money {
  if (!isCurrency(currency)) {
    const params = { currency: String(currency ?? '').slice(0, 8) };
    throw new AppError(422, 'money.unknown_currency', {
      params,
      fields: { [field]: { code: 'money.unknown_currency', params } },
    });
  }
  const parsed = parseAmount(text ?? '', currency);
  if (!parsed.ok) {
    const { code, params } = parsed.problem;
    throw new AppError(422, code, { ...(params ? { params } : {}), fields: { [field]: parsed.problem } });
  }
  return parsed.value;
}
