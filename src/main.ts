import { seedDemo } from './modules/imports/index.js';
import { describeDatabase, exitOnStartFailure, startProcess } from './process.js';

/** Web entry: config → database (migrated, demo-seeded) → app → listen; SIGTERM closes in order. */
async function main(): Promise<void> {
  const { config, database, app } = await startProcess({
    name: 'web',
    // A fresh embedded database shows a living community (real, attributed Q&A) rather than nothing.
    prepare: async (config, database) => {
      if (config.databaseUrl || !config.demoSeed) return;
      const summary = await seedDemo(database.db);
      const loaded = summary.rows.questions?.inserted ?? 0;
      if (loaded > 0)
        process.stderr.write(`techqa: loaded ${loaded} demo questions (DEMO_SEED=false to skip)\n`);
    },
  });
  const address = await app.listen({ host: config.host, port: config.port });
  app.log.info({ database: describeDatabase(config, database) }, `TechQ&A is serving on ${address}`);
}

main().catch(exitOnStartFailure('techqa'));
