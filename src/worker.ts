import { Redis } from 'ioredis';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { DataDirLockedError, migrateToLatest, openDatabase } from './platform/db/index.js';

/**
 * Jobs entry (`npm run worker`): config → database (migrated) → the app, built but never
 * listening, so the worker has exactly the web process's modules, job definitions and service
 * context → its job runner. SIGTERM/SIGINT stop claiming, let running jobs finish, close it all.
 * Run it with `JOBS_IN_PROCESS=false` on the web processes. On embedded PGlite only one process
 * may open the data dir, so a separate worker needs `DATABASE_URL`.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 })
    : undefined;
  const app = await buildApp({ config, database, ...(redis ? { redis } : {}) });
  await app.ready();
  if (!app.hasDecorator('jobs')) {
    await app.close();
    redis?.disconnect();
    await database.close();
    throw new Error('buildApp did not register the job runner (registerJobs in src/app.ts)');
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'worker shutting down: finishing running jobs');
    try {
      await app.close();
      redis?.disconnect();
      await database.close();
      app.log.info('worker closed cleanly');
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'worker shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  app.jobs.start();
  app.log.info(
    { database: database.kind === 'pglite' ? `embedded (${config.dataDir})` : 'postgresql' },
    'TechQ&A worker is running jobs',
  );
}

main().catch((error: unknown) => {
  // The logger may not exist yet (bad config, locked data dir): say what is wrong plainly.
  const known = error instanceof ConfigError || error instanceof DataDirLockedError;
  process.stderr.write(
    `techqa worker: ${known ? (error as Error).message : String((error as Error)?.stack ?? error)}\n`,
  );
  process.exit(1);
});
