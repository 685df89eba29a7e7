import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE_NAME } from './lock-file.js';

let root: string;
let dataDir: string;
let lockPath: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'techqa-lock-'));
  dataDir = join(root, 'data');
  lockPath = join(dataDir, LOCK_FILE_NAME);
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function holderPid(): unknown {
  return JSON.parse(readFileSync(lockPath, 'utf8')).pid;
}

function writeLock(content: string): void {
  writeFileSync(lockPath, content);
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  assert.ok(child.pid);
  return child.pid;
}

test('creates the data dir and a lock naming this process', () => {
  const lock = acquireDataDirLock(dataDir);
  const holder = JSON.parse(readFileSync(lockPath, 'utf8'));
  assert.equal(holder.pid, process.pid);
  assert.equal(holder.hostname, hostname());
  assert.ok(!Number.isNaN(Date.parse(holder.startedAt)));
  lock.release();
  assert.equal(existsSync(lockPath), false);
});

test('a second acquire on the same dir throws DataDirLockedError', () => {
  const lock = acquireDataDirLock(dataDir);
  assert.throws(
    () => acquireDataDirLock(dataDir),
    (error: unknown) => {
      assert.ok(error instanceof DataDirLockedError);
      assert.equal(error.pid, process.pid);
      assert.match(error.message, new RegExp(`pid ${process.pid}`));
      assert.match(error.message, /DATABASE_URL/);
      return true;
    },
  );
  lock.release();
  acquireDataDirLock(dataDir).release();
});

test('a lock held by a dead process is taken over', async () => {
  acquireDataDirLock(dataDir).release();
  const pid = await deadPid();
  writeLock(JSON.stringify({ pid, hostname: hostname(), startedAt: new Date().toISOString() }));
  const lock = acquireDataDirLock(dataDir);
  assert.equal(JSON.parse(readFileSync(lockPath, 'utf8')).pid, process.pid);
  lock.release();
});

test('a garbage lock file is taken over', () => {
  acquireDataDirLock(dataDir).release();
  for (const garbage of ['', 'not json', '{"pid":"x"}', 'null']) {
    writeLock(garbage);
    const lock = acquireDataDirLock(dataDir);
    assert.equal(holderPid(), process.pid, `taken over from ${JSON.stringify(garbage)}`);
    lock.release();
    assert.equal(existsSync(lockPath), false);
  }
});

test('a live process on another host does not block (its pid means nothing here)', () => {
  acquireDataDirLock(dataDir).release();
  writeLock(JSON.stringify({ pid: process.ppid, hostname: `not-${hostname()}`, startedAt: '' }));
  const lock = acquireDataDirLock(dataDir);
  assert.equal(holderPid(), process.pid);
  assert.equal(JSON.parse(readFileSync(lockPath, 'utf8')).hostname, hostname());
  lock.release();
});

test('a live process on this host blocks, whatever else the lock says', () => {
  acquireDataDirLock(dataDir).release();
  writeLock(JSON.stringify({ pid: process.ppid, hostname: hostname(), startedAt: 'yesterday' }));
  assert.throws(
    () => acquireDataDirLock(dataDir),
    (error: unknown) => error instanceof DataDirLockedError && error.pid === process.ppid,
  );
  assert.equal(holderPid(), process.ppid, 'the holder keeps its lock');
});

test("release is idempotent and never removes someone else's lock", () => {
  const lock = acquireDataDirLock(dataDir);
  lock.release();
  lock.release();
  const theirs = JSON.stringify({
    pid: process.ppid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
  });
  writeLock(theirs);
  lock.release();
  assert.equal(readFileSync(lockPath, 'utf8'), theirs);

  rmSync(lockPath);
  const replaced = acquireDataDirLock(dataDir);
  writeLock(theirs);
  replaced.release();
  assert.equal(readFileSync(lockPath, 'utf8'), theirs);
  assert.throws(() => acquireDataDirLock(dataDir), DataDirLockedError);
});
