/**
 * The characters TechQ&A never takes in member text, named once. The edge refuses them in every
 * request before any route or use case sees it (platform/http/input-text.ts: pages, the API and
 * htmx alike); bulk imports, which write tables without a request, remove them
 * (modules/imports). Use cases do not look for them again: the only other check is `breaksLine`,
 * because a body may hold a tab or line break that a one-line value (a title, a name) may not.
 *
 * - control characters (Unicode Cc: NUL, which PostgreSQL refuses in text, escapes, DEL, C1);
 *   tab, line feed and carriage return are text in a multi-line value, never in a one-line one;
 * - the bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069), which
 *   reorder the text shown around them. The marks U+200E, U+200F and U+061C stay allowed: they
 *   only set the direction of neutral characters next to them, cannot reverse a run of letters,
 *   and belong in Arabic and Hebrew text.
 */

// Unicode Cc is U+0000–U+001F and U+007F–U+009F, fixed for good by Unicode's stability policy,
// so each kind is one character class: a scan of a post's text runs about four times faster than
// with `(?![\t\n\r])\p{Cc}|…`, which tried a lookahead and an alternation at every character.

/** One line: a query, a path, a name. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** Text that may run over lines: a body, a bio (tab U+0009, line feed U+000A and return U+000D kept). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

// The same, global, for replacing: made once (.replace resets lastIndex), not on every call.
const EVERY_UNSAFE_IN_LINE = new RegExp(UNSAFE_IN_LINE.source, 'g');
const EVERY_UNSAFE_IN_TEXT = new RegExp(UNSAFE_IN_TEXT.source, 'g');

/** A one-line value, or text that may hold tabs and line breaks. */
export type TextKind = 'line' | 'text';

/** True when `value` holds a character refused in that kind of value. */
export function hasUnsafeChars(value: string, kind: TextKind): boolean {
  return (kind === 'line' ? UNSAFE_IN_LINE : UNSAFE_IN_TEXT).test(value);
}

/** `value` with each refused character replaced by `by` (removed by default). */
export function replaceUnsafeChars(value: string, kind: TextKind, by = ''): string {
  return value.replace(kind === 'line' ? EVERY_UNSAFE_IN_LINE : EVERY_UNSAFE_IN_TEXT, by);
}

/** A tab or line break: text in a body, which the edge lets through, but refused in a one-line value. */
export function breaksLine(value: string): boolean {
  return /[\t\n\r]/.test(value);
}
