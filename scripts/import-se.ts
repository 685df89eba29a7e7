// `npm run import:se -- DIR [--site NAME] [--domain HOST] [--math|--no-math]`: imports a Stack
// Exchange data-dump folder (Users.xml, Posts.xml, Comments.xml, Votes.xml, PostLinks.xml,
// Tags.xml) into the database the environment selects, streaming each file. Idempotent.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { findInvariantViolations, formatSummary, importSeDump } from '../src/modules/imports/index.js';
import { migrateToLatest, openDatabase } from '../src/platform/db/index.js';
import { progressDisplay } from './import-progress.js';

const USAGE =
  'usage: npm run import:se -- DIR [--site NAME] [--domain HOST] [--math | --no-math] [--batch-size N]\n';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      site: { type: 'string' },
      domain: { type: 'string' },
      math: { type: 'boolean' },
      'no-math': { type: 'boolean' },
      'batch-size': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const [dir, ...extra] = positionals;
  if (!dir || extra.length > 0) throw new Error(`expected one dump folder\n${USAGE}`);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${dir} is not a folder`);
  const batchSize = values['batch-size'] ? Number(values['batch-size']) : undefined;
  if (batchSize !== undefined && !(Number.isSafeInteger(batchSize) && batchSize > 0)) {
    throw new Error('--batch-size must be a positive whole number');
  }
  const math = values.math ? true : values['no-math'] ? false : undefined;

  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const progress = progressDisplay();
  try {
    const target = database.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
    process.stderr.write(`importing ${resolve(dir)} into ${target}\n`);
    await migrateToLatest(database.db);
    const summary = await importSeDump(database.db, dir, {
      site: values.site,
      domain: values.domain,
      math,
      batchSize,
      onProgress: progress.listener,
    });
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
  process.stderr.write(`import:se failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
