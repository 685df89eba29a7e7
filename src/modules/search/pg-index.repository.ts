import { type Kysely, sql } from 'kysely';
import { runTransaction, stderrTransactionLog, type TransactionLog } from '../../platform/db/transaction.js';
import { addUserWords, searchDocument } from '../../platform/text/search-tokens.js';
import type { Db, ReindexOptions } from './search.port.js';

/**
 * The PostgreSQL index: one weighted tsvector per live question in `search_documents`, document
 * frequencies in `search_lexeme_stats` / `search_scope_stats`, title words in `search_words`
 * (migrations/0006-search.ts). Words come from platform/text/search-tokens (jieba, identifier
 * splitting), then PostgreSQL's `english` configuration stems them and drops stop words.
 */

/** Tables of this module, added to the app's DB type where needed. */
export type SearchTables = {
  search_documents: {
    question_id: number;
    scope: string;
    document: string;
    length: number;
    created_at: Date;
    indexed_at: Date;
    /** The ranking prior's inputs, kept equal to the question's by a trigger (migration 0012). */
    score: number;
    accepted: boolean;
    answered: boolean;
  };
  search_lexeme_stats: { scope: string; lexeme: string; doc_count: number };
  search_scope_stats: { scope: string; doc_count: number; avg_length: number };
  search_words: { word: string; doc_count: number };
};

export type SearchDb = Kysely<SearchTables>;

// Limits on what one document holds (index words): enough for any real post, cheap for huge ones.
const TITLE_TOKENS = 400;
const BODY_TOKENS = 6_000;
const ANSWER_TOKENS = 6_000;

interface SourceRow {
  id: number;
  title: string;
  tags: string[];
  body_text: string;
  scope: string;
  created_at: Date;
  deleted: boolean;
  score: number;
  accepted: boolean;
  answered: boolean;
  answers: string | null;
}

async function loadSources(db: Db, ids: readonly number[]): Promise<SourceRow[]> {
  const { rows } = await sql<SourceRow>`
    select q.id, q.title, q.tags, q.body_text, coalesce(q.import_source, '') as scope, q.created_at,
      q.deleted_at is not null as deleted, q.score, q.accepted_answer_id is not null as accepted,
      q.answer_count > 0 as answered,
      (select string_agg(a.body_text, ' ' order by a.score desc, a.id)
         from answers a where a.question_id = q.id and a.deleted_at is null) as answers
    from questions q where q.id = any(${sql.val([...ids])}::bigint[])`.execute(db);
  return rows;
}

/** The three weighted parts of a question's document, as index words (pure). */
export function documentParts(source: {
  title: string;
  tags: readonly string[];
  body: string;
  answers: string;
}) {
  const titleTags = `${source.title} ${source.tags.map((tag) => tag.replace(/-/g, ' ')).join(' ')} ${source.tags.join(' ')}`;
  return {
    a: searchDocument(titleTags, TITLE_TOKENS),
    b: searchDocument(source.body, BODY_TOKENS),
    c: searchDocument(source.answers, ANSWER_TOKENS),
  };
}

/** Writes (or removes) the documents of these questions; returns how many were written. */
export async function writeDocuments(db: Db, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const sources = await loadSources(db, ids);
  const gone = sources.filter((s) => s.deleted).map((s) => s.id);
  const live = sources.filter((s) => !s.deleted);
  // The site's Chinese tags (机器学习…) stay whole when segmenting.
  addUserWords(live.flatMap((s) => s.tags));
  const search = db.withTables<SearchTables>();
  if (gone.length > 0) await search.deleteFrom('search_documents').where('question_id', 'in', gone).execute();
  if (live.length === 0) return 0;
  const rows = live.map((s) => {
    const parts = documentParts({
      title: s.title,
      tags: s.tags,
      body: s.body_text,
      answers: s.answers ?? '',
    });
    const length = [parts.a, parts.b, parts.c].reduce((n, p) => n + (p ? p.split(' ').length : 0), 0);
    const { id, scope, created_at, score, accepted, answered } = s;
    return { id, scope, created_at, score, accepted, answered, length, ...parts };
  });
  await sql`
    insert into search_documents as d
      (question_id, scope, document, length, created_at, indexed_at, score, accepted, answered)
    select v.id, v.scope,
      setweight(to_tsvector('english', v.a), 'A') || setweight(to_tsvector('english', v.b), 'B')
        || setweight(to_tsvector('english', v.c), 'C'),
      v.length, v.created_at, now(), v.score, v.accepted, v.answered
    from jsonb_to_recordset(cast(${JSON.stringify(rows)} as jsonb))
      as v(id bigint, scope text, a text, b text, c text, length integer, created_at timestamptz,
        score integer, accepted boolean, answered boolean)
    on conflict (question_id) do update set scope = excluded.scope, document = excluded.document,
      length = excluded.length, created_at = excluded.created_at, indexed_at = excluded.indexed_at,
      score = excluded.score, accepted = excluded.accepted, answered = excluded.answered`.execute(db);
  await addWords(
    db,
    rows.map((r) => r.a),
  );
  return rows.length;
}

