import type { ServiceContext } from '../../platform/context.js';
import { NotFoundError } from '../../platform/http/errors.js';
import { mathToText } from '../../platform/markdown/index.js';
import { searchEngineFor } from './engine.js';
import {
  formatQuery,
  hasText,
  isEmptyQuery,
  type ParsedQuery,
  parseQuery,
  type SearchWarning,
} from './query.rules.js';
import type { EngineResult, SearchSort } from './search.port.js';
import { findQuestionSource, findResultQuestions, type ResultQuestion } from './search.repository.js';
import { highlightHtml, highlightNeedles, snippetHtml } from './snippet.rules.js';

export const searchSorts = ['relevance', 'newest', 'votes'] as const;

/** Deepest result reachable by paging (page × pageSize): deeper pages are empty. */
export const MAX_RESULT_DEPTH = 1_000;
/** Fewer results than this, and "did you mean" is looked for. */
const SUGGEST_BELOW = 3;

export interface SearchInput {
  readonly q: string;
  readonly sort?: SearchSort | undefined;
  readonly page: number;
  readonly pageSize: number;
}

export interface SearchResultItem extends ResultQuestion {
  /** Escaped title with the searched words in `<mark>`: safe HTML. */
  readonly titleHtml: string;
  /** Escaped text around the searched words, marked: safe HTML. */
  readonly snippetHtml: string;
}

export interface SearchOutcome {
  readonly query: ParsedQuery;
  /** The query as the engine understood it (for links). */
  readonly canonical: string;
  /** `empty`: nothing was asked (no words, no filters). */
  readonly state: 'empty' | 'searched';
  readonly sort: SearchSort;
  readonly items: SearchResultItem[];
  readonly total: number;
  /** More questions match than `total` (counting stops at 1,000). */
  readonly totalCapped: boolean;
  readonly page: number;
  readonly pageSize: number;
  /** No question held every word; these hold some of them. */
  readonly relaxed: boolean;
  /** A respelled query worth trying ("did you mean"). */
  readonly suggestion: string | undefined;
  readonly warnings: SearchWarning[];
}

/**
 * Searches live questions: parses what was typed (never failing on odd input), asks the engine,
 * loads the page of results with highlighted titles and snippets, and suggests a respelling
 * when there is little to show.
 */
export async function searchQuestions(ctx: ServiceContext, input: SearchInput): Promise<SearchOutcome> {
  const query = parseQuery(input.q);
  const sort: SearchSort = input.sort ?? 'relevance';
  const base = {
    query,
    canonical: formatQuery(query),
    sort,
    page: input.page,
    pageSize: input.pageSize,
    warnings: query.warnings,
  };
  if (isEmptyQuery(query)) {
    return {
      ...base,
      state: 'empty',
      items: [],
      total: 0,
      totalCapped: false,
      relaxed: false,
      suggestion: undefined,
    };
  }
  const offset = (input.page - 1) * input.pageSize;
  const engine = searchEngineFor(ctx.db);
  const result: EngineResult =
    offset >= MAX_RESULT_DEPTH
      ? { hits: [], total: 0, totalCapped: false, relaxed: false }
      : await engine.search(query, {
          sort,
          limit: Math.min(input.pageSize, MAX_RESULT_DEPTH - offset),
          offset,
          now: ctx.clock.now(),
        });
  const needles = highlightNeedles([...query.words, ...query.phrases]);
  const questions = await findResultQuestions(
    ctx.db,
    result.hits.map((hit) => hit.id),
  );
  const items = questions.map((q) => ({
    ...q,
    // Formulas read as text (|ψ⟩, not |\psi\rangle); body text has them so since it is rendered.
    titleHtml: highlightHtml(mathToText(q.title), needles),
    snippetHtml: snippetHtml(q.text, needles),
  }));
  let suggestion: string | undefined;
  if (hasText(query) && (result.total < SUGGEST_BELOW || result.relaxed) && query.words.length > 0) {
    // Only a respelling that finds something (every word, not the relaxed any-word match): a
    // probe for one match each, not a ranked search.
    for (const words of await engine.suggest(query.words)) {
      const respelled = { ...query, words };
      if (await engine.hasMatch(respelled)) {
        suggestion = formatQuery(respelled);
        break;
      }
    }
  }
  const { total, totalCapped, relaxed } = result;
  return { ...base, state: 'searched', items, total, totalCapped, relaxed, suggestion };
}

export interface RelatedQuestion {
  readonly id: number;
  readonly title: string;
  readonly slug: string;
  readonly score: number;
  readonly answerCount: number;
  readonly acceptedAnswerId: number | null;
}

function brief(q: ResultQuestion): RelatedQuestion {
  return {
    id: q.id,
    title: mathToText(q.title),
    slug: q.slug,
    score: q.score,
    answerCount: q.answerCount,
    acceptedAnswerId: q.acceptedAnswerId,
  };
}

/** Questions like a live question (its title, tags and body), best first; not the question itself. */
export async function relatedQuestions(
  ctx: ServiceContext,
  questionId: number,
  limit = 8,
): Promise<RelatedQuestion[]> {
  const source = await findQuestionSource(ctx.db, questionId);
  if (!source) throw new NotFoundError('question.not_found');
  const hits = await searchEngineFor(ctx.db).related(source, { limit, excludeId: questionId });
  return (
    await findResultQuestions(
      ctx.db,
      hits.map((h) => h.id),
      0,
    )
  ).map(brief);
}

/** Questions like a title being typed on the ask page (and optional tags), best first. */
export async function similarQuestions(
  ctx: ServiceContext,
  input: { title: string; tags?: readonly string[] | undefined },
  limit = 6,
): Promise<RelatedQuestion[]> {
  const title = input.title.normalize('NFKC').slice(0, 300).trim();
  if ([...title].length < 4) return [];
  const hits = await searchEngineFor(ctx.db).related({ title, tags: input.tags }, { limit });
  return (
    await findResultQuestions(
      ctx.db,
      hits.map((h) => h.id),
      0,
    )
  ).map(brief);
}
