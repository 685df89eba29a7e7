// `npm run reputation:recompute`: replays every member's reputation events on the database the
// environment selects (DATABASE_URL, else DATA_DIR; migrated first) and rewrites what drifted:
// each event's effect after the caps and the floor, then the member's total. Idempotent: a second
// run mends nothing. The server may keep running on PostgreSQL (members are locked a batch at a
// time); stop it first on the embedded database.
import { parseArgs } from 'node:util';
import pino from 'pino';
import { serviceContext } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { recomputeReputation } from '../src/modules/reputation/index.js';
import { systemClock } from '../src/platform/clock.js';
import { migrateToLatest, openDatabase } from '../src/platform/db/index.js';
import { redactedPaths } from '../src/platform/logger.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'batch-size': { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    process.stdout.write('usage: npm run reputation:recompute -- [--batch-size N]\n');
    return;
  }
  const batchSize = values['batch-size'] ? Number(values['batch-size']) : undefined;
  if (batchSize !== undefined && !(Number.isSafeInteger(batchSize) && batchSize > 0)) {
    throw new Error('--batch-size must be a positive whole number');
  }
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const log = pino(
    { level: config.logLevel, redact: { paths: redactedPaths, censor: '[redacted]' } },
    pino.destination({ dest: 2, sync: true }),
  );
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    logger: log,
  });
  try {
    await migrateToLatest(database.db);
    const ctx = serviceContext({ config, database, clock: systemClock, log });
    const started = performance.now();
    const result = await recomputeReputation(ctx, batchSize ? { batchSize } : {});
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    process.stdout.write(
      `reputation: ${result.members} members replayed in ${seconds} s; ` +
        `${result.eventsMended} events and ${result.totalsMended} totals mended\n`,
    );
  } finally {
    await database.close();
  }
}

try {
  await main();
} catch (error) {
  process.stderr.write(`reputation:recompute: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