/** Adds title/tag words to the did-you-mean word list (counts are refreshed by reindex). */
async function addWords(db: Db, titles: readonly string[]): Promise<void> {
  const words = new Set<string>();
  for (const title of titles) {
    for (const word of title.split(' ')) if (isSuggestable(word)) words.add(word);
  }
  if (words.size === 0) return;
  await sql`insert into search_words (word) select unnest(${sql.val([...words])}::text[])
    on conflict (word) do nothing`.execute(db);
}

/** Latin words of 3–30 letters: what trigram similarity can correct. */
function isSuggestable(word: string): boolean {
  return /^[a-z][a-z0-9]{2,29}$/u.test(word);
}

/** Ids of the questions to (re)index, in id order. */
async function idsToIndex(db: Db, onlyMissing: boolean): Promise<number[]> {
  const { rows } = onlyMissing
    ? await sql<{ id: number }>`select q.id from questions q
        where q.deleted_at is null
          and not exists (select 1 from search_documents d where d.question_id = q.id)
        order by q.id`.execute(db)
    : await sql<{ id: number }>`select id from questions where deleted_at is null order by id`.execute(db);
  return rows.map((r) => r.id);
}

/** Rebuilds documents (all or the missing ones), then the statistics; returns documents written. */
export async function reindexDocuments(db: Db, options: ReindexOptions = {}): Promise<number> {
  const ids = await idsToIndex(db, options.onlyMissing ?? false);
  // Each batch and the statistics in a transaction of their own, retried on a deadlock with the app's writes.
  const tools = { db, log: options.log ?? stderrTransactionLog };
  const batch = options.batchSize ?? 200;
  if (!options.onlyMissing) {
    await sql`delete from search_documents d where not exists
      (select 1 from questions q where q.id = d.question_id and q.deleted_at is null)`.execute(db);
  }
  let written = 0;
  options.onProgress?.({ done: 0, total: ids.length });
  for (let i = 0; i < ids.length; i += batch) {
    const slice = ids.slice(i, i + batch);
    written += await runTransaction(tools, (trx) => writeDocuments(trx, slice));
    options.onProgress?.({ done: Math.min(i + batch, ids.length), total: ids.length });
  }
  if (written > 0 || !options.onlyMissing) await refreshStatistics(db, tools.log);
  return written;
}

/** Recounts document frequencies per scope and overall, and the did-you-mean word counts. */
export async function refreshStatistics(db: Db, log: TransactionLog = stderrTransactionLog): Promise<void> {
  await runTransaction({ db, log }, async (trx) => {
    await sql`delete from search_lexeme_stats`.execute(trx);
    await sql`delete from search_scope_stats`.execute(trx);
    await sql`insert into search_lexeme_stats (scope, lexeme, doc_count)
      select '*', word, ndoc from ts_stat('select document from search_documents')`.execute(trx);
    const { rows } = await sql<{ scope: string }>`select distinct scope from search_documents`.execute(trx);
    for (const { scope } of rows) {
      const inner = `select document from search_documents where scope = ${quoteLiteral(scope)}`;
      await sql`insert into search_lexeme_stats (scope, lexeme, doc_count)
        select ${scope}, word, ndoc from ts_stat(${inner})`.execute(trx);
    }
    await sql`insert into search_scope_stats (scope, doc_count, avg_length)
      select scope, count(*), coalesce(avg(length), 0) from search_documents group by scope
      union all
      select '*', count(*), coalesce(avg(length), 0) from search_documents`.execute(trx);
    // Did-you-mean words: Latin title words with how many live questions use them.
    await sql`delete from search_words`.execute(trx);
    await sql`insert into search_words (word, doc_count)
      select word, ndoc from ts_stat('select to_tsvector(''simple'', title) from questions where deleted_at is null')
      where word ~ '^[a-z][a-z0-9]{2,29}$'`.execute(trx);
  });
  // Fresh planner statistics: without them PostgreSQL misjudges how many documents a word matches.
  await sql`analyze search_documents, search_lexeme_stats, search_words`.execute(db);
}

function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
