import { identifierParts, searchTokens } from '../../platform/text/search-tokens.js';
import type { ParsedQuery } from './query.rules.js';
import { tsqueryOperand } from './ranking.rules.js';

/**
 * A parsed query as PostgreSQL tsquery text (fed to `to_tsquery('english', …)`, which stems each
 * operand and drops stop words). Operands are only letters and digits, quoted, so nothing a
 * member types can reach the tsquery syntax.
 */

export interface TsQueries {
  /** Every word (and phrase) must occur; undefined when there is no text. */
  readonly strict: string | undefined;
  /** Any word may occur (phrases still must): the fallback when strict finds too little. */
  readonly relaxed: string | undefined;
  /** Words and phrases that must not occur; undefined when none. */
  readonly excluded: string | undefined;
  /** The index words to rank by, space-separated (stemmed by the caller's to_tsvector). */
  readonly rankText: string;
  /** The words (not phrases) that strict requires, space-separated, to estimate its matches. */
  readonly requiredText: string;
}

function operands(tokens: readonly string[]): string[] {
  return tokens.map(tsqueryOperand).filter((o): o is string => o !== undefined);
}

/** The tokens a typed word must match: identifier parts only help ranking, not matching. */
export function strictTokens(word: string): string[] {
  const parts = new Set<string>();
  for (const run of word.split(/[^\p{L}\p{N}_.'-]+/u))
    for (const part of identifierParts(run)) parts.add(part);
  const tokens = searchTokens(word);
  const whole = tokens.filter((t) => !parts.has(t));
  return [...new Set(whole.length > 0 ? whole : tokens)];
}

function all(ops: readonly string[], joiner: string): string | undefined {
  if (ops.length === 0) return undefined;
  return ops.length === 1 ? ops[0] : `(${ops.join(joiner)})`;
}

function phraseOf(text: string): string | undefined {
  return all(operands(searchTokens(text)), ' <-> ');
}

/** Builds the strict, relaxed and excluded tsquery texts of a parsed query (pure). */
export function tsQueriesOf(query: ParsedQuery): TsQueries {
  const required = query.words.map((w) => strictTokens(w).filter((t) => tsqueryOperand(t) !== undefined));
  const wordGroups = required.map((tokens) => all(operands(tokens), ' & ')).filter(Boolean) as string[];
  const phrases = query.phrases.map(phraseOf).filter(Boolean) as string[];
  const strict = all([...wordGroups, ...phrases], ' & ');
  const anyWord = all([...new Set(operands(searchTokens(query.words.join(' '))))], ' | ');
  const relaxed = all([...(anyWord ? [anyWord] : []), ...phrases], ' & ');
  const excludedParts = query.excluded
    .map((text) => (/\s/u.test(text) ? phraseOf(text) : all(operands(strictTokens(text)), ' & ')))
    .filter(Boolean) as string[];
  return {
    strict,
    relaxed,
    excluded: excludedParts.length > 0 ? `(${excludedParts.join(' | ')})` : undefined,
    rankText: searchTokens([...query.words, ...query.phrases].join(' ')).join(' '),
    requiredText: [...new Set(required.flat())].join(' '),
  };
}
