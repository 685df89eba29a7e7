import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { buildApp } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { withDevSecret } from './modules/payments/index.js';
import { systemClock } from './platform/clock.js';
import { type Database, DataDirLockedError, migrateToLatest, openDatabase } from './platform/db/index.js';

/** What main.ts and worker.ts share: the config, the migrated database and the built app. */
export interface StartedProcess {
  config: Config;
  database: Database;
  app: FastifyInstance;
}

/**
 * Config → database (migrated; generated secrets read or made; `prepare` runs next, e.g. the demo seed) → Redis when set → the
 * app; and SIGTERM/SIGINT close the app (letting requests and jobs finish), Redis, then the
 * database, and exit 0.
 */
export async function startProcess(options: {
  name: string;
  prepare?: (config: Config, database: Database) => Promise<void>;
}): Promise<StartedProcess> {
  let config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    config = await withDevSecret(config, database.db, systemClock.now());
    await options.prepare?.(config, database);
  } catch (error) {
    await database.close();
    throw error;
  }
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 })
    : undefined;
  const app = await buildApp({ config, database, ...(redis ? { redis } : {}) });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, `${options.name} shutting down: finishing work in flight`);
    try {
      await app.close();
      redis?.disconnect();
      await database.close();
      app.log.info(`${options.name} closed cleanly`);
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, `${options.name} shutdown failed`);
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  return { config, database, app };
}

/** Where the data lives, for the start-up log line. */
export function describeDatabase(config: Config, database: Database): string {
  return database.kind === 'pglite' ? `embedded (${config.dataDir})` : 'postgresql';
}

/** Ends a process that failed to start; config and lock errors are said plainly (no logger yet). */
export function exitOnStartFailure(name: string): (error: unknown) => void {
  return (error) => {
    const known = error instanceof ConfigError || error instanceof DataDirLockedError;
    process.stderr.write(
      `${name}: ${known ? (error as Error).message : String((error as Error)?.stack ?? error)}\n`,
    );
    process.exit(1);
  };
}
