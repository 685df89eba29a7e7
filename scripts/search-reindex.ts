// `npm run search:reindex [-- --missing]`: rebuilds the search index (every live question's
// document, then the statistics ranking uses) in the database the environment selects
// (DATABASE_URL, else DATA_DIR), migrating it first, with a progress bar. `--missing` only indexes
// questions that have no document yet. Stop the server first on the embedded database.
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadConfig } from '../src/config.js';
import { reindexSearch } from '../src/modules/search/index.js';
import { migrateToLatest, openDatabase } from '../src/platform/db/index.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { missing: { type: 'boolean' }, 'batch-size': { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    process.stdout.write('usage: npm run search:reindex -- [--missing] [--batch-size N]\n');
    return;
  }
  const batchSize = values['batch-size'] ? Number(values['batch-size']) : undefined;
  if (batchSize !== undefined && !(Number.isSafeInteger(batchSize) && batchSize > 0)) {
    throw new Error('--batch-size must be a positive whole number');
  }
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'search index |{bar}| {percentage}% | {value}/{total} questions | {duration_formatted}',
      hideCursor: true,
      noTTYOutput: !process.stderr.isTTY,
      notTTYSchedule: 5_000,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = performance.now();
  try {
    await migrateToLatest(database.db);
    let begun = false;
    const written = await reindexSearch(database.db, {
      onlyMissing: values.missing ?? false,
      ...(batchSize ? { batchSize } : {}),
      onProgress: ({ done, total }) => {
        if (!begun) {
          bar.start(total, done);
          begun = true;
        } else bar.update(done);
      },
    });
    bar.stop();
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    process.stdout.write(`search index: ${written} questions indexed in ${seconds} s\n`);
  } finally {
    bar.stop();
    await database.close();
  }
}

try {
  await main();
} catch (error) {
  process.stderr.write(
    `search:reindex failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
