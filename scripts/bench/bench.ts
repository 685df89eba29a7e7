// `npm run bench [-- options]`: builds (or reuses) a 100k-question database, starts the real app
// in a child process and loads `/`, a question page with 10+ answers, a tag page and
// `GET /api/v1/questions/:id` with autocannon; then serves the very same bytes from bare
// node:http and loads that the same way. PGlite always; PostgreSQL too when DATABASE_URL (or --pg)
// is set. `--profile` instead counts queries and splits time per page (profile.ts).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { appEnv, backendPids, backendsOf, fetchTarget, log, type Options, targetsOf } from './common.js';
import { type Backend, ensureDataset, type Manifest } from './dataset.js';
import { drain, load, ROOT, renice, type Server, setNiceness, startApp, startBare } from './load.js';
import { runProfile } from './profile.js';
import { type BackendResult, machine, packageVersion, render, type TargetResult } from './report.js';
import { runSearchBench } from './search.js';

const USAGE = `usage: npm run bench -- [options]
  --duration S       measured seconds per target (default 10)
  --warmup S         warm-up seconds per target, not measured (default 3)
  --connections N    concurrent connections (default 50)
  --questions N      size of the benchmark database (default 100000)
  --pg URL           also run on this PostgreSQL server (default: DATABASE_URL when set)
  --only pglite|pg   run one backend only (default: PGlite, and PostgreSQL when a URL is given)
  --rebuild          rebuild the cached databases (.bench/pglite, techqa_bench)
  --data DIR         the real data to start from (default ../shared/data)
  --search           instead: search queries (rare, common, multi-term) over the database, p50/p95
  --profile          instead of loading: queries per page, database vs rendering time, CPU profile
  --nice=N           run every process of the benchmark at this niceness (e.g. --nice=-10 on a shared
                     machine; PostgreSQL backends serving the app too)
  --json             print the results as JSON on stdout (progress goes to stderr)`;

function positive(raw: string | undefined, fallback: number, name: string, min = 1): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min)
    throw new Error(`--${name} must be a whole number ≥ ${min}`);
  return value;
}

function niceOf(raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < -20 || value > 19)
    throw new Error('--nice must be a whole number, -20 to 19');
  return value;
}

function onlyOf(raw: string, pgUrl: string | undefined): 'pglite' | 'pg' {
  if (raw !== 'pglite' && raw !== 'pg') throw new Error('--only must be pglite or pg');
  if (raw === 'pg' && !pgUrl) throw new Error('--only pg needs --pg URL or DATABASE_URL');
  return raw;
}

