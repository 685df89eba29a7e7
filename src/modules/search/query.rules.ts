import { normalizeTag } from '../tags/index.js';

/**
 * The search box language, parsed without a database: free words, "phrases", -excluded words or
 * phrases, [tag] and -[tag], is:answered / is:unanswered / is:accepted, user:ID, score:N (or
 * N..M), created:2024..2025 (years, months or days; either end open). Anything it cannot read
 * becomes words or a warning, never an error: a search box must accept whatever is typed.
 */

/** Longest query read (characters); the rest is dropped with a warning. */
export const MAX_QUERY_CHARS = 400;
/** At most this many words and phrases are searched for; more are dropped with a warning. */
export const MAX_QUERY_TERMS = 24;
export const MAX_QUERY_TAGS = 5;

export type SearchWarning =
  | 'search.warning.truncated'
  | 'search.warning.too_many_terms'
  | 'search.warning.bad_operator'
  | 'search.warning.unbalanced_quote'
  | 'search.warning.too_many_tags';

export interface ParsedQuery {
  /** Free words as typed (the engine splits them into index words). */
  readonly words: string[];
  readonly phrases: string[];
  /** Words and phrases that must not occur. */
  readonly excluded: string[];
  readonly tags: string[];
  readonly excludedTags: string[];
  readonly answered?: boolean;
  readonly accepted?: boolean;
  readonly userId?: number;
  readonly minScore?: number;
  readonly maxScore?: number;
  /** Inclusive start, exclusive end. */
  readonly createdFrom?: Date;
  readonly createdBefore?: Date;
  readonly warnings: SearchWarning[];
}

interface Mutable {
  words: string[];
  phrases: string[];
  excluded: string[];
  tags: string[];
  excludedTags: string[];
  answered?: boolean;
  accepted?: boolean;
  userId?: number;
  minScore?: number;
  maxScore?: number;
  createdFrom?: Date;
  createdBefore?: Date;
  warnings: SearchWarning[];
}

/** True when the query asks for nothing at all: no text and no filter. */
export function isEmptyQuery(query: ParsedQuery): boolean {
  return (
    !hasText(query) &&
    query.excluded.length === 0 &&
    query.tags.length === 0 &&
    query.excludedTags.length === 0 &&
    query.answered === undefined &&
    query.accepted === undefined &&
    query.userId === undefined &&
    query.minScore === undefined &&
    query.maxScore === undefined &&
    query.createdFrom === undefined &&
    query.createdBefore === undefined
  );
}

/** True when there are words or phrases to match (and so to rank by relevance). */
export function hasText(query: ParsedQuery): boolean {
  return query.words.length > 0 || query.phrases.length > 0;
}

// A piece of the query: "-" prefix, then a quoted phrase, a [tag], or a bare run.
const PIECE = /(-?)(?:"([^"]*)("?)|\[([^\]\s]*)\]?|([^\s"[]+))/gu;

/** Parses what was typed into the search box (see the module comment for the language). */
export function parseQuery(raw: string): ParsedQuery {
  const q: Mutable = { words: [], phrases: [], excluded: [], tags: [], excludedTags: [], warnings: [] };
  // Control characters and the like become spaces; full-width forms become ASCII (NFKC).
  let text = raw.normalize('NFKC').replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ' ');
  if (text.length > MAX_QUERY_CHARS) {
    text = text.slice(0, MAX_QUERY_CHARS);
    warn(q, 'search.warning.truncated');
  }
  for (const match of text.matchAll(PIECE)) {
    const [, minus, phrase, closing, tag, bare] = match;
    const negative = minus === '-';
    if (phrase !== undefined) {
      if (closing !== '"') warn(q, 'search.warning.unbalanced_quote');
      const words = phrase.trim().replace(/\s+/gu, ' ');
      if (!words) continue;
      addTerm(q, negative ? q.excluded : q.phrases, words);
    } else if (tag !== undefined) {
      const name = normalizeTag(tag);
      if (!name) {
        if (tag.trim()) warn(q, 'search.warning.bad_operator');
        continue;
      }
      const list = negative ? q.excludedTags : q.tags;
      if (list.includes(name)) continue;
      if (q.tags.length + q.excludedTags.length >= MAX_QUERY_TAGS) warn(q, 'search.warning.too_many_tags');
      else list.push(name);
    } else if (bare !== undefined) {
      if (!negative && readOperator(q, bare)) continue;
      const word = bare.replace(/^-+/u, '');
      if (!/[\p{L}\p{N}]/u.test(word)) continue;
      addTerm(q, negative ? q.excluded : q.words, word);
    }
  }
  return q;
}

function warn(q: Mutable, warning: SearchWarning): void {
  if (!q.warnings.includes(warning)) q.warnings.push(warning);
}

