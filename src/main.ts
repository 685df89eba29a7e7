import { Redis } from 'ioredis';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { seedDemo } from './modules/imports/index.js';
import { DataDirLockedError, migrateToLatest, openDatabase } from './platform/db/index.js';

/** Web entry: config → database (migrated) → app → listen; SIGTERM/SIGINT close it all in order. */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    // A fresh embedded database shows a living community (real, attributed Q&A) rather than nothing.
    if (!config.databaseUrl && config.demoSeed) {
      const summary = await seedDemo(database.db);
      const loaded = summary.rows.questions?.inserted ?? 0;
      if (loaded > 0)
        process.stderr.write(`techqa: loaded ${loaded} demo questions (DEMO_SEED=false to skip)\n`);
    }
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
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    try {
      await app.close();
      redis?.disconnect();
      await database.close();
      app.log.info('closed cleanly');
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  const address = await app.listen({ host: config.host, port: config.port });
  app.log.info(
    { database: database.kind === 'pglite' ? `embedded (${config.dataDir})` : 'postgresql' },
    `TechQ&A is serving on ${address}`,
  );
}

main().catch((error: unknown) => {
  // The logger may not exist yet (bad config, locked data dir): say what is wrong plainly.
  const known = error instanceof ConfigError || error instanceof DataDirLockedError;
  process.stderr.write(
    `techqa: ${known ? (error as Error).message : String((error as Error)?.stack ?? error)}\n`,
  );
  process.exit(1);
});
