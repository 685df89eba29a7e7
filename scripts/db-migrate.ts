// Applies pending migrations to the database the environment selects (DATABASE_URL, else DATA_DIR).
import { loadConfig } from '../src/config.js';
import { migrateToLatest, openDatabase } from '../src/platform/db/index.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const target = database.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
    const { applied } = await migrateToLatest(database.db);
    if (applied.length === 0) {
      process.stdout.write(`${target}: already up to date\n`);
    } else {
      process.stdout.write(`${target}: applied ${applied.length} migration(s)\n`);
      for (const name of applied) process.stdout.write(`  ${name}\n`);
    }
  } finally {
    await database.close();
  }
}

try {
  await main();
} catch (error) {
  process.stderr.write(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