function addTerm(q: Mutable, list: string[], term: string): void {
  if (list.includes(term)) return;
  if (q.words.length + q.phrases.length + q.excluded.length >= MAX_QUERY_TERMS) {
    warn(q, 'search.warning.too_many_terms');
    return;
  }
  list.push(term);
}

const OPERATOR = /^(is|user|score|created):(.*)$/iu;

/** Reads `name:value` operators into q; false when `bare` is not one (then it is a word). */
function readOperator(q: Mutable, bare: string): boolean {
  const match = OPERATOR.exec(bare);
  if (!match) return false;
  const name = match[1]!.toLowerCase();
  const value = match[2]!.toLowerCase();
  const ok = (() => {
    switch (name) {
      case 'is':
        return readIs(q, value);
      case 'user': {
        if (!/^\d{1,15}$/u.test(value)) return false;
        q.userId = Number(value);
        return true;
      }
      case 'score':
        return readScore(q, value);
      default:
        return readCreated(q, value);
    }
  })();
  if (!ok) warn(q, 'search.warning.bad_operator');
  return true;
}

function readIs(q: Mutable, value: string): boolean {
  if (value === 'answered') q.answered = true;
  else if (value === 'unanswered') q.answered = false;
  else if (value === 'accepted') q.accepted = true;
  else return false;
  return true;
}

const SCORE = /^(-?\d{1,9})?(\.\.)?(-?\d{1,9})?$/u;

function readScore(q: Mutable, value: string): boolean {
  const match = SCORE.exec(value);
  if (!match || (match[1] === undefined && match[3] === undefined)) return false;
  const [, low, range, high] = match;
  if (!range) {
    if (high !== undefined || low === undefined) return false;
    q.minScore = Number(low);
    return true;
  }
  if (low !== undefined && high !== undefined && Number(low) > Number(high)) return false;
  if (low !== undefined) q.minScore = Number(low);
  if (high !== undefined) q.maxScore = Number(high);
  return true;
}

/** `2024`, `2024-03`, `2024-03-15`, and ranges of them with `..` (either end may be open). */
function readCreated(q: Mutable, value: string): boolean {
  const [from, to, ...rest] = value.split('..');
  if (rest.length > 0) return false;
  const isRange = to !== undefined;
  const start = from ? dateSpan(from) : undefined;
  const end = isRange ? (to ? dateSpan(to) : undefined) : start;
  if ((from && !start) || (isRange && to && !end) || (!start && !end)) return false;
  if (start && end && start.from >= end.before) return false;
  if (start) q.createdFrom = start.from;
  if (end) q.createdBefore = end.before;
  return true;
}

/** The days a date of some precision covers: [from, before), in UTC. */
export function dateSpan(text: string): { from: Date; before: Date } | undefined {
  const match = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/u.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = match[2] === undefined ? undefined : Number(match[2]);
  const day = match[3] === undefined ? undefined : Number(match[3]);
  if (year < 1970 || year > 9998) return undefined;
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  const m = (month ?? 1) - 1;
  const from = new Date(Date.UTC(year, m, day ?? 1));
  if (day !== undefined && (day < 1 || from.getUTCMonth() !== m)) return undefined;
  const before =
    day !== undefined
      ? new Date(Date.UTC(year, m, day + 1))
      : month !== undefined
        ? new Date(Date.UTC(year, m + 1, 1))
        : new Date(Date.UTC(year + 1, 0, 1));
  return { from, before };
}

/** The query written back in its canonical form (for links: "did you mean", sorts, pages). */
export function formatQuery(query: ParsedQuery): string {
  const quote = (text: string) => (/\s/u.test(text) ? `"${text}"` : text);
  const parts = [
    ...query.tags.map((tag) => `[${tag}]`),
    ...query.words,
    ...query.phrases.map((p) => `"${p}"`),
    ...query.excluded.map((e) => `-${quote(e)}`),
    ...query.excludedTags.map((tag) => `-[${tag}]`),
  ];
  if (query.answered === true) parts.push('is:answered');
  if (query.answered === false) parts.push('is:unanswered');
  if (query.accepted) parts.push('is:accepted');
  if (query.userId !== undefined) parts.push(`user:${query.userId}`);
  if (query.minScore !== undefined || query.maxScore !== undefined) {
    parts.push(
      query.maxScore === undefined
        ? `score:${query.minScore}`
        : `score:${query.minScore ?? ''}..${query.maxScore}`,
    );
  }
  if (query.createdFrom || query.createdBefore) {
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const last = query.createdBefore && new Date(query.createdBefore.getTime() - 86_400_000);
    parts.push(`created:${query.createdFrom ? day(query.createdFrom) : ''}..${last ? day(last) : ''}`);
  }
  return parts.join(' ');
}
