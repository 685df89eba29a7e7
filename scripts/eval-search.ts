// `npm run eval:search -- --data DIR --pairs FILE [--json] [--limit N]`: loads the corpus in DIR
// (laid out like ../shared/data) into a fresh in-memory database through the real import path
// (seedFromData, which also indexes it), then for every query question of FILE (the format of
// links_dev.jsonl) ranks the earlier questions of the same site with the very engine call that
// serves related questions (`SearchEngine.related`), and prints MAP, MRR, P@1, Recall@10,
// nDCG@10 and query times, for all pairs and per relation, beside a plain baseline: unweighted
// `simple`-config full text over title + body, computed in the same run.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { seedFromData } from '../src/modules/imports/index.js';
import { reindexSearch, searchEngineFor } from '../src/modules/search/index.js';
import { IN_MEMORY, migrateToLatest, openDatabase } from '../src/platform/db/index.js';
import type { DB } from '../src/platform/db/schema.js';

const USAGE = `usage: npm run eval:search -- --data DIR --pairs FILE [--json] [--limit N] [--cache FILE]
  --limit N     rank this many questions per query (default 100)
  --cache FILE  tuning aid: keep the loaded corpus in FILE (PGlite dump) and reuse it on the next
                run, rebuilding only the search index (skips the import; default: always import)`;

interface Pair {
  site: string;
  query_id: number;
  target_id: number;
  relation: string;
}

interface Metrics {
  queries: number;
  MAP: number;
  MRR: number;
  'P@1': number;
  'R@10': number;
  'nDCG@10': number;
}

