import { type RawBuilder, sql } from 'kysely';
import { searchDocument } from '../../platform/text/search-tokens.js';
import { reindexDocuments, writeDocuments } from './pg-index.repository.js';
import { hasText, type ParsedQuery } from './query.rules.js';
import { tsQueriesOf } from './query-text.rules.js';
import {
  BLEND,
  COUNT_LIMIT,
  expectedMatches,
  FIELD_WEIGHTS,
  LENGTH_NORMALIZATION,
  PROBE_MIN_SHARE,
  pickQueryTerms,
  probeRows,
  type QueryLexeme,
  RELATED_MATCH_TERMS,
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
import { corrections, respellings } from './suggest.rules.js';

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

/** What a question is worth before its text is read, from its document: relevance = text × prior. */
function prior(now: Date): RawBuilder<number> {
  const days = sql`extract(epoch from (${now}::timestamptz - m.created_at)) / 86400.0`;
  return sql<number>`(1 + ${BLEND.votes}::float8 * ln(1 + greatest(m.score, 0))
    + case when m.accepted then ${BLEND.accepted}::float8 else 0 end
    + case when m.answered then ${BLEND.answered}::float8 else 0 end
    + ${BLEND.freshness}::float8 * power(0.5, greatest(${days}, 0) / ${BLEND.freshnessHalfLifeDays}))`;
}

interface Stat {
  lexeme: string;
  doc_count: number;
}

/** PostgreSQL full text behind the search port (one database, GIN index, no extra service). */
/** Trigram similarity a did-you-mean candidate needs, and how many are ranked per word. */
const SUGGEST_SIMILARITY = 0.2;
const SUGGEST_CANDIDATES = 40;

export class PostgresSearchEngine implements SearchEngine {
  readonly name = 'postgresql';

  private readonly walkMinShare: number;
  private readonly countLimit: number;

  /** `walkMinShare` and `countLimit` are PROBE_MIN_SHARE and COUNT_LIMIT unless a test moves them. */
  constructor(
    private readonly db: Db,
    options: { walkMinShare?: number; countLimit?: number } = {},
  ) {
    this.walkMinShare = options.walkMinShare ?? PROBE_MIN_SHARE;
    this.countLimit = options.countLimit ?? COUNT_LIMIT;
  }

  /** A count as the port reports it: exact up to the limit, beyond it the limit and `totalCapped`. */
  private capped(count: number): { total: number; totalCapped: boolean } {
    return count > this.countLimit
      ? { total: this.countLimit, totalCapped: true }
      : { total: count, totalCapped: false };
  }

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
      return {
        hits: rows.map((r) => ({ id: r.id, score: 0 })),
        ...this.capped(rows[0]?.total ?? 0),
        relaxed: false,
      };
    }
    const { total: totalDocs } = await this.totalDocs('*');
    const { rows: stats } = await sql<Stat & { required: boolean }>`
      select u.lexeme, coalesce(s.doc_count, 0)::int as doc_count,
        u.lexeme = any(tsvector_to_array(to_tsvector('english', ${texts.requiredText}))) as required
      from unnest(tsvector_to_array(to_tsvector('english', ${texts.rankText}))) as u(lexeme)
      left join search_lexeme_stats s on s.scope = '*' and s.lexeme = u.lexeme`.execute(this.db);
    const terms = weighSearchTerms(
      stats.map((s) => ({ lexeme: s.lexeme, docCount: s.doc_count })),
      totalDocs,
    ).filter((t) => tsqueryOperand(t.lexeme));
    const { where, needsQuestion, any: anyFilter } = documentFilters(query);
    // Tags and author live only on the question; every other filter and the prior read the document.
    const join = needsQuestion
      ? sql`join questions q on q.id = d.question_id and q.deleted_at is null`
      : sql``;
    const [pick, order] =
      options.sort === 'newest'
        ? [sql`created_at desc, id desc`, sql`c.created_at desc, c.id desc`]
        : options.sort === 'votes'
          ? [sql`score desc, id desc`, sql`c.score desc, c.id desc`]
          : [sql`score desc, id desc`, sql`relevance desc, c.id desc`];
    // Only the candidates (the page itself for newest and votes) have their text ranked:
    // `ts_rank` reads a thread's whole tsvector.
    const candidates =
      options.sort === 'relevance'
        ? Math.max(RANK_CANDIDATES, options.offset + options.limit)
        : options.offset + options.limit;
    // `m` is materialised: inlined, the planner would meet `order by score limit` over the GIN
    // path's matches by walking the score index and testing every row's tsvector (0.4 s).
    const rank = (from: RawBuilder<unknown>) => sql<{ id: number; relevance: number; found: number }>`
      with m as materialized (${from}),
      c as (select m.id, m.created_at, m.score, ${prior(options.now)} as prior, count(*) over () as found
            from m order by ${pick} limit ${candidates})
      select c.id, ${textScore(terms)} * c.prior as relevance, c.found::int as found
      from c join search_documents d on d.question_id = c.id
      order by ${order} limit ${options.limit} offset ${options.offset}`;
    const hitsOf = (rows: { id: number; relevance: number }[]) =>
      rows.map((r) => ({ id: r.id, score: r.relevance }));

    // Every match through the GIN index: exact, and cheap unless a word is common.
    const everyMatch = async (tsquery: string) => {
      const { rows } = await rank(sql`
        select d.question_id as id, d.created_at, d.score, d.accepted, d.answered
        from search_documents d ${join}
        where d.document @@ to_tsquery('english', ${tsquery}) ${where} ${excluded}`).execute(this.db);
      return { hits: hitsOf(rows), ...this.capped(rows[0]?.found ?? 0) };
    };
    // The first matches in the order asked for, walking a b-tree (PROBE_MIN_SHARE): undefined when
    // the walk ends before enough match (the estimate was wrong), and the GIN path answers.
    const walk = async (tsquery: string) => {
      const walkOrder =
        options.sort === 'newest'
          ? sql`created_at desc, question_id desc`
          : sql`score desc, question_id desc`;
      // The inner scan hands rows on in index order; the outer LIMIT stops it at `candidates` matches.
      const { rows } = await rank(sql`
        select d.question_id as id, d.created_at, d.score, d.accepted, d.answered
        from (select question_id, created_at, score, accepted, answered, document from search_documents
              order by ${walkOrder} limit ${probeRows(candidates)}) d
        where d.document @@ to_tsquery('english', ${tsquery})
        limit ${candidates}`).execute(this.db);
      if ((rows[0]?.found ?? 0) < candidates) return undefined;
      return { hits: hitsOf(rows), ...this.capped(await this.countMatches(tsquery)) };
    };
    const run = async (tsquery: string, mode: 'all' | 'any') => {
      const walkable = !anyFilter && query.phrases.length === 0 && !texts.excluded;
      const docCounts = stats.filter((s) => mode === 'any' || s.required).map((s) => s.doc_count);
      const expected = expectedMatches(docCounts, totalDocs, mode);
      const walked = walkable && expected >= this.walkMinShare * totalDocs ? await walk(tsquery) : undefined;
      return walked ?? (await everyMatch(tsquery));
    };
    const strict = await run(texts.strict, 'all');
    if (strict.total >= RELAX_BELOW || !texts.relaxed || texts.relaxed === texts.strict) {
      return { ...strict, relaxed: false };
    }
    return { ...(await run(texts.relaxed, 'any')), relaxed: true };
  }

  async hasMatch(query: ParsedQuery): Promise<boolean> {
    const texts = tsQueriesOf(query);
    const excluded = texts.excluded
      ? sql`and not (d.document @@ to_tsquery('english', ${texts.excluded}))`
      : sql``;
    // The same conditions as `search`'s first try (filters only, or every word), asked as `exists`.
    if (!hasText(query) || !texts.strict) {
      const join = texts.excluded ? sql`join search_documents d on d.question_id = q.id` : sql``;
      const { rows } = await sql<{ found: boolean }>`
        select exists (select 1 from questions q ${join}
          where q.deleted_at is null ${questionFilters(query)} ${excluded}) as found`.execute(this.db);
      return rows[0]?.found === true;
    }
    const { where, needsQuestion } = documentFilters(query);
    const join = needsQuestion
      ? sql`join questions q on q.id = d.question_id and q.deleted_at is null`
      : sql``;
    const { rows } = await sql<{ found: boolean }>`
      select exists (select 1 from search_documents d ${join}
        where d.document @@ to_tsquery('english', ${texts.strict}) ${where} ${excluded}) as found`.execute(
      this.db,
    );
    return rows[0]?.found === true;
  }

  /** Matches of a tsquery, counted up to the count limit + 1 through the GIN index. */
  private async countMatches(tsquery: string): Promise<number> {
    const count = async (db: Db) => {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from (
          select 1 from search_documents d where d.document @@ to_tsquery('english', ${tsquery})
          limit ${this.countLimit + 1}) x`.execute(db);
      return rows[0]?.n ?? 0;
    };
    if (this.db.isTransaction) return count(this.db);
    // With a LIMIT, the planner reads the table in order and tests every row's tsvector, which
    // for a common word costs more than the index's bitmap and a thousand heap rows.
    return this.db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      return count(trx);
    });
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
    // A match must hold one of the most telling words; all of them count in its score.
    const telling = terms
      .slice(0, RELATED_MATCH_TERMS)
      .map((t) => tsqueryOperand(t.lexeme))
      .join(' | ');
    const conditions = [
      sql`d.document @@ ${telling}::tsquery`,
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

  async suggest(words: readonly string[]): Promise<string[][]> {
    const latin = words.map((w) => w.toLowerCase());
    const inputs = [...new Set(latin.filter((w) => /^[a-z][a-z0-9]{2,29}$/u.test(w)))];
    if (inputs.length === 0) return [];
    // Near words by trigrams (the GIN index), a looser net than the default 0.3: a swap of two
    // letters (nueral) leaves few trigrams in common. suggest.rules.ts then ranks by edits.
    const rows = await this.db.transaction().execute(async (trx) => {
      await sql`set local pg_trgm.similarity_threshold = ${sql.lit(SUGGEST_SIMILARITY)}`.execute(trx);
      return (
        await sql<{ input: string; word: string; doc_count: number }>`
          select i.input, c.word, c.doc_count
          from unnest(${sql.val(inputs)}::text[]) as i(input)
          cross join lateral (
            select w.word, w.doc_count from search_words w where w.word % i.input
            order by similarity(w.word, i.input) desc, w.doc_count desc limit ${SUGGEST_CANDIDATES}
          ) c`.execute(trx)
      ).rows;
    });
    const fixes = new Map<string, string[]>();
    for (const input of inputs) {
      const near = rows
        .filter((r) => r.input === input)
        .map((r) => ({ word: r.word, docCount: r.doc_count }));
      fixes.set(input, corrections(input, near));
    }
    return respellings(latin, fixes);
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

/** Filters on documents `d`, whether they also need the question `q` joined, and whether any. */
function documentFilters(query: ParsedQuery): {
  where: RawBuilder<unknown>;
  needsQuestion: boolean;
  any: boolean;
} {
  const needsQuestion = query.tags.length > 0 || query.excludedTags.length > 0 || query.userId !== undefined;
  const conditions = filterConditions(query, ON_DOCUMENT);
  return { where: and(conditions), needsQuestion, any: conditions.length > 0 };
}
