// `npm run user:role -- NAME ROLE`: gives a member a role on the database the environment selects
// (DATABASE_URL, else DATA_DIR). Whoever can run this owns the server, so no one is asked.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { serviceContext } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { setUserRole } from '../src/modules/accounts/index.js';
import { systemClock } from '../src/platform/clock.js';
import {
  type Database,
  DataDirLockedError,
  migrateToLatest,
  openDatabase,
} from '../src/platform/db/index.js';
import type { UserRole } from '../src/platform/db/schema.js';
import { AppError } from '../src/platform/http/errors.js';
import { redactedPaths } from '../src/platform/logger.js';

const roles: readonly UserRole[] = ['user', 'moderator', 'admin'];

export const usage = 'usage: npm run user:role -- NAME ROLE   (ROLE is user, moderator or admin)';

/** The command line as a request, or what is wrong with it (usage included). */
export type UserRoleArgs = { ok: true; username: string; role: UserRole } | { ok: false; message: string };

/** Parses `NAME ROLE` (the arguments after the script name); the role is case-insensitive. */
export function parseUserRoleArgs(args: readonly string[]): UserRoleArgs {
  if (args.length !== 2) {
    return { ok: false, message: `expected a name and a role, got ${args.length} argument(s)\n${usage}` };
  }
  const username = args[0]?.trim() ?? '';
  const role = args[1]?.trim().toLowerCase() ?? '';
  if (username === '') return { ok: false, message: `the name is empty\n${usage}` };
  if (!(roles as readonly string[]).includes(role)) {
    return { ok: false, message: `unknown role "${args[1]}": use user, moderator or admin\n${usage}` };
  }
  return { ok: true, username, role: role as UserRole };
}

/** Runs the command; returns the exit code. */
async function main(args: readonly string[]): Promise<number> {
  const parsed = parseUserRoleArgs(args);
  if (!parsed.ok) return fail(parsed.message);

  // Quiet unless asked: a command line tool should print its answer, not the database's chatter.
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const log = pino(
    { level: config.logLevel, redact: { paths: redactedPaths, censor: '[redacted]' } },
    pino.destination({ dest: 2, sync: true }),
  );
  let database: Database;
  try {
    database = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: 2,
      logger: log,
    });
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      return fail(
        `the data directory ${config.dataDir} is in use by another TechQ&A process (pid ${error.pid}). ` +
          'Stop the running server first, or set DATABASE_URL to change roles on a shared PostgreSQL server.',
      );
    }
    throw error;
  }

  try {
    await migrateToLatest(database.db);
    const ctx = serviceContext({ config, database, clock: systemClock, log });
    const user = await setUserRole(ctx, parsed.username, parsed.role);
    process.stdout.write(`${user.username} is now ${user.role}\n`);
    return 0;
  } catch (error) {
    if (error instanceof AppError && error.code === 'user.not_found') {
      return fail(`no user named ${parsed.username}`);
    }
    throw error;
  } finally {
    await database.close();
  }
}

function fail(message: string): number {
  process.stderr.write(`user:role: ${message}\n`);
  return 1;
}

// Compared as real paths: importing this file (from a test) must not run it, and a symlinked
// checkout must not stop it from running.
function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    process.exitCode = fail(`failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
