import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, type TestContext, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import {
  acquireDataDirLock,
  type Database,
  migrateToLatest,
  openDatabase,
} from '../src/platform/db/index.js';
import { createTestDatabase, createTestDataDir } from '../test/db.js';
import { registerMember, testConfig, uniqueName } from '../test/helpers.js';
import { parseUserRoleArgs, usage } from './user-role.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

describe('parseUserRoleArgs', () => {
  test('takes a name and one of the three roles, in any case', () => {
    assert.deepEqual(parseUserRoleArgs(['ada', 'admin']), { ok: true, username: 'ada', role: 'admin' });
    assert.deepEqual(parseUserRoleArgs([' ada ', 'Moderator']), {
      ok: true,
      username: 'ada',
      role: 'moderator',
    });
    assert.deepEqual(parseUserRoleArgs(['ada', 'USER']), { ok: true, username: 'ada', role: 'user' });
  });

  test('refuses a wrong number of arguments, an empty name and an unknown role, showing the usage', () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /got 0 argument/],
      [['ada'], /got 1 argument/],
      [['ada', 'admin', 'extra'], /got 3 argument/],
      [['  ', 'admin'], /name is empty/],
      [['ada', 'root'], /unknown role "root"/],
      [['ada', ''], /unknown role ""/],
    ];
    for (const [args, problem] of cases) {
      const parsed = parseUserRoleArgs(args);
      assert.equal(parsed.ok, false, args.join(' '));
      if (parsed.ok) continue;
      assert.match(parsed.message, problem);
      assert.ok(parsed.message.endsWith(usage));
    }
  });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the script as `npm run user:role` would, with the given environment on top of ours. */
async function runScript(args: string[], env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'user-role.ts'), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const [code] = await once(child, 'close');
  return { code, stdout, stderr };
}

/**
 * Where the script will find the database: a throw-away PostgreSQL database (its URL handed to the
 * child) when DATABASE_URL is set, else a PGlite data dir, which only one process may open at a time.
 */
interface Target {
  env: Record<string, string>;
  open(): Promise<Database>;
}

async function createTarget(t: TestContext): Promise<Target> {
  if (process.env.DATABASE_URL) {
    const database = await createTestDatabase();
    t.after(() => database.close());
    return { env: { DATABASE_URL: database.url ?? '' }, open: () => database.openAnother() };
  }
  const dir = mkdtempSync(join(tmpdir(), 'techqa-role-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const dataDir = join(dir, 'data');
  await createTestDataDir(dataDir);
  return {
    env: { DATA_DIR: dataDir },
    async open() {
      const database = await openDatabase({ dataDir });
      await migrateToLatest(database.db);
      return database;
    },
  };
}

/** Opens the target, runs `work` against the app, then closes both (freeing a PGlite data dir). */
async function withApp<T>(target: Target, work: (app: FastifyInstance) => Promise<T>): Promise<T> {
  const database = await target.open();
  try {
    const app = await buildApp({ config: testConfig(), database });
    try {
      return await work(app);
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

describe('npm run user:role', () => {
  test('gives a registered member a role; an unknown name exits 1 and changes nothing', async (t) => {
    const target = await createTarget(t);
    const username = uniqueName('ada');
    const member = await withApp(target, (app) => registerMember(app, { username }));

    const promoted = await runScript([username.toUpperCase(), 'admin'], target.env);
    assert.equal(promoted.code, 0, promoted.stderr);
    assert.equal(promoted.stdout, `${username} is now admin\n`);

    const unknown = await runScript(['nobody-here', 'moderator'], target.env);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stdout, '');
    assert.match(unknown.stderr, /no user named nobody-here/);

    const profile = await withApp(target, async (app) =>
      (await app.inject({ url: `/api/v1/users/${member.userId}` })).json(),
    );
    assert.deepEqual(profile.roles, ['admin']);
  });

  test('bad usage exits 1 before touching any database', async () => {
    const run = await runScript(['ada', 'root'], { DATABASE_URL: 'postgres://nowhere.invalid/none' });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /unknown role "root"/);
    assert.match(run.stderr, /usage: npm run user:role -- NAME ROLE/);
  });

  test('a data dir held by a running server exits 1 and says to stop it or use DATABASE_URL', {
    skip: process.env.DATABASE_URL ? 'PGlite only' : false,
  }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'techqa-role-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const dataDir = join(dir, 'data');
    // The lock file is what a running server holds; PGlite need not start for it.
    const running = acquireDataDirLock(dataDir);
    try {
      const run = await runScript(['ada', 'admin'], { DATA_DIR: dataDir });
      assert.equal(run.code, 1);
      const holder = /in use by another TechQ&A process \(pid (\d+)\)/.exec(run.stderr);
      assert.equal(holder?.[1], String(process.pid), run.stderr);
      assert.match(run.stderr, /Stop the running server first, or set DATABASE_URL/);
    } finally {
      running.release();
    }
  });
});
