import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, sql, type Transaction } from 'kysely';
import pg from 'pg';
import {
  type Database,
  type DB,
  IN_MEMORY,
  migrateToLatest,
  openDatabase,
  PGliteDialect,
  pgliteParsers,
} from '../src/platform/db/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** A test database, plus what a second process or app instance needs to reach the same data. */
export interface TestDatabase extends Database {
  /** Its PostgreSQL URL (for a child process); undefined on in-memory PGlite, which no one else can reach. */
  readonly url: string | undefined;
  /**
   * Another handle onto the same data, with its own pool, as a second app process would have; close()
   * of this database closes it too. PGlite allows one handle per database, so there it is this very
   * handle, and its close() leaves the database open for its owner.
   */
  openAnother(): Promise<Database>;
}

/**
 * A fresh, migrated database for one test: in-memory PGlite, or, when DATABASE_URL is set,
 * a new throw-away database on that server (a copy of a migrated template) that close() drops again.
 * On PGlite, close() resets the instance to the freshly migrated state and keeps it for the next
 * call in this process (see pglitePool below): starting a PGlite instance costs seconds.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) return createPostgresDatabase(serverUrl);
  const pooled = pglitePool.pop();
  if (pooled) pgliteStats.reused += 1;
  return lease(pooled ?? (await startPGlite()));
}

/**
 * One database for every test of a file, for tests that share data on purpose: opened (and handed
 * to `onOpen`, which keeps what it needs and may seed it) before the first test, closed after the
 * last.
 */
export function databaseForFile(onOpen: (database: TestDatabase) => void | Promise<void>): void {
  let database: TestDatabase | undefined;
  before(async () => {
    database = await createTestDatabase();
    await onOpen(database);
  });
  after(() => database?.close());
}

/**
 * Fills a new PGlite data directory (for a test that needs one on disk, e.g. for a child process)
 * with an already-migrated database: seconds faster than initdb and the migrations.
 */
export async function createTestDataDir(dataDir: string): Promise<void> {
  const pglite = new PGlite({ dataDir, extensions: { pg_trgm }, loadDataDir: await migratedSnapshot() });
  try {
    await pglite.waitReady;
  } finally {
    await pglite.close();
  }
}

// --- PGlite: a per-process pool of migrated instances -------------------------------------------

/** Instances kept per process; more than this at once (rare) are closed when returned. */
const POOL_LIMIT = 3;
/** How long close() waits for the test's last queries and transactions before giving up on the instance. */
const RELEASE_TIMEOUT_MS = 2_000;
const PING_TIMEOUT_MS = 2_000;

const pglitePool: PGlite[] = [];
let pglitePoolClosed = false;

/**
 * Closes the pooled instances: an idle PGlite keeps its process alive for a while (a timer of its
 * statistics collector). A test lane (scripts/test-lane.mjs), which runs many files in one process
 * and keeps the pool across them, calls this after its last file.
 */
export async function closePGlitePool(): Promise<void> {
  pglitePoolClosed = true;
  await Promise.allSettled(pglitePool.splice(0).map((pglite) => pglite.close()));
}

// A file run on its own closes the pool once every test of the file has finished. Registered here,
// at import time, so it hangs on the file's root test, not on whichever test opens the first database.
if (process.env.TECHQA_TEST_LANE === undefined) after(closePGlitePool);

/** What this process knows about the freshly migrated state: the same for every instance it starts. */
interface FreshState {
  /** One query naming the tables (all but Kysely's migration tables) that hold a live row. */
  tablesInUse: string;
  /** The relations as migrated (see RELATIONS); compared after each reset. */
  relations: string;
}
let freshState: Promise<FreshState> | undefined;
/** Per instance: the first transaction id after it was started; see CATALOG_WRITES. */
const startedAt = new WeakMap<PGlite, string>();

/** Counters for the pool's own test. */
export const pgliteStats = { started: 0, reused: 0, discarded: 0 };

/** Instances waiting in this process's pool (for the pool's own test). */
export function pooledPGliteCount(): number {
  return pglitePool.length;
}

async function startPGlite(): Promise<PGlite> {
  const pglite = new PGlite({
    dataDir: IN_MEMORY,
    extensions: { pg_trgm },
    parsers: pgliteParsers,
    loadDataDir: await migratedSnapshot(),
  });
  try {
    await pglite.waitReady;
    // The snapshot is migrated already: this only proves it (and costs a few ms, once per instance).
    const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) });
    try {
      await migrateToLatest(db);
    } finally {
      await db.destroy();
    }
    freshState ??= readFreshState(pglite);
    await freshState;
    const { rows } = await pglite.query<{ xid: string }>(
      'select pg_snapshot_xmax(pg_current_snapshot())::text as xid',
    );
    startedAt.set(pglite, rows[0]?.xid ?? '');
  } catch (error) {
    await pglite.close().catch(() => {});
    throw error;
  }
  pgliteStats.started += 1;
  return pglite;
}

