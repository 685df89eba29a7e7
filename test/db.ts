import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { type Database, IN_MEMORY, migrateToLatest, openDatabase } from '../src/platform/db/index.js';

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
 * a new throw-away database on that server that close() drops again.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const loadDataDir = await migratedSnapshot();
    const database = await migrated(await openDatabase({ dataDir: IN_MEMORY, loadDataDir }));
    const borrowed: Database = { ...database, close: async () => {} };
    return { ...database, url: undefined, openAnother: async () => borrowed };
  }

  const name = `techqa_t_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const open = () => openDatabase({ databaseUrl: url.toString(), dataDir: IN_MEMORY, poolSize: 5 });
  const database = await open();
  const others: Database[] = [];

  let closing: Promise<void> | undefined;
  const dropAfterClose: TestDatabase = {
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
  return migrated(dropAfterClose);
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

let snapshot: Promise<Blob> | undefined;

/**
 * PGlite's initdb takes seconds; loading a dump of an already-migrated database takes well under
 * one. The dump is cached on disk, keyed by the migrations and the PGlite version, so parallel
 * test processes build it once.
 */
function migratedSnapshot(): Promise<Blob> {
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

function snapshotKey(): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(join(root, 'node_modules', '@electric-sql', 'pglite', 'package.json')));
  const migrationsDir = join(root, 'migrations');
  for (const name of readdirSync(migrationsDir).sort()) {
    hash.update(name).update(readFileSync(join(migrationsDir, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

async function migrated<T extends Database>(database: T): Promise<T> {
  try {
    await migrateToLatest(database.db);
    return database;
  } catch (error) {
    await database.close();
    throw error;
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
