import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { migrations } from '../../../migrations/index.js';
import { type Database, openDatabase } from './database.js';
import { DataDirLockedError, LOCK_FILE_NAME } from './lock-file.js';
import { migrateToLatest } from './migrate.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

async function probeValues(db: Database['db']): Promise<number[]> {
  const { rows } = await sql<{ n: number }>`select n from probe order by n`.execute(db);
  return rows.map((row) => row.n);
}

// The tests share one data directory, in order, so PGlite's initdb (several seconds) runs once.
describe('openDatabase on a PGlite data dir', () => {
  let root: string;
  let dataDir: string;
  let first: Database | undefined;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'techqa-db-'));
    dataDir = join(root, 'data');
  });

  after(async () => {
    await first?.close();
    rmSync(root, { recursive: true, force: true });
  });

  test('creates the data dir, takes the lock and migrates', async () => {
    first = await openDatabase({ dataDir });
    assert.equal(first.kind, 'pglite');
    assert.ok(existsSync(join(dataDir, 'PG_VERSION')));
    assert.equal(JSON.parse(readFileSync(join(dataDir, LOCK_FILE_NAME), 'utf8')).pid, process.pid);

    assert.deepEqual(await migrateToLatest(first.db), { applied: Object.keys(migrations) });
    assert.deepEqual(await migrateToLatest(first.db), { applied: [] });
    await sql`create table probe (n int primary key)`.execute(first.db);
    await sql`insert into probe values (1)`.execute(first.db);
    await first.ping();
  });

  test('a failing migration is named in the error and leaves nothing behind', async () => {
    assert.ok(first);
    const broken = {
      ...migrations,
      '9998-fine': {
        up: async (db: Kysely<unknown>) => void (await sql`create table fine (x int)`.execute(db)),
      },
      '9999-broken': { up: async () => Promise.reject(new Error('nope')) },
    };
    await assert.rejects(migrateToLatest(first.db, broken), /Migration 9999-broken failed: nope/);
    const { rows } = await sql<{ t: string | null }>`select to_regclass('fine')::text as t`.execute(first.db);
    assert.equal(rows[0]?.t, null);
  });

  test('pg_trgm is available', async () => {
    assert.ok(first);
    await sql`create extension if not exists pg_trgm`.execute(first.db);
    const { rows } = await sql<{ s: number }>`select similarity('postgres', 'postgre') as s`.execute(
      first.db,
    );
    assert.ok((rows[0]?.s ?? 0) > 0.5);
  });

  test('a second open of the same dir rejects with DataDirLockedError while the first is open', async () => {
    await assert.rejects(openDatabase({ dataDir }), DataDirLockedError);
  });

  test('close is idempotent and frees the dir; reopening keeps the data', async () => {
    assert.ok(first);
    const closed = first;
    await Promise.all([closed.close(), closed.close()]);
    await closed.close();
    first = undefined;
    assert.equal(existsSync(join(dataDir, LOCK_FILE_NAME)), false);
    await assert.rejects(closed.ping());

    const reopened = await openDatabase({ dataDir });
    try {
      await reopened.ping();
      assert.deepEqual(await probeValues(reopened.db), [1]);
      assert.deepEqual(await migrateToLatest(reopened.db), { applied: [] });
    } finally {
      await reopened.close();
    }
  });

  test('a process killed with SIGKILL while holding the dir does not block the next open', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const [moduleUrl, dataDir] = process.argv.slice(1);
         const { openDatabase } = await import(moduleUrl);
         const { sql } = await import('kysely');
         const database = await openDatabase({ dataDir });
         await sql\`insert into probe values (2)\`.execute(database.db);
         process.stdout.write('ready\\n');
         setInterval(() => {}, 1000);`,
        new URL('./database.ts', import.meta.url).href,
        dataDir,
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = once(child, 'exit');
    try {
      const [chunk] = (await Promise.race([once(child.stdout, 'data'), exited])) as unknown[];
      assert.equal(String(chunk).trim(), 'ready');
      assert.equal(JSON.parse(readFileSync(join(dataDir, LOCK_FILE_NAME), 'utf8')).pid, child.pid);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }

    const next = await openDatabase({ dataDir });
    try {
      assert.deepEqual(await probeValues(next.db), [1, 2]);
    } finally {
      await next.close();
    }
  });
});
