import { type RawBuilder, sql } from 'kysely';
import { searchDocument } from '../../platform/text/search-tokens.js';
import { reindexDocuments, writeDocuments } from './pg-index.repository.js';
import { hasText, type ParsedQuery } from './query.rules.js';
import { tsQueriesOf } from './query-text.rules.js';
import {
  BLEND,
  FIELD_WEIGHTS,
  LENGTH_NORMALIZATION,
  pickQueryTerms,
  type QueryLexeme,
  tsqueryOperand,
  type WeightedTerm,
  weighSearchTerms,
} from './ranking.rules.js';
import type {
  Db,
  EngineHit,
  EngineResult,
  ReindexOptions,
  RelatedOptions,
  RelatedSource,
  SearchEngine,
  SearchSort,
} from './search.port.js';

/** Fewer strict matches than this, and the relaxed (any word) query is used instead. */
const RELAX_BELOW = 1;

/**
 * At most this many matches are ranked by text relevance (`ts_rank` reads each thread's whole
 * tsvector): when a query matches more, the ones with the best prior (votes, accepted and
 * answered, freshness) are ranked. Queries matching fewer are ranked exactly.
 */
export const RANK_CANDIDATES = 300;

/** How many of a related query's matches, picked by one combined ts_rank, get the exact score. */
export const RELATED_CANDIDATES = 200;

const weightsArray = sql.raw(`'{${FIELD_WEIGHTS.join(',')}}'::float4[]`);

/**
 * Σ weight × ts_rank(document, term) / Σ weight: BM25-like text relevance (see ranking.rules.ts).
 * Operands are checked to be letters and digits, then passed as parameters.
 */
function textScore(terms: readonly WeightedTerm[]): RawBuilder<number> {
  const total = terms.reduce((sum, t) => sum + t.weight, 0) || 1;
  const parts = terms.map(
    (t) =>
      sql`${t.weight / total}::float8 * ts_rank(${weightsArray}, d.document, ${tsqueryOperand(t.lexeme)}::tsquery, ${sql.raw(String(LENGTH_NORMALIZATION))})`,
  );
  return parts.length > 0 ? sql<number>`(${sql.join(parts, sql` + `)})` : sql<number>`0::float8`;
}

interface Stat {
  lexeme: string;
  doc_count: number;
}

/** PostgreSQL full text behind the search port (one database, GIN index, no extra service). */
export class PostgresSearchEngine implements SearchEngine {
  readonly name = 'postgresql';

  constructor(private readonly db: Db) {}

  indexQuestion(trx: Db, questionId: number): Promise<void> {
    return writeDocuments(trx, [questionId]).then(() => {});
  }

  reindex(options?: ReindexOptions): Promise<number> {
    return reindexDocuments(this.db, options);
  }

  private async totalDocs(scope: string): Promise<{ scope: string; total: number }> {
    const { rows } = await sql<{ scope: string; doc_count: number }>`
      select scope, doc_count from search_scope_stats where scope in (${scope}, '*')`.execute(this.db);
    const own = rows.find((r) => r.scope === scope) ?? rows.find((r) => r.scope === '*');
    if (own) return { scope: own.scope, total: own.doc_count };
    const counted = await sql<{ n: number }>`select count(*)::int as n from search_documents`.execute(
      this.db,
    );
    return { scope: '*', total: counted.rows[0]?.n ?? 0 };
  }

