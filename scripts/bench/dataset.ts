// The benchmark database: the real data (`seedFromData`, as `npm run db:seed`), grown in SQL to
// 100k+ questions (expand.ts), checked, and cached: a PGlite data dir under .bench/, or a
// `techqa_bench` database on the PostgreSQL server. A manifest (JSON in the database's comment,
// written last) marks a build complete; a missing or different one means rebuild.
import { existsSync, rmSync } from 'node:fs';
import { sql } from 'kysely';
import pg from 'pg';
import { seedFromData } from '../../src/modules/imports/index.js';
import { type Database, migrateToLatest, openDatabase } from '../../src/platform/db/index.js';
import {
  addMembers,
  checkInvariants,
  type InvariantReport,
  originalsOf,
  refreshTagCounts,
  writeCopy,
} from './expand.js';

/** Bump when the recipe changes, so cached databases are rebuilt. */
const RECIPE = 'techqa-bench-data/1';

export type Backend =
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'postgres'; serverUrl: string; database: string; url: string };

export interface Manifest {
  recipe: string;
  targetQuestions: number;
  copies: number;
  rows: Record<string, number>;
  invariants: InvariantReport;
  /** What the benchmark loads: a question with 10+ answers and the most used tag. */
  question: { id: number; answers: number; comments: number };
  tag: { name: string; questions: number };
  buildSeconds: { seed: number; expand: number; vacuum: number; check: number; total: number };
  builtAt: string;
  /** `select version()` of the database it was built on. */
  serverVersion?: string;
}

export interface DatasetOptions {
  targetQuestions: number;
  rebuild: boolean;
  dataDir: string;
  log: (line: string) => void;
}

/** The PostgreSQL backend for `serverUrl`: a database of that name on the same server. */
export function postgresBackend(serverUrl: string, database = 'techqa_bench'): Backend {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return { kind: 'postgres', serverUrl, database, url: url.toString() };
}

function open(backend: Backend): Promise<Database> {
  return backend.kind === 'pglite'
    ? openDatabase({ dataDir: backend.dataDir })
    : openDatabase({ databaseUrl: backend.url, dataDir: '', poolSize: 2 });
}

async function readManifest(database: Database): Promise<Manifest | undefined> {
  const { rows } = await sql<{ comment: string | null }>`
    select shobj_description(oid, 'pg_database') as comment from pg_database
    where datname = current_database()`.execute(database.db);
  try {
    return JSON.parse(rows[0]?.comment ?? '') as Manifest;
  } catch {
    return undefined;
  }
}

async function writeManifest(database: Database, manifest: Manifest): Promise<void> {
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(database.db);
  await sql`comment on database ${sql.id(rows[0]!.name)} is ${sql.lit(JSON.stringify(manifest))}`.execute(
    database.db,
  );
}

function usable(manifest: Manifest | undefined, options: DatasetOptions): manifest is Manifest {
  return manifest?.recipe === RECIPE && manifest.targetQuestions === options.targetQuestions;
}

async function withAdmin<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The cached benchmark database if complete, else a fresh build; closed again either way. */
export async function ensureDataset(backend: Backend, options: DatasetOptions): Promise<Manifest> {
  const where = backend.kind === 'pglite' ? `PGlite ${backend.dataDir}` : `PostgreSQL ${backend.database}`;
  if (!options.rebuild) {
    const cached = await cachedManifest(backend);
    if (usable(cached, options)) {
      options.log(
        `${where}: reusing the built database (${cached.rows.questions} questions, built ${cached.builtAt})`,
      );
      return cached;
    }
  }
  options.log(`${where}: building the benchmark database (${options.targetQuestions}+ questions)`);
  if (backend.kind === 'pglite') rmSync(backend.dataDir, { recursive: true, force: true });
  else {
    const name = backend.database.replaceAll('"', '""');
    await withAdmin(backend.serverUrl, async (client) => {
      await client.query(`drop database if exists "${name}" with (force)`);
      await client.query(`create database "${name}"`);
    });
  }
  const database = await open(backend);
  try {
    return await build(database, options);
  } finally {
    await database.close();
  }
}

async function cachedManifest(backend: Backend): Promise<Manifest | undefined> {
  if (backend.kind === 'postgres') {
    return withAdmin(backend.serverUrl, async (client) => {
      const { rows } = await client.query<{ comment: string | null }>(
        `select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1`,
        [backend.database],
      );
      try {
        return rows.length > 0 ? (JSON.parse(rows[0]!.comment ?? '') as Manifest) : undefined;
      } catch {
        return undefined;
      }
    });
  }
  if (!existsSync(backend.dataDir)) return undefined;
  const database = await open(backend).catch(() => undefined);
  if (!database) return undefined;
  try {
    return await readManifest(database).catch(() => undefined);
  } finally {
    await database.close();
  }
}

