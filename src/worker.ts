import { describeDatabase, exitOnStartFailure, startProcess } from './process.js';

/**
 * Jobs entry (`npm run worker`): config → database (migrated) → the app, built but never
 * listening, so the worker has exactly the web process's modules, job definitions and service
 * context → its job runner. SIGTERM/SIGINT stop claiming, let running jobs finish, close it all.
 * Run it with `JOBS_IN_PROCESS=false` on the web processes. On embedded PGlite only one process
 * may open the data dir, so a separate worker needs `DATABASE_URL`.
 */
async function main(): Promise<void> {
  const { config, database, app } = await startProcess({ name: 'worker' });
  await app.ready();
  if (!app.hasDecorator('jobs')) {
    await app.close();
    await database.close();
    throw new Error('buildApp did not register the job runner (registerJobs in src/app.ts)');
  }
  app.jobs.start();
  app.log.info({ database: describeDatabase(config, database) }, 'TechQ&A worker is running jobs');
}

main().catch(exitOnStartFailure('techqa worker'));