  async search(
    query: ParsedQuery,
    options: { sort: SearchSort; limit: number; offset: number; now: Date },
  ): Promise<EngineResult> {
    const texts = tsQueriesOf(query);
    const excluded = texts.excluded
      ? sql`and not (d.document @@ to_tsquery('english', ${texts.excluded}))`
      : sql``;
    if (!hasText(query) || !texts.strict) {
      // Filters only: no relevance to rank by, so newest first unless votes are asked for.
      const order =
        options.sort === 'votes' ? sql`q.score desc, q.id desc` : sql`q.created_at desc, q.id desc`;
      const join = texts.excluded ? sql`join search_documents d on d.question_id = q.id` : sql``;
      const { rows } = await sql<{ id: number; total: number }>`
        select q.id, count(*) over ()::int as total from questions q ${join}
        where q.deleted_at is null ${questionFilters(query)} ${excluded}
        order by ${order} limit ${options.limit} offset ${options.offset}`.execute(this.db);
      return { hits: rows.map((r) => ({ id: r.id, score: 0 })), total: rows[0]?.total ?? 0, relaxed: false };
    }
    const { total: totalDocs } = await this.totalDocs('*');
    const { rows: stats } = await sql<Stat>`
      select u.lexeme, coalesce(s.doc_count, 0)::int as doc_count
      from unnest(tsvector_to_array(to_tsvector('english', ${texts.rankText}))) as u(lexeme)
      left join search_lexeme_stats s on s.scope = '*' and s.lexeme = u.lexeme`.execute(this.db);
    const terms = weighSearchTerms(
      stats.map((s) => ({ lexeme: s.lexeme, docCount: s.doc_count })),
      totalDocs,
    ).filter((t) => tsqueryOperand(t.lexeme));
    const { where, needsQuestion } = documentFilters(query);
    // Tags and author live only on the question; every other filter and the prior read the document.
    const join = needsQuestion
      ? sql`join questions q on q.id = d.question_id and q.deleted_at is null`
      : sql``;
    const run = async (tsquery: string) => {
      const days = sql`extract(epoch from (${options.now}::timestamptz - d.created_at)) / 86400.0`;
      // What a question is worth before its text is read: relevance = text score × prior.
      const prior = sql`(1 + ${BLEND.votes}::float8 * ln(1 + greatest(d.score, 0))
          + case when d.accepted then ${BLEND.accepted}::float8 else 0 end
          + case when d.answered then ${BLEND.answered}::float8 else 0 end
          + ${BLEND.freshness}::float8 * power(0.5, greatest(${days}, 0) / ${BLEND.freshnessHalfLifeDays}))`;
      const [pick, order] =
        options.sort === 'newest'
          ? [sql`created_at desc, id desc`, sql`c.created_at desc, c.id desc`]
          : options.sort === 'votes'
            ? [sql`score desc, id desc`, sql`c.score desc, c.id desc`]
            : [sql`prior desc, id desc`, sql`relevance desc, c.id desc`];
      // Matches are found, counted and given their prior from the index's narrow rows alone (their
      // tsvectors stay in TOAST, migration 0012); only the candidates (the page itself for newest
      // and votes) fetch their tsvector to have their text ranked.
      const candidates =
        options.sort === 'relevance'
          ? Math.max(RANK_CANDIDATES, options.offset + options.limit)
          : options.offset + options.limit;
      const { rows } = await sql<{ id: number; relevance: number; total: number }>`
        with matched as (
          select d.question_id as id, d.created_at, d.score, ${prior} as prior
          from search_documents d ${join}
          where d.document @@ to_tsquery('english', ${tsquery}) ${where} ${excluded}
        ),
        c as (select * from matched order by ${pick} limit ${candidates})
        select c.id, ${textScore(terms)} * c.prior as relevance, (select count(*) from matched)::int as total
        from c join search_documents d on d.question_id = c.id
        order by ${order} limit ${options.limit} offset ${options.offset}`.execute(this.db);
      return { hits: rows.map((r) => ({ id: r.id, score: r.relevance })), total: rows[0]?.total ?? 0 };
    };
    const strict = await run(texts.strict);
    if (strict.total >= RELAX_BELOW || !texts.relaxed || texts.relaxed === texts.strict) {
      return { ...strict, relaxed: false };
    }
    return { ...(await run(texts.relaxed)), relaxed: true };
  }

  async related(source: RelatedSource, options: RelatedOptions): Promise<EngineHit[]> {
    const tags = source.tags ?? [];
    const titleText = searchDocument(`${source.title} ${tags.join(' ')}`, 400);
    const bodyText = searchDocument(source.body ?? '', 3_000);
    if (!titleText && !bodyText) return [];
    const { scope: statsScope, total } = await this.totalDocs(options.scope ?? '*');
    const { rows } = await sql<QueryLexeme & { lexeme: string }>`
      select coalesce(t.lexeme, b.lexeme) as lexeme,
        coalesce(array_length(t.positions, 1), 0)::int as "titleCount",
        coalesce(array_length(b.positions, 1), 0)::int as "bodyCount",
        coalesce(s.doc_count, 0)::int as "docCount"
      from unnest(to_tsvector('english', ${titleText})) t
      full join unnest(to_tsvector('english', ${bodyText})) b on b.lexeme = t.lexeme
      left join search_lexeme_stats s on s.scope = ${statsScope} and s.lexeme = coalesce(t.lexeme, b.lexeme)`.execute(
      this.db,
    );
    const terms = pickQueryTerms(
      rows.filter((r) => tsqueryOperand(r.lexeme)),
      total,
    );
    if (terms.length === 0) return [];
    const any = terms.map((t) => tsqueryOperand(t.lexeme)).join(' | ');
    const conditions = [
      sql`d.document @@ ${any}::tsquery`,
      ...(options.excludeId !== undefined ? [sql`d.question_id <> ${options.excludeId}`] : []),
      ...(options.scope !== undefined ? [sql`d.scope = ${options.scope}`] : []),
      ...(options.createdBefore ? [sql`d.created_at < ${options.createdBefore}`] : []),
    ];
    // A question as a query matches much of the site. Each match is first scored once against
    // all the terms together (one read of its tsvector), and only the best of those get the
    // exact, IDF-weighted score, which reads the tsvector once per term.
    const { rows: hits } = await sql<{ id: number; score: number }>`
      with c as (
        select d.question_id from search_documents d
        where ${sql.join(conditions, sql` and `)}
        order by ts_rank(${weightsArray}, d.document, ${any}::tsquery, ${sql.raw(String(LENGTH_NORMALIZATION))}) desc,
          d.question_id desc
        limit ${Math.max(RELATED_CANDIDATES, options.limit)}
      )
      select d.question_id as id, ${textScore(terms)} as score from c join search_documents d using (question_id)
      order by score desc, d.question_id desc limit ${options.limit}`.execute(this.db);
    return hits;
  }