async function build(database: Database, options: DatasetOptions): Promise<Manifest> {
  const { db } = database;
  const started = performance.now();
  const seconds = (since: number) => Math.round((performance.now() - since) / 100) / 10;
  await migrateToLatest(db);

  let task = '';
  const summary = await seedFromData(db, options.dataDir, {
    onProgress: (progress) => {
      if (progress.task === task) return;
      task = progress.task;
      options.log(`  seeding: ${task}`);
    },
  });
  const seed = seconds(started);
  options.log(
    `  seeded the real data in ${seed} s (${Math.round(summary.elapsedMs / 1000)} s in the loader)`,
  );

  const expanding = performance.now();
  await sql`analyze`.execute(db);
  const originals = await originalsOf(db);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from questions`.execute(db);
  const originalCount = rows[0]?.n ?? 0;
  if (originalCount === 0) throw new Error(`no questions were seeded from ${options.dataDir}`);
  const copies = Math.max(0, Math.ceil(options.targetQuestions / originalCount) - 1);
  // One session throughout, without JIT: these statements look expensive to the planner, and
  // compiling them costs PostgreSQL more than running them.
  await db.connection().execute(async (conn) => {
    await sql`set jit = off`.execute(conn).catch(() => {});
    const members = await addMembers(conn, Math.round(options.targetQuestions / 2));
    options.log(`  ${originalCount} real questions; ${members} members added; writing ${copies} copies`);
    for (let copy = 1; copy <= copies; copy++) {
      const t = performance.now();
      const written = await writeCopy(conn, copy, originals);
      options.log(
        `  copy ${copy}/${copies}: ${written.questions} questions, ${written.answers} answers, ` +
          `${written.comments} comments (${seconds(t)} s)`,
      );
    }
    await refreshTagCounts(conn);
  });
  const expand = seconds(expanding);

  const vacuuming = performance.now();
  await sql`vacuum analyze`.execute(db);
  const vacuum = seconds(vacuuming);
  options.log(`  expanded in ${expand} s, vacuum analyze ${vacuum} s; checking invariants`);

  const checking = performance.now();
  const invariants = await checkInvariants(db);
  const check = seconds(checking);
  const broken = Object.entries(invariants).filter(([, n]) => n > 0);
  if (broken.length > 0) throw new Error(`invariants broken: ${JSON.stringify(invariants)}`);

  const manifest: Manifest = {
    recipe: RECIPE,
    targetQuestions: options.targetQuestions,
    copies,
    rows: await rowCounts(database),
    invariants,
    ...(await pickTargets(database)),
    buildSeconds: { seed, expand, vacuum, check, total: seconds(started) },
    builtAt: new Date().toISOString(),
    serverVersion: (await sql<{ v: string }>`select version() as v`.execute(db)).rows[0]?.v ?? 'unknown',
  };
  await writeManifest(database, manifest);
  options.log(`  built in ${manifest.buildSeconds.total} s: ${JSON.stringify(manifest.rows)}`);
  return manifest;
}

const COUNTED = [
  'questions',
  'answers',
  'comments',
  'question_votes',
  'answer_votes',
  'users',
  'tags',
  'revisions',
] as const;

async function rowCounts(database: Database): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of COUNTED) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
      database.db,
    );
    counts[table] = rows[0]?.n ?? 0;
  }
  const { rows } = await sql<{
    bytes: number;
  }>`select pg_database_size(current_database())::int8 as bytes`.execute(database.db);
  counts.databaseMegabytes = Math.round((rows[0]?.bytes ?? 0) / 1e6);
  return counts;
}

/**
 * A question page typical of a busy thread: a live question with 10+ answers (the one nearest
 * to 12, most commented first), and the most used tag.
 */
async function pickTargets(database: Database): Promise<Pick<Manifest, 'question' | 'tag'>> {
  const question = await database.db
    .selectFrom('questions')
    .select(['id', 'answer_count', 'comment_count'])
    .where('deleted_at', 'is', null)
    .where('answer_count', '>=', 10)
    .orderBy(sql`abs(answer_count - 12)`)
    .orderBy('comment_count', 'desc')
    .orderBy('id')
    .executeTakeFirst();
  const tag = await database.db
    .selectFrom('tags')
    .select(['name', 'question_count'])
    .orderBy('question_count', 'desc')
    .orderBy('name')
    .executeTakeFirst();
  if (!question || !tag) throw new Error('no question with 10+ answers, or no tag, in the benchmark data');
  return {
    question: { id: question.id, answers: question.answer_count, comments: question.comment_count },
    tag: { name: tag.name, questions: tag.question_count },
  };
}
