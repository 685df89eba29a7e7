#!/usr/bin/env node
// `npm test`: every *.test.ts / *.test.tsx under src/, test/ and scripts/, through Node's own
// test runner with tsx (Node 20's runner cannot expand globs itself, hence this file).
// Arguments narrow the run: `npm test -- accounts` runs the files whose path contains "accounts".
//
// The files run in a few long-lived lanes (scripts/test-lane.mjs) that take files from one queue,
// the slowest known first, instead of one process per file: a process start loads TypeScript, the
// app and PGlite again (seconds of CPU on a 2-core machine, for 90 files). TEST_LANES sets how
// many lanes (default: one per core on PGlite; one more on PostgreSQL, whose tests wait on the
// server); TEST_LANES=0 runs one process per file as before.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const roots = ['src', 'test', 'scripts'];
const isTest = (name) => /\.test\.tsx?$/.test(name);

function* walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (isTest(entry.name)) yield path;
  }
}

const filters = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const passThrough = process.argv.slice(2).filter((arg) => arg.startsWith('--'));
const files = roots
  .flatMap((dir) => [...walk(join(root, dir))])
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();

if (files.length === 0) {
  process.stderr.write(`no test files match ${filters.join(' ')}\n`);
  process.exit(1);
}

const cores = availableParallelism();
const onServer = Boolean(process.env.DATABASE_URL);
const lanes = Math.min(files.length, Number(process.env.TEST_LANES ?? (onServer ? cores + 1 : cores)));
const env = { ...process.env, NODE_ENV: 'test' };
const started = Date.now();

let status;
if (!(lanes > 0)) {
  status = run(Math.max(2, cores), files, env);
} else {
  const queue = mkdtempSync(join(tmpdir(), 'techqa-lanes-'));
  try {
    for (const dir of ['todo', 'claimed', 'done']) mkdirSync(join(queue, dir));
    slowestFirst(files).forEach((file, i) => {
      writeFileSync(join(queue, 'todo', String(i).padStart(4, '0')), file);
    });
    const laneFiles = Array.from({ length: lanes }, (_, i) => {
      const lane = join(queue, `lane-${i + 1}.test.mjs`);
      writeFileSync(lane, `import ${JSON.stringify(join(root, 'scripts', 'test-lane.mjs'))};\n`);
      return lane;
    });
    status = run(lanes, laneFiles, { ...env, TECHQA_TEST_LANE: queue });
    const unfinished = files.length - readdirSync(join(queue, 'done')).length;
    if (unfinished > 0) {
      process.stderr.write(`\n${unfinished} test file(s) never finished (a lane crashed); failing the run\n`);
      status ||= 1;
    }
  } finally {
    rmSync(queue, { recursive: true, force: true });
  }
}
const seconds = ((Date.now() - started) / 1000).toFixed(0);
process.stdout.write(
  `\ntest run: ${files.length} files in ${lanes > 0 ? `${lanes} lanes` : 'one process each'}, ${seconds} s${onServer ? ' (PostgreSQL)' : ' (PGlite)'}\n`,
);
process.exit(status);

function run(concurrency, entries, runEnv) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...passThrough, ...entries],
    { stdio: 'inherit', env: runEnv, cwd: root },
  );
  return result.status ?? 1;
}

/**
 * The order lanes take files in: browser and process tests first (they start Chromium or child
 * processes and are the longest), then the rest largest first, so no lane is left with a long file
 * at the end while the others idle.
 */
function slowestFirst(list) {
  const weight = (file) =>
    (/\/e2e\/|process\.test|multi-instance|restart|concurrency/.test(file) ? 1e9 : 0) + statSync(file).size;
  return [...list].sort((a, b) => weight(b) - weight(a));
}