function options(): Options | undefined {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      questions: { type: 'string' },
      pg: { type: 'string' },
      only: { type: 'string' },
      rebuild: { type: 'boolean' },
      data: { type: 'string' },
      profile: { type: 'boolean' },
      search: { type: 'boolean' },
      json: { type: 'boolean' },
      nice: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return undefined;
  const pgUrl = values.pg ?? (process.env.DATABASE_URL?.trim() || undefined);
  if (pgUrl && !/^postgres(ql)?:\/\//.test(pgUrl))
    throw new Error('--pg / DATABASE_URL must be a postgres:// URL');
  return {
    duration: positive(values.duration, 10, 'duration'),
    warmup: positive(values.warmup, 3, 'warmup', 0),
    connections: positive(values.connections, 50, 'connections'),
    questions: positive(values.questions, 100_000, 'questions', 1_000),
    rebuild: values.rebuild ?? false,
    json: values.json ?? false,
    profile: values.profile ?? false,
    dataDir: resolve(values.data ?? resolve(ROOT, '..', 'shared', 'data')),
    pgUrl,
    nice: values.nice === undefined ? undefined : niceOf(values.nice),
    only: values.only === undefined ? undefined : onlyOf(values.only, pgUrl),
  };
}

async function serverVersion(backend: Backend): Promise<string> {
  if (backend.kind === 'pglite') {
    // The app holds the data dir; a throw-away in-memory instance reports the same version.
    const pglite = new PGlite();
    const { rows } = await pglite.query<{ v: string }>(`select current_setting('server_version') as v`);
    await pglite.close();
    return `PGlite ${packageVersion('@electric-sql/pglite')} (PostgreSQL ${rows[0]?.v ?? '?'}, WebAssembly)`;
  }
  const client = new pg.Client({ connectionString: backend.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>("select current_setting('server_version') as v");
    return `PostgreSQL ${rows[0]?.v ?? '?'}`;
  } finally {
    await client.end();
  }
}

async function runBackend(backend: Backend, manifest: Manifest, opts: Options): Promise<BackendResult> {
  const loadOptions = {
    duration: opts.duration,
    warmup: opts.warmup,
    connections: opts.connections,
    postgres: backend.kind === 'postgres',
    beforeMeasure: async () => {
      if (opts.nice !== undefined) renice(await backendPids(backend));
    },
  };
  const bodies = resolve(ROOT, '.bench', 'bodies', backend.kind);
  mkdirSync(bodies, { recursive: true });
  const results: TargetResult[] = [];
  const files = new Map<TargetResult, string>();

  log(`${backend.kind}: starting the app`);
  const app = await startApp(appEnv(backend));
  try {
    for (const { target, path } of targetsOf(manifest)) {
      const fetched = await fetchTarget(app.url, path).catch((error: unknown) => {
        throw new Error(`GET ${path} failed (${String(error)}); the app said:\n${app.output()}`);
      });
      if (fetched.status < 200 || fetched.status >= 300) {
        results.push({ target, path: fetched.path, skipped: `not available: HTTP ${fetched.status}` });
        log(`  ${target} ${fetched.path}: HTTP ${fetched.status}, skipped`);
        continue;
      }
      const result: TargetResult = {
        target,
        path: fetched.path,
        bytes: fetched.body.length,
        contentType: fetched.contentType,
      };
      const file = resolve(bodies, `${target.replaceAll(' ', '-')}.body`);
      writeFileSync(file, fetched.body);
      files.set(result, file);
      log(
        `  ${target} ${fetched.path} (${fetched.body.length} bytes): app, ${opts.warmup}+${opts.duration} s`,
      );
      result.app = await load(`${app.url}${fetched.path}`, app, loadOptions);
      await drain(app);
      if (result.app.requests === 0) log(`  no response at all; the app said:\n${app.output()}`);
      results.push(result);
    }
  } finally {
    await app.stop();
  }

  for (const result of results) {
    const file = files.get(result);
    if (!file || !result.contentType) continue;
    log(`  ${result.target}: bare node:http, same ${result.bytes} bytes`);
    const bare: Server = await startBare(file, result.contentType);
    try {
      result.bare = await load(`${bare.url}/`, bare, loadOptions);
    } finally {
      await bare.stop();
    }
  }
  return {
    backend: backend.kind,
    serverVersion: await serverVersion(backend),
    manifest,
    targets: results,
  };
}

async function main(): Promise<void> {
  const opts = options();
  if (!opts) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  setNiceness(opts.nice);
  if (process.argv.includes('--search')) return runSearchBench(opts);
  if (opts.profile) {
    const backends = backendsOf(opts);
    if (backends.length === 1) return runProfile(backends, opts, log);
    // One process per backend: PGlite's AsyncLocalStorage, once used, would tax the PostgreSQL run.
    for (const backend of backends) {
      const only = backend.kind === 'postgres' ? 'pg' : 'pglite';
      const child = spawnSync(
        process.execPath,
        [...process.execArgv, ...process.argv.slice(1), `--only=${only}`],
        {
          stdio: 'inherit',
        },
      );
      if (child.status !== 0)
        throw new Error(`--profile --only=${only} failed (${child.status ?? child.signal})`);
    }
    return;
  }
  const info = machine();
  if ((info.loadAverage[0] ?? 0) > 1) {
    log(
      `warning: load average ${info.loadAverage.join(' / ')}: other work on this machine will skew the figures`,
    );
  }
  const results: BackendResult[] = [];
  for (const backend of backendsOf(opts)) {
    const manifest = await ensureDataset(backend, {
      targetQuestions: opts.questions,
      rebuild: opts.rebuild,
      dataDir: opts.dataDir,
      log,
    });
    results.push(await runBackend(backend, manifest, opts));
  }
  const settings =
    `Load: autocannon, ${opts.connections} connections, ${opts.warmup} s warm-up then ${opts.duration} s ` +
    'measured per target; app: NODE_ENV=production, LOG_LEVEL=warn, anonymous GETs' +
    (opts.nice === undefined
      ? '.'
      : `; every process (and the PostgreSQL backends serving the app) at nice ${opts.nice}.`);
  const shown = { ...opts, pgUrl: opts.pgUrl?.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@') };
  if (opts.json)
    process.stdout.write(`${JSON.stringify({ machine: info, options: shown, results }, null, 2)}\n`);
  else process.stdout.write(`${render(info, settings, results)}\n`);
}

try {
  await main();
} catch (error) {
  log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
}
