// `npm run db:seed [-- --data DIR]`: loads the real data (default ../shared/data: Stack Exchange
// sites + the Chinese sets) into the database the environment selects (DATABASE_URL, else
// DATA_DIR), migrating it first. Idempotent: a second run inserts nothing.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { findInvariantViolations, formatSummary, seedFromData } from '../src/modules/imports/index.js';
import { migrateToLatest, openDatabase } from '../src/platform/db/index.js';
import { progressDisplay } from './import-progress.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { data: { type: 'string' }, 'batch-size': { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    process.stdout.write('usage: npm run db:seed -- [--data DIR] [--batch-size N]\n');
    return;
  }
  const dataDir = resolve(values.data ?? resolve(root, '..', 'shared', 'data'));
  const batchSize = values['batch-size'] ? Number(values['batch-size']) : undefined;
  if (batchSize !== undefined && !(Number.isSafeInteger(batchSize) && batchSize > 0)) {
    throw new Error('--batch-size must be a positive whole number');
  }
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const progress = progressDisplay();
  try {
    const target = database.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
    process.stderr.write(`seeding ${target} from ${dataDir}\n`);
    await migrateToLatest(database.db);
    const summary = await seedFromData(database.db, dataDir, { batchSize, onProgress: progress.listener });
    progress.stop();
    process.stdout.write(`${formatSummary(summary)}\n`);
    await reportInvariants(database.db);
  } finally {
    progress.stop();
    await database.close();
  }
}

/** Checks the invariants the app relies on across the whole database; a violation fails the command. */
async function reportInvariants(db: Parameters<typeof findInvariantViolations>[0]): Promise<void> {
  const problems = await findInvariantViolations(db);
  if (problems.length === 0) {
    process.stdout.write('invariants: all hold\n');
    return;
  }
  for (const problem of problems) process.stdout.write(`invariant broken: ${problem}\n`);
  process.exitCode = 1;
}

try {
  await main();
} catch (error) {
  process.stderr.write(
    `db:seed failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
