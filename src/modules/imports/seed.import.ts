import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TransactionLog } from '../../platform/db/transaction.js';
import { reindexSearch } from '../search/index.js';
import { type Db, hasAnyQuestion } from './imports.repository.js';
import { isMathSite } from './imports.rules.js';
import {
  readJsonl,
  type SeCommentRecord,
  type SePostRecord,
  type SeUserRecord,
  type SeVoteRecord,
  seCommentFromJson,
  sePostFromJson,
  seUserFromJson,
  seVoteFromJson,
} from './jsonl.reader.js';
import { ImportLoader } from './loader.js';
import { SeSiteImporter } from './se.mapping.js';
import { emptySummary, mergeSummaries, type ProgressListener, type Summary } from './summary.js';
import { loadZhFaq, loadZhSoJava, type ZhFaqRecord, type ZhSoJavaRecord } from './zh.mapping.js';

export interface SeedOptions {
  batchSize?: number | undefined;
  onProgress?: ProgressListener | undefined;
  /** Where retried batches are reported (default: stderr). */
  log?: TransactionLog | undefined;
}

/** The demo sample committed with the app (fixtures/demo, same layout as shared/data). */
export const DEMO_FIXTURE_DIR = fileURLToPath(new URL('../../../fixtures/demo/', import.meta.url));

interface SiteInfo {
  site: string;
  domain: string;
}

function readSites(dir: string): Map<string, string> {
  const file = join(dir, 'sites.json');
  if (!existsSync(file)) return new Map();
  const sites = JSON.parse(readFileSync(file, 'utf8')) as SiteInfo[];
  return new Map(sites.map((s) => [s.site, s.domain]));
}

/** The first of these files that exists (a data set may ship gzipped or not). */
function find(dir: string, name: string): string | undefined {
  return [join(dir, `${name}.gz`), join(dir, name)].find((path) => existsSync(path));
}

async function eachRecord<T>(
  file: string | undefined,
  task: string,
  options: SeedOptions,
  fn: (record: T) => Promise<void> | void,
): Promise<void> {
  if (!file) return;
  const total = statSync(file).size;
  let rows = 0;
  const report = (done: number) => options.onProgress?.({ task, done, total, rows });
  for await (const record of readJsonl<T>(file, { onBytes: report })) {
    rows += 1;
    await fn(record);
  }
  report(total);
}

/** Loads `<dir>/se_tech/*.jsonl(.gz)`: every site in it, each as import source `se:<site>`. */
async function seedStackExchange(db: Db, dir: string, options: SeedOptions): Promise<Summary[]> {
  if (!existsSync(dir)) return [];
  const domains = readSites(dir);
  const importers = new Map<string, SeSiteImporter>();
  const site = (key: string): SeSiteImporter => {
    let importer = importers.get(key);
    if (!importer) {
      const domain = domains.get(key) ?? `${key}.stackexchange.com`;
      importer = new SeSiteImporter(db, { key, domain, math: isMathSite(key) }, options);
      importers.set(key, importer);
    }
    return importer;
  };
  const file = (name: string) => find(dir, name);

  await eachRecord<SeUserRecord>(file('users.jsonl'), 'se_tech/users', options, (r) =>
    site(r.site).user(seUserFromJson(r)),
  );
  await eachRecord<SePostRecord>(file('questions.jsonl'), 'se_tech/questions', options, (r) =>
    site(r.site).question(sePostFromJson(r)),
  );
  await eachRecord<SePostRecord>(file('answers.jsonl'), 'se_tech/answers', options, async (r) => {
    const importer = site(r.site);
    await importer.answer(sePostFromJson(r));
    // The loader writes the answer before the accepted mark that names it.
    if (r.is_accepted && r.question_id !== undefined) await importer.accepted(r.question_id, r.id);
  });
  await eachRecord<SeCommentRecord>(file('comments.jsonl'), 'se_tech/comments', options, (r) =>
    site(r.site).comment(seCommentFromJson(r)),
  );
  await eachRecord<SeVoteRecord>(file('votes.jsonl'), 'se_tech/votes', options, (r) =>
    site(r.site).vote(seVoteFromJson(r)),
  );

  const summaries: Summary[] = [];
  options.onProgress?.({ task: 'se_tech: finishing', done: 0, total: importers.size, rows: 0 });
  for (const importer of importers.values()) {
    summaries.push(await importer.loader.finish());
    options.onProgress?.({
      task: 'se_tech: finishing',
      done: summaries.length,
      total: importers.size,
      rows: 0,
    });
  }
  return summaries;
}

async function seedChinese<T>(
  db: Db,
  dir: string,
  name: string,
  options: SeedOptions,
  load: (loader: ImportLoader, record: T) => Promise<void>,
): Promise<Summary[]> {
  const file = find(join(dir, name), 'questions.jsonl');
  if (!file) return [];
  const loader = new ImportLoader(db, {
    source: `seed:${name}`,
    sourceKey: name,
    batchSize: options.batchSize,
    log: options.log,
  });
  await eachRecord<T>(file, name, options, (record) => load(loader, record));
  return [await loader.finish()];
}

/** Reports search indexing as one more import task. */
export function searchProgress(options: { onProgress?: ProgressListener | undefined }) {
  return (p: { done: number; total: number }) =>
    options.onProgress?.({ task: 'search index', done: p.done, total: p.total, rows: p.done });
}

/**
 * Loads a data folder laid out like shared/data (see its README) — `se_tech/` (users,
 * questions, answers, comments, votes of every site), `zh_so_java_top_qa/` and `zh_tech_faq/` —
 * into the database. Idempotent: a second run only reports rows as existing.
 */
export async function seedFromData(db: Db, dataDir: string, options: SeedOptions = {}): Promise<Summary> {
  const started = performance.now();
  const summaries = [
    ...(await seedStackExchange(db, join(dataDir, 'se_tech'), options)),
    ...(await seedChinese<ZhSoJavaRecord>(db, dataDir, 'zh_so_java_top_qa', options, loadZhSoJava)),
    ...(await seedChinese<ZhFaqRecord>(db, dataDir, 'zh_tech_faq', options, loadZhFaq)),
  ];
  const summary = mergeSummaries(summaries);
  if (summaries.length === 0) summary.notes.push(`nothing to load in ${dataDir}`);
  await reindexSearch(db, { onlyMissing: true, onProgress: searchProgress(options), log: options.log });
  summary.elapsedMs = performance.now() - started;
  return summary;
}

/**
 * Loads the committed demo sample (fixtures/demo) into an empty database; does nothing, and
 * says so in the summary's notes, when the database already holds any question.
 */
export async function seedDemo(db: Db, options: SeedOptions & { dir?: string } = {}): Promise<Summary> {
  if (await hasAnyQuestion(db)) {
    const summary = emptySummary();
    summary.notes.push('the database already has questions: demo data not loaded');
    return summary;
  }
  return seedFromData(db, options.dir ?? DEMO_FIXTURE_DIR, options);
}