  async suggest(words: readonly string[]): Promise<string[] | undefined> {
    const latin = words.map((w) => w.toLowerCase());
    const candidates = latin.filter((w) => /^[a-z][a-z0-9]{2,29}$/u.test(w));
    if (candidates.length === 0) return undefined;
    const { rows } = await sql<{ input: string; word: string | null; known: boolean }>`
      select i.input, exists (select 1 from search_words k where k.word = i.input) as known, best.word
      from unnest(${sql.val(candidates)}::text[]) as i(input)
      left join lateral (
        select w.word from search_words w where w.word % i.input and w.word <> i.input
        order by similarity(w.word, i.input) desc, w.doc_count desc, w.word limit 1
      ) best on true`.execute(this.db);
    const fix = new Map(rows.filter((r) => !r.known && r.word).map((r) => [r.input, r.word!]));
    if (fix.size === 0) return undefined;
    return latin.map((w) => fix.get(w) ?? w);
  }
}

/** Where a filter reads its value: the question itself, or its search document's copy. */
interface FilterColumns {
  readonly answered: RawBuilder<boolean>;
  readonly accepted: RawBuilder<boolean>;
  readonly score: RawBuilder<number>;
  readonly createdAt: RawBuilder<Date>;
}

const ON_QUESTION: FilterColumns = {
  answered: sql`q.answer_count > 0`,
  accepted: sql`q.accepted_answer_id is not null`,
  score: sql`q.score`,
  createdAt: sql`q.created_at`,
};

const ON_DOCUMENT: FilterColumns = {
  answered: sql`d.answered`,
  accepted: sql`d.accepted`,
  score: sql`d.score`,
  createdAt: sql`d.created_at`,
};

/** The query's filters as SQL conditions; tags and author are always read from the question `q`. */
function filterConditions(query: ParsedQuery, on: FilterColumns): RawBuilder<unknown>[] {
  const parts: RawBuilder<unknown>[] = [];
  if (query.tags.length > 0) parts.push(sql`q.tags @> ${sql.val(query.tags)}::text[]`);
  if (query.excludedTags.length > 0) parts.push(sql`not (q.tags && ${sql.val(query.excludedTags)}::text[])`);
  if (query.answered === true) parts.push(on.answered);
  if (query.answered === false) parts.push(sql`not ${on.answered}`);
  if (query.accepted) parts.push(on.accepted);
  if (query.userId !== undefined) parts.push(sql`q.author_id = ${query.userId}`);
  if (query.minScore !== undefined) parts.push(sql`${on.score} >= ${query.minScore}`);
  if (query.maxScore !== undefined) parts.push(sql`${on.score} <= ${query.maxScore}`);
  if (query.createdFrom) parts.push(sql`${on.createdAt} >= ${query.createdFrom}`);
  if (query.createdBefore) parts.push(sql`${on.createdAt} < ${query.createdBefore}`);
  return parts;
}

function and(parts: readonly RawBuilder<unknown>[]): RawBuilder<unknown> {
  return parts.length > 0 ? sql`and ${sql.join(parts, sql` and `)}` : sql``;
}

/** Filters on questions `q` (a query without words). */
function questionFilters(query: ParsedQuery): RawBuilder<unknown> {
  return and(filterConditions(query, ON_QUESTION));
}

/** Filters on documents `d`, and whether they also need the question `q` joined. */
function documentFilters(query: ParsedQuery): { where: RawBuilder<unknown>; needsQuestion: boolean } {
  const needsQuestion = query.tags.length > 0 || query.excludedTags.length > 0 || query.userId !== undefined;
  return { where: and(filterConditions(query, ON_DOCUMENT)), needsQuestion };
}