interface QuestionRow {
  id: number;
  scope: string;
  importId: string;
  title: string;
  body: string;
  tags: string[];
  createdAt: Date;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

function readPairs(file: string): Pair[] {
  const pairs: Pair[] = [];
  for (const [n, line] of readFileSync(file, 'utf8').split('\n').entries()) {
    if (!line.trim()) continue;
    const p = JSON.parse(line) as Partial<Pair>;
    if (typeof p.site !== 'string' || p.query_id === undefined || p.target_id === undefined) {
      throw new Error(`${file}:${n + 1}: a pair needs site, query_id and target_id`);
    }
    pairs.push({
      site: p.site,
      query_id: p.query_id,
      target_id: p.target_id,
      relation: p.relation ?? 'linked',
    });
  }
  return pairs;
}

/** Binary-relevance metrics of one ranked list. */
function score(ranked: readonly number[], relevant: ReadonlySet<number>) {
  let hits = 0;
  let precisionSum = 0;
  let first = 0;
  let dcg = 0;
  ranked.forEach((id, index) => {
    if (!relevant.has(id)) return;
    const rank = index + 1;
    hits += 1;
    precisionSum += hits / rank;
    if (!first) first = rank;
    if (rank <= 10) dcg += 1 / Math.log2(rank + 1);
  });
  let idcg = 0;
  for (let i = 1; i <= Math.min(relevant.size, 10); i++) idcg += 1 / Math.log2(i + 1);
  return {
    ap: precisionSum / relevant.size,
    rr: first ? 1 / first : 0,
    p1: first === 1 ? 1 : 0,
    r10: ranked.slice(0, 10).filter((id) => relevant.has(id)).length / relevant.size,
    ndcg: idcg ? dcg / idcg : 0,
  };
}

function average(results: ReturnType<typeof score>[]): Metrics {
  const n = results.length || 1;
  const mean = (f: (r: ReturnType<typeof score>) => number) =>
    Math.round((results.reduce((s, r) => s + f(r), 0) / n) * 10_000) / 10_000;
  return {
    queries: results.length,
    MAP: mean((r) => r.ap),
    MRR: mean((r) => r.rr),
    'P@1': mean((r) => r.p1),
    'R@10': mean((r) => r.r10),
    'nDCG@10': mean((r) => r.ndcg),
  };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
}

async function loadQuestions(db: Kysely<DB>): Promise<Map<string, QuestionRow>> {
  const { rows } = await sql<QuestionRow>`
    select id, import_source as scope, import_id as "importId", title, body_text as body, tags,
      created_at as "createdAt"
    from questions where import_source like 'se:%' and deleted_at is null`.execute(db);
  return new Map(rows.map((r) => [`${r.scope}#${r.importId}`, r]));
}

/** The baseline: unweighted `simple` full text over title + body, any query word, ts_rank. */
async function prepareBaseline(db: Kysely<DB>): Promise<void> {
  await sql`create temporary table eval_baseline as
    select id as question_id, import_source as scope, created_at,
      to_tsvector('simple', title || ' ' || body_text) as document
    from questions where import_source like 'se:%' and deleted_at is null`.execute(db);
  await sql`create index on eval_baseline using gin (document)`.execute(db);
}

async function baselineRank(db: Kysely<DB>, q: QuestionRow, limit: number): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    with query as (
      select to_tsquery('simple', string_agg(quote_literal(lexeme), ' | ')) as tsq
      from unnest(to_tsvector('simple', ${`${q.title} ${q.body}`})) as u(lexeme)
      where lexeme ~ '^[[:alnum:]]+$'
    )
    select b.question_id as id from eval_baseline b, query
    where b.scope = ${q.scope} and b.created_at < ${q.createdAt} and b.question_id <> ${q.id}
      and b.document @@ query.tsq
    order by ts_rank(b.document, query.tsq) desc, b.question_id desc limit ${limit}`.execute(db);
  return rows.map((r) => r.id);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      pairs: { type: 'string' },
      json: { type: 'boolean' },
      limit: { type: 'string' },
      cache: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || !values.data || !values.pairs) {
    process.stdout.write(`${USAGE}\n`);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const limit = Number(values.limit ?? 100);
  if (!Number.isSafeInteger(limit) || limit < 10) throw new Error('--limit must be a whole number ≥ 10');
  const pairs = readPairs(resolve(values.pairs));
  const cache = values.cache && resolve(values.cache);
  const cached = cache && existsSync(cache) ? new Blob([readFileSync(cache)]) : undefined;
  const database = await openDatabase({ dataDir: IN_MEMORY, ...(cached ? { loadDataDir: cached } : {}) });
  try {
    const { db } = database;
    await migrateToLatest(db);
    const started = performance.now();
    if (cached) {
      log(`reusing the corpus in ${cache}; rebuilding the search index…`);
      await reindexSearch(db);
    } else {
      log(`loading ${resolve(values.data)} through the import path…`);
      await seedFromData(db, resolve(values.data));
      // seedFromData indexes what it loads; this only covers a corpus loaded without it.
      await reindexSearch(db, { onlyMissing: true });
      if (cache && database.dumpDataDir) {
        writeFileSync(cache, Buffer.from(await (await database.dumpDataDir()).arrayBuffer()));
      }
    }
    log(`loaded and indexed in ${Math.round((performance.now() - started) / 1000)} s`);
    const questions = await loadQuestions(db);
    await prepareBaseline(db);

    // One entry per query question: its relevant targets, per relation.
    const queries = new Map<string, { q: QuestionRow; targets: Map<number, string> }>();
    let missing = 0;
    for (const pair of pairs) {
      const q = questions.get(`se:${pair.site}#${pair.query_id}`);
      const target = questions.get(`se:${pair.site}#${pair.target_id}`);
      if (!q || !target) {
        missing += 1;
        continue;
      }
      const entry = queries.get(`${q.id}`) ?? { q, targets: new Map<number, string>() };
      // A pair that is both: duplicate wins (as in the data's README).
      if (entry.targets.get(target.id) !== 'duplicate') entry.targets.set(target.id, pair.relation);
      queries.set(`${q.id}`, entry);
    }
    if (missing > 0) log(`${missing} pairs name questions not in the corpus: skipped`);

    const engine = searchEngineFor(db);
    const ours = new Map<string, ReturnType<typeof score>[]>();
    const base: ReturnType<typeof score>[] = [];
    const times: number[] = [];
    let done = 0;
    for (const { q, targets } of queries.values()) {
      const t = performance.now();
      const hits = await engine.related(
        { title: q.title, body: q.body, tags: q.tags },
        { limit, excludeId: q.id, scope: q.scope, createdBefore: q.createdAt },
      );
      times.push(performance.now() - t);
      const ranked = hits.map((h) => h.id);
      const add = (key: string, relevant: Set<number>) => {
        if (relevant.size === 0) return;
        const list = ours.get(key) ?? [];
        list.push(score(ranked, relevant));
        ours.set(key, list);
      };
      add('all', new Set(targets.keys()));
      for (const relation of new Set(targets.values())) {
        add(relation, new Set([...targets].filter(([, r]) => r === relation).map(([id]) => id)));
      }
      base.push(score(await baselineRank(db, q, limit), new Set(targets.keys())));
      done += 1;
      if (!values.json && done % 100 === 0) log(`  ${done}/${queries.size} queries`);
    }

    const result: Record<string, unknown> = {};
    for (const key of [
      'all',
      'duplicate',
      'linked',
      ...[...ours.keys()].filter((k) => !['all', 'duplicate', 'linked'].includes(k)),
    ]) {
      result[key] = average(ours.get(key) ?? []);
    }
    result.baseline = { all: average(base) };
    result.p50_ms = percentile(times, 50);
    result.p95_ms = percentile(times, 95);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return;
    }
    const rows = Object.entries(result).flatMap(([key, value]) =>
      key === 'baseline'
        ? [['baseline (simple, unweighted): all', (value as { all: Metrics }).all] as const]
        : typeof value === 'object'
          ? [[key, value as Metrics] as const]
          : [],
    );
    process.stdout.write(
      '| relation | queries | MAP | MRR | P@1 | R@10 | nDCG@10 |\n|---|---|---|---|---|---|---|\n',
    );
    for (const [name, m] of rows) {
      process.stdout.write(
        `| ${name} | ${m.queries} | ${m.MAP.toFixed(3)} | ${m.MRR.toFixed(3)} | ${m['P@1'].toFixed(3)} | ${m['R@10'].toFixed(3)} | ${m['nDCG@10'].toFixed(3)} |\n`,
      );
    }
    process.stdout.write(`\nquery time: p50 ${result.p50_ms} ms, p95 ${result.p95_ms} ms (${engine.name})\n`);
  } finally {
    await database.close();
  }
}

try {
  await main();
} catch (error) {
  process.stderr.write(
    `eval:search failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
