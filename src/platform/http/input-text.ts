import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasUnsafeChars, replaceUnsafeChars } from '../text/unsafe-chars.js';
import type { FieldProblem, FieldProblems } from './errors.js';
import { ValidationError } from './errors.js';

/** Stops after this many refused fields: enough to name them, bounded for a hostile body. */
const MAX_FIELDS = 20;

type Part = 'body' | 'querystring' | 'params';

/**
 * Every string in `value` (nested objects and arrays too) that holds refused characters, by field
 * name as the validation envelope names them (`body`: `title`, `tags.0`; others: `querystring.q`).
 */
export function unsafeTextFields(value: unknown, part: Part): FieldProblems {
  // A body's strings may run over lines (a post typed in a text area); a query's and a path's not.
  const kind = part === 'body' ? 'text' : 'line';
  const fields: Record<string, FieldProblem> = {};
  let refused = 0;
  const refuse = (name: string) => {
    const field = name || '_';
    if (fields[field]) return;
    fields[field] = { code: 'validation.control_chars' };
    refused++;
  };
  // An explicit stack: a deeply nested JSON body must not overflow the call stack.
  const stack: Array<[string, unknown]> = [[part === 'body' ? '' : part, value]];
  while (stack.length > 0 && refused < MAX_FIELDS) {
    const [name, item] = stack.pop() as [string, unknown];
    if (typeof item === 'string') {
      if (hasUnsafeChars(item, kind)) refuse(name);
    } else if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) {
        // A field whose own name holds refused characters is named without them, and refused.
        const unsafeKey = hasUnsafeChars(key, kind);
        const shown = unsafeKey ? replaceUnsafeChars(key, kind, '?') : key;
        const path = name ? `${name}.${shown}` : shown;
        if (unsafeKey) refuse(path);
        else stack.push([path, child]);
      }
    }
  }
  return fields;
}

function refusedFields(request: FastifyRequest): FieldProblems {
  return {
    ...unsafeTextFields(request.params, 'params'),
    ...unsafeTextFields(request.query, 'querystring'),
    // A body kept as raw text (a gateway's signed notification) is its route's to judge.
    ...(typeof request.body === 'object' ? unsafeTextFields(request.body, 'body') : {}),
  };
}

/**
 * Refuses control and bidi characters (platform/text/unsafe-chars.ts) once, at the edge, for every
 * route — the only place a request's text is checked for them: a 422 `request.invalid`
 * naming each field (JSON under /api, the error page or an htmx fragment otherwise), so no NUL
 * reaches PostgreSQL (22021) and no direction override reaches a page.
 */
export const inputTextPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('preValidation', async (request) => {
      const fields = refusedFields(request);
      if (Object.keys(fields).length > 0) throw new ValidationError(fields);
    });
  },
  { name: 'input-text' },
);