/** One test's use of an instance: its own Kysely (destroyed on close, so nothing the test left behind can reach the next user). */
function lease(pglite: PGlite): TestDatabase {
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) });
  let closing: Promise<void> | undefined;
  let closed = false;
  const database: TestDatabase = {
    db,
    kind: 'pglite',
    url: undefined,
    ping: () => withTimeout(sql`select 1`.execute(db), PING_TIMEOUT_MS, 'database ping').then(() => {}),
    dumpDataDir: async () => {
      if (closed) throw new Error('this test database is closed');
      return pglite.dumpDataDir('none');
    },
    openAnother: async () => borrowed,
    close() {
      closed = true;
      closing ??= giveBack(db, pglite);
      return closing;
    },
  };
  const borrowed: Database = { ...database, close: async () => {} };
  return database;
}

/** Waits for the test's work on the instance to end, resets it and pools it, or closes it if either fails. */
async function giveBack(db: Kysely<DB>, pglite: PGlite): Promise<void> {
  const finished = await settlesWithin(db.destroy(), RELEASE_TIMEOUT_MS);
  if (finished && !pglitePoolClosed && pglitePool.length < POOL_LIMIT && (await resetPGlite(pglite))) {
    pglitePool.push(pglite);
    return;
  }
  pgliteStats.discarded += 1;
  if (!pglite.closed) await pglite.close().catch(() => {});
}

/*
 * Catalogs a test could change with DDL or ALTER ROLE/DATABASE … SET (pg_class is compared column
 * by column instead: ANALYZE, which the search reindex runs, rewrites its statistics columns).
 * Any row in them written after the instance started means the schema is no longer the snapshot's.
 */
const CATALOGS = [
  'pg_namespace',
  'pg_type',
  'pg_attribute',
  'pg_attrdef',
  'pg_constraint',
  'pg_index',
  'pg_trigger',
  'pg_event_trigger',
  'pg_proc',
  'pg_rewrite',
  'pg_policy',
  'pg_sequence',
  'pg_inherits',
  'pg_description',
  'pg_extension',
  'pg_operator',
  'pg_cast',
  'pg_collation',
  'pg_opclass',
  'pg_statistic_ext',
  'pg_default_acl',
  'pg_foreign_server',
  'pg_foreign_table',
  'pg_publication',
  'pg_authid',
  'pg_auth_members',
  'pg_database',
  'pg_db_role_setting',
  'pg_tablespace',
  'pg_shdescription',
];
// A session's first temporary table makes its pg_temp_N schema, which stays (empty) after DISCARD ALL.
const catalogWrites = (sinceXid: string) =>
  CATALOGS.map(
    (name) =>
      `(select count(*) from ${name} where xmin::text::bigint >= ${Number(sinceXid)}${
        name === 'pg_namespace' ? ` and nspname !~ '^pg_(toast_)?temp_'` : ''
      })`,
  ).join(' + ');
const RELATIONS = `select md5(string_agg(format('%s %s %s %s %s %s %s %s %s', oid, relname, relnamespace, relkind,
    relnatts, relpersistence, relhastriggers, relrowsecurity, reloptions), ',' order by oid)) as digest
  from pg_class where relpersistence <> 't'`;

/**
 * Puts an instance back into the freshly migrated state: every table but Kysely's emptied, every
 * sequence (identities included) restarted, the session reset (DISCARD ALL: settings, temporary
 * tables, prepared statements, advisory locks, LISTEN); then proves that no catalog was written since
 * the instance started, so the schema is still the snapshot's (a test that changed it or switched
 * a trigger off spoils the instance). Only tables that hold a row are emptied, with DELETE: a
 * TRUNCATE of them all costs about a second on PGlite, this a few milliseconds. The ledger's
 * tables refuse DELETE by trigger; `session_replication_role = replica` silences ordinary and
 * foreign-key triggers for this one transaction only (SET LOCAL), and the check afterwards proves
 * it is back to `origin`. Planner statistics left by ANALYZE stay (they change plans, not results).
 * Returns false when the instance cannot be reused.
 */
