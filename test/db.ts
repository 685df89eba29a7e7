import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type Database, IN_MEMORY, migrateToLatest, openDatabase } from '../src/platform/db/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * A fresh, migrated database for one test: in-memory PGlite, or, when DATABASE_URL is set,
 * a new throw-away database on that server that close() drops again.
 */
export async function createTestDatabase(): Promise<Database> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const loadDataDir = await migratedSnapshot();
    return migrated(await openDatabase({ dataDir: IN_MEMORY, loadDataDir }));
  }

  const name = `techqa_t_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: IN_MEMORY, poolSize: 5 });

  let closing: Promise<void> | undefined;
  const dropAfterClose: Database = {
    ...database,
    close() {
      closing ??= database
        .close()
        .finally(() => onServer(serverUrl, `drop database if exists ${name} with (force)`));
      return closing;
    },
  };
  return migrated(dropAfterClose);
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

async function migrated(database: Database): Promise<Database> {
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
