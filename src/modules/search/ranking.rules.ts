/**
 * How search ranks, as numbers and pure functions (docs/search.md explains the choices; the
 * dev-pair evaluation, `npm run eval:search`, is how they were tuned).
 *
 * Text relevance is a BM25-like sum over the query's index words: each word contributes its IDF
 * (rare words matter more) times PostgreSQL's `ts_rank` of the document for that one word, which
 * saturates with repetition and weighs where the word occurs (title and tags A, body B, answers C).
 */

/** `ts_rank` weights in PostgreSQL's order {D, C, B, A}: answers (C) count a third of a title word. */
export const FIELD_WEIGHTS: readonly [number, number, number, number] = [0.05, 0.45, 0.55, 1];

/** `ts_rank` normalisation: 1 divides by 1 + log(document length), so long threads do not win by size. */
export const LENGTH_NORMALIZATION = 1;

/** Query words from a question's title (and tags) count this much more than words of its body. */
export const TITLE_QUERY_BOOST = 2;

/** A question used as a query contributes at most this many words (its most telling ones). */
export const MAX_RELATED_TERMS = 40;

/**
 * Of those, a related question must hold one of this many heaviest; the rest only add to its
 * score. Matching on all 40 found most of the site (dev pairs: MRR 0.496 with 15, 0.496 with 40).
 */
export const RELATED_MATCH_TERMS = 15;

/** Words in more than this share of documents are left out of a question-as-query (too common). */
export const MAX_DOC_SHARE = 0.5;

/** How the relevance sort blends text with votes, an accepted answer and freshness. */
export const BLEND = {
  /** Per natural-log unit of (1 + score), for questions with a positive score. */
  votes: 0.06,
  accepted: 0.05,
  answered: 0.02,
  /** Up to this much for a brand-new question, halving every `freshnessHalfLifeDays`. */
  freshness: 0.05,
  freshnessHalfLifeDays: 365,
} as const;

/** Robertson–Spärck Jones IDF as BM25 uses it; never negative. */
export function idf(docCount: number, totalDocs: number): number {
  const n = Math.max(totalDocs, 1);
  const df = Math.min(Math.max(docCount, 0), n);
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

export interface QueryLexeme {
  readonly lexeme: string;
  /** Occurrences in the query's title and tags. */
  readonly titleCount: number;
  /** Occurrences in the query's body. */
  readonly bodyCount: number;
  /** Documents holding the lexeme (0 when unknown: then it counts as rare). */
  readonly docCount: number;
}

export interface WeightedTerm {
  readonly lexeme: string;
  readonly weight: number;
}

/**
 * The words of a question used as a query (related and similar questions), each with its weight:
 * IDF × (title boost when it occurs in the title) × a gently growing function of how often the
 * question repeats it. Common words (in more than MAX_DOC_SHARE of documents) are dropped unless
 * nothing else is left; the heaviest `maxTerms` are kept.
 */
export function pickQueryTerms(
  lexemes: readonly QueryLexeme[],
  totalDocs: number,
  maxTerms = MAX_RELATED_TERMS,
): WeightedTerm[] {
  const weighted = lexemes
    .filter((l) => l.titleCount + l.bodyCount > 0)
    .map((l) => ({
      lexeme: l.lexeme,
      common: totalDocs > 20 && l.docCount > totalDocs * MAX_DOC_SHARE,
      weight:
        idf(l.docCount, totalDocs) *
        (l.titleCount > 0 ? TITLE_QUERY_BOOST : 1) *
        (1 + Math.log(l.titleCount + l.bodyCount)),
    }));
  const useful = weighted.filter((t) => !t.common);
  return (useful.length > 0 ? useful : weighted)
    .sort((a, b) => b.weight - a.weight || a.lexeme.localeCompare(b.lexeme))
    .slice(0, maxTerms)
    .map(({ lexeme, weight }) => ({ lexeme, weight }));
}

/** The terms of a typed search, weighted by IDF only (every word typed matters as much). */
export function weighSearchTerms(
  lexemes: readonly { lexeme: string; docCount: number }[],
  totalDocs: number,
): WeightedTerm[] {
  return lexemes.map((l) => ({ lexeme: l.lexeme, weight: idf(l.docCount, totalDocs) }));
}

/** A lexeme as a quoted tsquery operand; undefined if it holds anything but letters and digits. */
export function tsqueryOperand(lexeme: string): string | undefined {
  return /^[\p{L}\p{N}\p{M}]+$/u.test(lexeme) ? `'${lexeme}'` : undefined;
}

/**
 * A query matching at least this share of all documents is answered by walking the documents in
 * the order asked for (score or date, from a b-tree) until enough match, instead of finding every
 * match through the GIN index: for common words that stops after a few hundred rows, where the
 * GIN path would visit a heap page for each of thousands of matches. Below this share the GIN
 * path is the cheaper one (docs/search.md, "Speed").
 */
export const PROBE_MIN_SHARE = 0.08;

/** Search counts its matches up to this many; beyond it the total is shown as "1,000+". */
export const COUNT_LIMIT = 1_000;

/** How many documents, at most, the walk reads to find `wanted` matches before giving up. */
export function probeRows(wanted: number): number {
  return Math.ceil((2 * wanted) / PROBE_MIN_SHARE);
}

/**
 * How many documents are expected to hold every one (`all`) or any (`any`) of the words with
 * these document counts, taking the words as independent (as PostgreSQL's planner does).
 */
export function expectedMatches(
  docCounts: readonly number[],
  totalDocs: number,
  mode: 'all' | 'any',
): number {
  const n = Math.max(totalDocs, 0);
  if (n === 0 || docCounts.length === 0) return 0;
  const shares = docCounts.map((df) => Math.min(Math.max(df, 0), n) / n);
  if (mode === 'all') return n * shares.reduce((product, share) => product * share, 1);
  return n * (1 - shares.reduce((product, share) => product * (1 - share), 1));
}