async function resetPGlite(pglite: PGlite): Promise<boolean> {
  try {
    const since = startedAt.get(pglite);
    if (pglite.closed || !freshState || !since) return false;
    const fresh = await freshState;
    // A transaction the test left open (begun by raw SQL outside Kysely's transaction()): its handle
    // is destroyed, so nobody can finish it any more.
    if (pglite.isInTransaction()) await pglite.exec('rollback');
    const inUse = (await pglite.query<{ tables: string[] }>(fresh.tablesInUse)).rows[0]?.tables ?? [];
    await pglite.exec(`
      begin;
      set local session_replication_role = replica;
      ${inUse.map((table) => `delete from ${table};`).join('\n')}
      select setval(seqrelid, seqstart, false) from pg_sequence where pg_sequence_last_value(seqrelid) is not null;
      commit;`);
    await pglite.exec('discard all');
    if (pglite.isInTransaction()) return false;
    const { rows } = await pglite.query<{ role: string; writes: number; relations: string }>(`
      select current_setting('session_replication_role') as role, ${catalogWrites(since)} as writes,
             (${RELATIONS}) as relations`);
    const state = rows[0];
    return state?.role === 'origin' && state.writes === 0 && state.relations === fresh.relations;
  } catch {
    return false;
  }
}

async function readFreshState(pglite: PGlite): Promise<FreshState> {
  const { rows } = await pglite.query<{ tables: string[] | null; relations: string }>(`
    select array_agg(format('%I.%I', schemaname, tablename) order by tablename) as tables, (${RELATIONS}) as relations
      from pg_tables
     where schemaname not in ('pg_catalog', 'information_schema')
       and tablename not in ('kysely_migration', 'kysely_migration_lock')`);
  const tables = rows[0]?.tables;
  if (!tables?.length || !rows[0]) throw new Error('the migrated snapshot has no tables');
  const probes = tables.map((table) => `case when exists (select from ${table}) then '${table}' end`);
  return {
    tablesInUse: `select array_remove(array[${probes.join(', ')}]::text[], null) as tables`,
    relations: rows[0].relations,
  };
}

let snapshot: Promise<Blob> | undefined;

/**
 * PGlite's initdb takes seconds; loading a dump of an already-migrated database takes well under
 * one. The dump is cached on disk, keyed by the migrations and the PGlite version, so parallel
 * test processes build it once.
 */
export function migratedSnapshot(): Promise<Blob> {
  snapshot ??= (async () => {
    const file = join(root, 'node_modules', '.cache', 'techqa', `pglite-${snapshotKey()}.tar`);
    try {
      return new Blob([readFileSync(file)]);
    } catch {
      const fresh = await openDatabase({ dataDir: IN_MEMORY });
      try {
        await migrateToLatest(fresh.db);
        if (!fresh.dumpDataDir) throw new Error('an in-memory database should be dumpable');
        const dump = await fresh.dumpDataDir();
        mkdirSync(dirname(file), { recursive: true });
        const temp = `${file}.${process.pid}.tmp`;
        writeFileSync(temp, Buffer.from(await dump.arrayBuffer()));
        renameSync(temp, file);
        return dump;
      } finally {
        await fresh.close();
      }
    }
  })();
  return snapshot;
}

