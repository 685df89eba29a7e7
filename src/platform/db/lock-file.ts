import { linkSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** Name of the lock file inside the PGlite data directory. */
export const LOCK_FILE_NAME = 'techqa.lock';

interface LockHolder {
  pid: number;
  hostname: string;
  startedAt: string;
}

/** Thrown when a live TechQ&A process on this machine already holds the data directory. */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
  readonly dataDir: string;
  readonly pid: number;

  constructor(dataDir: string, pid: number, lockPath: string) {
    super(
      `Another TechQ&A process (pid ${pid}) is using the data directory ${dataDir}: ` +
        'the embedded database allows only one process. Stop that process, or set DATABASE_URL ' +
        `to use a PostgreSQL server that several processes can share. (If no such process is running, delete ${lockPath}.)`,
    );
    this.dataDir = dataDir;
    this.pid = pid;
  }
}

/**
 * Claims `<dataDir>/techqa.lock` for this process (creating dataDir if needed); takes over a lock
 * left by a dead process; throws DataDirLockedError while a live one holds it.
 */
export function acquireDataDirLock(dataDir: string): { release(): void } {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, LOCK_FILE_NAME);
  const ours: LockHolder = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() };

  for (let attempt = 1; !tryCreate(lockPath, ours); attempt++) {
    const holder = readHolder(lockPath);
    if (holder && isAlive(holder)) throw new DataDirLockedError(dataDir, holder.pid, lockPath);
    if (attempt === 2) {
      throw new Error(
        `Could not take the lock ${lockPath}: it keeps reappearing; is another process starting?`,
      );
    }
    rmSync(lockPath, { force: true });
  }

  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      const holder = readHolder(lockPath);
      if (
        holder?.pid === ours.pid &&
        holder.hostname === ours.hostname &&
        holder.startedAt === ours.startedAt
      ) {
        rmSync(lockPath, { force: true });
      }
    },
  };
}

// Written in full to a private file, then hard-linked into place: the link either fails with
// EEXIST or publishes a complete lock, so a competitor never reads a half-written one and
// mistakes it for garbage.
function tryCreate(lockPath: string, holder: LockHolder): boolean {
  const tempPath = `${lockPath}.${process.pid}.tmp`;
  writeFileSync(tempPath, JSON.stringify(holder));
  try {
    linkSync(tempPath, lockPath);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(tempPath);
  }
}

function readHolder(lockPath: string): LockHolder | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(lockPath, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { pid, hostname, startedAt } = parsed as Record<string, unknown>;
    if (!Number.isSafeInteger(pid) || (pid as number) <= 0 || typeof hostname !== 'string') return undefined;
    return { pid: pid as number, hostname, startedAt: String(startedAt) };
  } catch {
    return undefined;
  }
}

// A lock from another host cannot be checked; after a container is recreated the hostname changes
// while the volume stays, so such a lock is treated as stale.
function isAlive(holder: LockHolder): boolean {
  if (holder.hostname !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

function errorCode(error: unknown): unknown {
  return (error as NodeJS.ErrnoException | null)?.code;
}
