import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { type Dialect, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { acquireDataDirLock } from './lock-file.js';
import { PGliteDialect } from './pglite-dialect.js';
import type { DB } from './schema.js';
import { pgliteParsers, pgTypes } from './type-parsers.js';

/** The dataDir value that selects a throw-away in-memory PGlite database. */
export const IN_MEMORY = 'memory://';

const PING_TIMEOUT_MS = 2_000;

export interface DatabaseLogger {
  info(obj: object, msg?: string): void;
  warn?(obj: object, msg?: string): void;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL URL; unset means embedded PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  /** PGlite data directory, or `memory://`; ignored when databaseUrl is set. */
  dataDir: string;
  /** Maximum pg pool connections (default 10). */
  poolSize?: number;
  /** Start an in-memory PGlite from this dump (`dumpDataDir()`), skipping initdb: tests use it. */
  loadDataDir?: Blob;
  logger?: DatabaseLogger;
}

export interface Database {
  db: Kysely<DB>;
  kind: 'pglite' | 'postgres';
  /** Resolves once the database answers `select 1`; rejects after ~2 s instead of hanging. */
  ping(): Promise<void>;
  /** Closes the pool or PGlite, then frees the data directory; safe to call more than once. */
  close(): Promise<void>;
  /** PGlite only: the whole database as a tarball (for backups and test snapshots). */
  dumpDataDir?(): Promise<Blob>;
}

/** Opens PostgreSQL when databaseUrl is set, else PGlite in dataDir (holding its lock file until close). */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options)
    : openPGlite(options.dataDir, options);
}

async function openPGlite(dataDir: string, { logger, loadDataDir }: OpenDatabaseOptions): Promise<Database> {
  const inMemory = dataDir === IN_MEMORY;
  const lock = inMemory ? undefined : acquireDataDirLock(dataDir);
  let pglite: PGlite | undefined;
  try {
    pglite = new PGlite({
      dataDir: inMemory ? IN_MEMORY : resolve(dataDir),
      extensions: { pg_trgm },
      parsers: pgliteParsers,
      ...(loadDataDir && inMemory ? { loadDataDir } : {}),
    });
    await pglite.waitReady;
  } catch (error) {
    await pglite?.close().catch(() => {});
    lock?.release();
    throw error;
  }
  logger?.info({ kind: 'pglite', dataDir }, 'database opened');
  const dialect = new PGliteDialect({ pglite, closeOnDestroy: true });
  const opened = pglite;
  return {
    ...createDatabase('pglite', dialect, () => lock?.release()),
    dumpDataDir: () => opened.dumpDataDir('none'),
  };
}

async function openPostgres(
  databaseUrl: string,
  { poolSize = 10, logger }: OpenDatabaseOptions,
): Promise<Database> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, types: pgTypes });
  // An idle client losing its server emits 'error' on the pool, which would crash the process unhandled.
  pool.on('error', (error) => logger?.warn?.({ err: error }, 'idle PostgreSQL connection failed'));
  const { hostname, pathname } = new URL(databaseUrl);
  logger?.info({ kind: 'postgres', host: hostname, database: pathname.slice(1) }, 'database opened');
  return createDatabase('postgres', new PostgresDialect({ pool }), () => {});
}

function createDatabase(kind: Database['kind'], dialect: Dialect, afterDestroy: () => void): Database {
  const db = new Kysely<DB>({ dialect });
  let closing: Promise<void> | undefined;
  return {
    db,
    kind,
    ping: () => withTimeout(sql`select 1`.execute(db), PING_TIMEOUT_MS, 'database ping').then(() => {}),
    close() {
      closing ??= db.destroy().finally(afterDestroy);
      return closing;
    },
  };
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