/** The migrations and the PGlite version, hashed: names the PGlite snapshot and the PostgreSQL template. */
function snapshotKey(): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(join(root, 'node_modules', '@electric-sql', 'pglite', 'package.json')));
  const migrationsDir = join(root, 'migrations');
  for (const name of readdirSync(migrationsDir).sort()) {
    hash.update(name).update(readFileSync(join(migrationsDir, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

// --- PostgreSQL: a copy of a migrated template per test ------------------------------------------

const TEMPLATE_PREFIX = 'techqa_tpl_';
/** A template that is still not marked ready this long after it appeared, with nobody connected, was abandoned. */
const ABANDONED_AFTER_MS = 60_000;
/** Templates of other keys older than this are dropped when a new one is made (another checkout may still use a newer one). */
const OLD_TEMPLATE_MS = 60 * 60_000;

let template: Promise<string> | undefined;

async function createPostgresDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `techqa_t_${randomBytes(6).toString('hex')}`;
  for (let attempt = 1; ; attempt += 1) {
    const source = await templateDatabase(serverUrl);
    try {
      await onServer(serverUrl, `create database ${name} template ${source}`);
      break;
    } catch (error) {
      // Dropped meanwhile (by a run with other migrations): make it again, once.
      if (attempt > 1 || (error as { code?: string }).code !== '3D000') throw error;
      template = undefined;
    }
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const open = () => openDatabase({ databaseUrl: url.toString(), dataDir: IN_MEMORY, poolSize: 5 });
  const database = await open();
  const others: Database[] = [];

  let closing: Promise<void> | undefined;
  return {
    ...database,
    url: url.toString(),
    async openAnother() {
      const other = await open();
      others.push(other);
      return other;
    },
    close() {
      closing ??= Promise.allSettled([...others, database].map((handle) => handle.close())).then(() =>
        onServer(serverUrl, `drop database if exists ${name} with (force)`),
      );
      return closing;
    },
  };
}

/** The migrated template for this snapshot key on that server, made once by whichever test process gets there first. */
function templateDatabase(serverUrl: string): Promise<string> {
  template ??= ensureTemplate(serverUrl, `${TEMPLATE_PREFIX}${snapshotKey()}`).catch((error) => {
    template = undefined;
    throw error;
  });
  return template;
}

/*
 * CREATE DATABASE is the lock: the process whose CREATE succeeds migrates the database and then
 * marks it a template (datistemplate, no connections); the others wait until it is marked. One
 * left unmarked and unused for a minute (its maker died) is dropped and made again.
 */
async function ensureTemplate(serverUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    let unmarkedSince: number | undefined;
    for (;;) {
      const { rows } = await client.query<{ datistemplate: boolean; connections: number }>(
        `select datistemplate, (select count(*)::int from pg_stat_activity a where a.datname = d.datname) as connections
           from pg_database d where datname = $1`,
        [name],
      );
      const row = rows[0];
      if (row?.datistemplate) return name;
      if (!row) {
        try {
          await client.query(`create database ${name}`);
        } catch (error) {
          // Another process was quicker: 42P04, or 23505 when both inserted into pg_database at once.
          const code = (error as { code?: string }).code;
          if (code === '42P04' || code === '23505') continue;
          throw error;
        }
        await buildTemplate(client, serverUrl, name);
        return name;
      }
      unmarkedSince ??= Date.now();
      if (row.connections === 0 && Date.now() - unmarkedSince > ABANDONED_AFTER_MS) {
        await client.query(`drop database if exists ${name} with (force)`);
        unmarkedSince = undefined;
        continue;
      }
      await new Promise((done) => setTimeout(done, 200));
    }
  } finally {
    await client.end();
  }
}

async function buildTemplate(client: pg.Client, serverUrl: string, name: string): Promise<void> {
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ databaseUrl: url.toString(), dataDir: IN_MEMORY, poolSize: 1 });
    try {
      await migrateToLatest(database.db);
    } finally {
      await database.close();
    }
    await client.query(`comment on database ${name} is '${new Date().toISOString()}'`);
    await client.query(`alter database ${name} with is_template true allow_connections false`);
  } catch (error) {
    await client.query(`drop database if exists ${name} with (force)`).catch(() => {});
    throw error;
  }
  await dropOldTemplates(client, name);
}

async function dropOldTemplates(client: pg.Client, keep: string): Promise<void> {
  const { rows } = await client.query<{ datname: string; made: string | null }>(
    `select datname, shobj_description(oid, 'pg_database') as made from pg_database
      where datistemplate and datname like $1 and datname <> $2`,
    [`${TEMPLATE_PREFIX.replaceAll('_', '\\_')}%`, keep],
  );
  for (const { datname, made } of rows) {
    const age = Date.now() - Date.parse(made ?? '');
    if (!(age > OLD_TEMPLATE_MS) || !/^techqa_tpl_[0-9a-f]{16}$/.test(datname)) continue;
    try {
      await client.query(`alter database ${datname} with is_template false`);
      await client.query(`drop database if exists ${datname} with (force)`);
    } catch {
      // Another process dropped it first, or is copying it right now: it can go next time.
    }
  }
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((done) => {
    timer = setTimeout(() => done(false), ms);
  });
  return Promise.race([
    work.then(
      () => true,
      () => false,
    ),
    timeout,
  ]).finally(() => clearTimeout(timer));
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The same database, but every other transaction opened through it is aborted after its work
 * with `code` (default 40P01, a deadlock), as the database aborts a loser: the first try of
 * each transaction in `runTransaction` fails, its retry goes through. What a writer that retries
 * must survive with nothing written twice. `aborted()` counts the aborted tries.
 */
export function abortingEveryOtherTry(db: Kysely<DB>, code = '40P01'): { db: Kysely<DB>; aborted(): number } {
  let opened = 0;
  let aborted = 0;
  const proxy = new Proxy(db, {
    get(target, property) {
      if (property === 'transaction') {
        return () => {
          const builder = target.transaction();
          opened += 1;
          if (opened % 2 === 0) return builder;
          return {
            execute: <T>(work: (trx: Transaction<DB>) => Promise<T>) =>
              builder.execute(async (trx) => {
                await work(trx);
                aborted += 1;
                throw Object.assign(new Error('deadlock detected (a test abort)'), { code });
              }),
          };
        };
      }
      // Kysely keeps its state in private fields: its methods must run on the real instance.
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: proxy, aborted: () => aborted };
}
