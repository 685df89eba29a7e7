import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isMessageKey, type MessageKey, type MessageParams, type Translate } from '../i18n/index.js';
import { replaceUnsafeChars } from '../text/unsafe-chars.js';
import { ErrorFragment, ErrorPage } from '../views/error-page.js';
import {
  AppError,
  type FieldProblem,
  type FieldProblems,
  translateFields,
  ValidationError,
} from './errors.js';
import { pageContextOf } from './pages.js';
import { isApiRequest, isHtmxRequest } from './request-context.js';

/** One field's problem in the JSON envelope: its stable code (a catalogue key), message, parameters. */
export interface FieldProblemBody {
  code: string;
  message: string;
  params?: MessageParams;
}

/**
 * The JSON error envelope every /api response shares. `fields` (field → message) came first and
 * stays as it was; `fieldProblems` says the same with each problem's code, for clients that act
 * on it rather than show it.
 */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    params?: MessageParams;
    fields?: Record<string, string>;
    fieldProblems?: Record<string, FieldProblemBody>;
  };
}

interface ValidationIssue {
  instancePath?: string;
  schemaPath?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

/** `/email` or `/profile/name` → `email` / `profile.name`; a missing property names itself. */
function fieldName(issue: ValidationIssue): string {
  const base = (issue.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
  const params = issue.params ?? {};
  const missing =
    (params.missingProperty as string | undefined) ??
    (Array.isArray(params.requiredProperties) ? (params.requiredProperties[0] as string) : undefined) ??
    (issue.keyword === 'additionalProperties'
      ? ((params.additionalProperty as string | undefined) ??
        (Array.isArray(params.additionalProperties) ? (params.additionalProperties[0] as string) : undefined))
      : undefined);
  if (missing) return base ? `${base}.${missing}` : missing;
  return base || '_';
}

function problemOf(issue: ValidationIssue): FieldProblems[string] {
  const params = issue.params ?? {};
  switch (issue.keyword) {
    case 'required':
      return { code: 'validation.required' };
    case 'minLength':
      return { code: 'validation.too_short', params: { min: Number(params.limit) } };
    case 'maxLength':
      return { code: 'validation.too_long', params: { max: Number(params.limit) } };
    case 'type':
      return { code: 'validation.wrong_type' };
    case 'additionalProperties':
      return { code: 'validation.unknown_field' };
    case 'boolean':
      // TypeBox names an extra property first as a `false` schema at `…/additionalProperties`.
      return issue.schemaPath?.endsWith('/additionalProperties')
        ? { code: 'validation.unknown_field' }
        : { code: 'validation.invalid' };
    default:
      return { code: 'validation.invalid' };
  }
}

/** Turns schema-validation output into field problems, first problem per field. */
export function fieldsFromValidation(issues: readonly ValidationIssue[], context: string): FieldProblems {
  const fields: Record<string, FieldProblems[string]> = {};
  for (const issue of issues) {
    const name = fieldName(issue);
    const key = context === 'body' ? name : `${context}.${name}`;
    fields[key] ??= problemOf(issue);
  }
  return fields;
}

/** Maps anything thrown to an AppError; unknown errors become a 500 that reveals nothing. */
export function toAppError(error: FastifyError | Error): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as FastifyError & { validationContext?: string };
  if (fastifyError.validation) {
    const context = fastifyError.validationContext ?? 'body';
    return new AppError(422, 'request.invalid', {
      fields: fieldsFromValidation(fastifyError.validation as ValidationIssue[], context),
    });
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError(400, 'request.malformed_json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError(413, 'request.too_large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(415, 'request.unsupported_media_type');
  }
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500) {
    return new AppError(status, status === 404 ? 'route.not_found' : 'request.malformed');
  }
  return new AppError(500, 'server.internal', { cause: error });
}

function fieldProblemsOf(fields: FieldProblems, t: Translate): Record<string, FieldProblemBody> {
  const out: Record<string, FieldProblemBody> = {};
  for (const [name, problem] of Object.entries(fields)) {
    const code: MessageKey = isMessageKey(problem.code) ? problem.code : 'validation.invalid';
    out[name] = {
      code,
      message: t(code, problem.params),
      ...(problem.params ? { params: problem.params } : {}),
    };
  }
  return out;
}

/** The JSON envelope for an AppError in the caller's language. */
export function errorBody(error: AppError, t: Translate): ErrorBody {
  const code: MessageKey = isMessageKey(error.code) ? error.code : 'server.internal';
  return {
    error: {
      code,
      message: t(code, error.params),
      ...(error.params && code === error.code ? { params: error.params } : {}),
      ...(error.fields
        ? { fields: translateFields(error.fields, t), fieldProblems: fieldProblemsOf(error.fields, t) }
        : {}),
    },
  };
}

/** The names a route's body schema declares (a page form's fields), if it is an object schema. */
function formFieldsOf(request: FastifyRequest): Set<string> {
  const body = request.routeOptions.schema?.body as { properties?: Record<string, unknown> } | undefined;
  return new Set(Object.keys(body?.properties ?? {}));
}

/**
 * A 422 that names a page form's own fields before its handler ran (characters refused at the
 * edge, a value the schema refuses), shown on the form through the route's `formRefusal`
 * (forms.ts), with what was typed. Refused characters are taken out of the text shown again and
 * the field says so. False when the route has no form, the problem is elsewhere (the query, the
 * path, a field the form does not have) or the form cannot be shown: the error page then.
 */
async function showRefusalOnForm(
  error: AppError,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<boolean> {
  const formRefusal = request.routeOptions.config?.formRefusal;
  const body = request.body;
  if (!formRefusal || error.status !== 422 || !error.fields) return false;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  const fields = formFieldsOf(request);
  if (!Object.keys(error.fields).every((name) => fields.has(name))) return false;
  const values = Object.entries(body as Record<string, unknown>);
  if (!values.every(([, value]) => typeof value === 'string')) return false;
  request.body = Object.fromEntries(
    values.map(([name, value]) => [name, replaceUnsafeChars(value as string, 'text')]),
  );
  const problems: Record<string, FieldProblem> = {};
  for (const [name, problem] of Object.entries(error.fields)) {
    problems[name] =
      problem.code === 'validation.control_chars' ? { code: 'validation.control_chars_removed' } : problem;
  }
  const refusal = new ValidationError(problems, error.code);
  try {
    await formRefusal(request, reply, refusal);
    return true;
  } catch (renderError) {
    // A form that hands the refusal back (htmx asks for the #flash alert) is no failure.
    if (renderError !== refusal) request.log.warn({ err: renderError }, 'form refusal not shown on the form');
    return reply.sent;
  }
}

async function sendError(error: AppError, request: FastifyRequest, reply: FastifyReply) {
  if (!isApiRequest(request) && (await showRefusalOnForm(error, request, reply))) return reply;
  reply.status(error.status);
  if (error.headers) reply.headers(error.headers);
  const t = request.t;
  if (isApiRequest(request)) return reply.send(errorBody(error, t));
  const message = t(error.code, error.params);
  const fields = error.fields ? translateFields(error.fields, t) : undefined;
  if (isHtmxRequest(request)) {
    reply.header('hx-retarget', '#flash').header('hx-reswap', 'innerHTML');
    return reply.html(ErrorFragment({ message, fields }));
  }
  // An error page is never cached: it carries the visitor's own CSRF token, not the placeholder.
  request.pageCacheSlot = null;
  return reply
    .header('cache-control', 'no-store')
    .html(ErrorPage({ ctx: pageContextOf(request, reply), status: error.status, message, fields }));
}

/**
 * One error handler for the whole app: JSON under /api, a fragment for htmx, a page otherwise.
 * 5xx are logged in full with the request id and shown to the caller as a generic message.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(async (raw: FastifyError, request, reply) => {
    const error = toAppError(raw);
    if (error.status >= 500) request.log.error({ err: raw }, 'request failed');
    else request.log.info({ code: error.code, status: error.status }, 'request refused');
    return sendError(error, request, reply);
  });

  app.setNotFoundHandler(async (request, reply) =>
    sendError(new AppError(404, 'route.not_found'), request, reply),
  );
}
