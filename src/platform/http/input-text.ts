import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { FieldProblem, FieldProblems } from './errors.js';
import { ValidationError } from './errors.js';

/**
 * Text the app refuses wherever it arrives, before any route sees it:
 * - control characters (Unicode Cc: NUL, which PostgreSQL refuses in text, escapes, DEL, C1);
 *   tab, line feed and carriage return are text in a body (a post typed in a text area), never in
 *   a query string or a path;
 * - the bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069), which
 *   reorder the text shown around them (an RTL override in a payout destination turned the admin
 *   page's text around). The marks U+200E, U+200F and U+061C stay allowed: they only set the
 *   direction of neutral characters next to them, cannot reverse a run of letters, and belong in
 *   Arabic and Hebrew text.
 */
const UNSAFE_IN_LINE = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;
const UNSAFE_IN_TEXT = /(?![\t\n\r])\p{Cc}|[\u202A-\u202E\u2066-\u2069]/u;

// The same, global, for naming a refused key: made once (only ever used with .replace, which
// resets lastIndex), not on every request.
const EVERY_UNSAFE_IN_LINE = new RegExp(UNSAFE_IN_LINE.source, 'gu');
const EVERY_UNSAFE_IN_TEXT = new RegExp(UNSAFE_IN_TEXT.source, 'gu');

/** Stops after this many refused fields: enough to name them, bounded for a hostile body. */
const MAX_FIELDS = 20;

type Part = 'body' | 'querystring' | 'params';

/**
 * Every string in `value` (nested objects and arrays too) that holds refused characters, by field
 * name as the validation envelope names them (`body`: `title`, `tags.0`; others: `querystring.q`).
 */
export function unsafeTextFields(value: unknown, part: Part): FieldProblems {
  const unsafe = part === 'body' ? UNSAFE_IN_TEXT : UNSAFE_IN_LINE;
  const everyUnsafe = part === 'body' ? EVERY_UNSAFE_IN_TEXT : EVERY_UNSAFE_IN_LINE;
  const fields: Record<string, FieldProblem> = {};
  const refuse = (name: string) => {
    fields[name || '_'] ??= { code: 'validation.control_chars' };
  };
  // An explicit stack: a deeply nested JSON body must not overflow the call stack.
  const stack: Array<[string, unknown]> = [[part === 'body' ? '' : part, value]];
  while (stack.length > 0 && Object.keys(fields).length < MAX_FIELDS) {
    const [name, item] = stack.pop() as [string, unknown];
    if (typeof item === 'string') {
      if (unsafe.test(item)) refuse(name);
    } else if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) {
        // A field whose own name holds refused characters is named without them, and refused.
        const shown = key.replace(everyUnsafe, '?');
        const path = name ? `${name}.${shown}` : shown;
        if (shown !== key) refuse(path);
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
 * Refuses control and bidi characters once, at the edge, for every route: a 422 `request.invalid`
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
