// `npm run bench -- --profile`: where a request's time goes, before tuning anything. The app runs
// in this process (buildApp, as tests do) over the benchmark database, with every query timed
// (a Kysely plugin) and the request phases marked (Fastify hooks). Per target: queries per
// request, and the median split of a request into hooks before the handler, database, the rest
// of the handler (rendering / serialising, mapping) and sending. Then, under autocannon load,
// a V8 CPU profile of this process summarised by package (cpu-profile.ts).
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { resolve } from 'node:path';
import {
  CompiledQuery as Compiled,
  type CompiledQuery,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { type DB, migrateToLatest, openDatabase } from '../../src/platform/db/index.js';
import { appEnv, backendPids, fetchTarget, type Options, targetsOf } from './common.js';
import { profileUnderLoad } from './cpu-profile.js';
import { type Backend, ensureDataset } from './dataset.js';
import { drain, freePort, load, PINNING, ROOT, renice, type Server } from './load.js';

interface Timed {
  node: RootOperationNode;
  queryId: PluginTransformQueryArgs['queryId'];
  start: number;
  end: number;
}

/** Records when each query starts (compiled) and ends (result back). */
class QueryTimer implements KyselyPlugin {
  readonly done: Timed[] = [];
  readonly #running = new WeakMap<object, Omit<Timed, 'end'>>();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.#running.set(args.queryId, { node: args.node, queryId: args.queryId, start: performance.now() });
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const started = this.#running.get(args.queryId);
    if (started) this.done.push({ ...started, end: performance.now() });
    return args.result;
  }
}

/** Milliseconds covered by a set of intervals (parallel queries counted once). */
function covered(intervals: readonly { start: number; end: number }[]): number {
  let total = 0;
  let reach = Number.NEGATIVE_INFINITY;
  for (const { start, end } of [...intervals].sort((a, b) => a.start - b.start)) {
    if (end <= reach) continue;
    total += end - Math.max(start, reach);
    reach = end;
  }
  return total;
}

let planFile = '';

/** EXPLAIN ANALYZE of a query the app ran, appended to planFile; returns its top line and timing. */
async function explain(db: Kysely<DB>, query: CompiledQuery): Promise<string> {
  const result = await db.executeQuery<Record<string, string>>(
    Compiled.raw(`explain (analyze, buffers) ${query.sql}`, [...query.parameters]),
  );
  const lines = result.rows.map((row) => Object.values(row)[0] ?? '');
  appendFileSync(
    planFile,
    `${query.sql}\n-- parameters: ${JSON.stringify(query.parameters)}\n${lines.join('\n')}\n\n`,
  );
  const top = (lines[0] ?? '').replace(/\s*\(cost=[^)]*\)/, '').trim();
  const execution =
    lines.find((line) => line.startsWith('Execution Time'))?.replace('Execution Time: ', '') ?? '?';
  return `${top} — executes in ${execution}`;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
const ms = (value: number) => value.toFixed(2);

interface Marks {
  received?: number;
  handler?: number;
  sending?: number;
  done?: number;
}

export interface TargetProfile {
  target: string;
  path: string;
  status: number;
  bytes: number;
  queries: { count: number; statements: { sql: string; medianMs: number; plan: string }[] };
  /** Medians over the sequential requests, in ms. */
  median: { total: number; beforeHandler: number; database: number; handlerOther: number; sending: number };
}

async function profileBackend(backend: Backend, opts: Options, log: (line: string) => void): Promise<void> {
  const manifest = await ensureDataset(backend, {
    targetQuestions: opts.questions,
    rebuild: opts.rebuild,
    dataDir: opts.dataDir,
    log,
  });
  mkdirSync(resolve(ROOT, '.bench'), { recursive: true });
  planFile = resolve(ROOT, '.bench', `plans-${backend.kind}.txt`);
  writeFileSync(planFile, '');
  const config = loadConfig({
    ...process.env,
    ...appEnv(backend),
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
  });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const timer = new QueryTimer();
  const timedDb = database.db.withPlugin(timer);
  try {
    await migrateToLatest(database.db);
    const app = await buildApp({ config, database: { ...database, db: timedDb } });
    const marks = new Map<string, Marks>();
    const mark = (id: string, key: keyof Marks) => {
      const entry = marks.get(id) ?? {};
      entry[key] = performance.now();
      marks.set(id, entry);
    };
    app.addHook('onRequest', async (request) => mark(request.id, 'received'));
    app.addHook('preHandler', async (request) => mark(request.id, 'handler'));
    app.addHook('onSend', async (request) => mark(request.id, 'sending'));
    app.addHook('onResponse', async (request) => mark(request.id, 'done'));
    const address = await app.listen({ host: '127.0.0.1', port: await freePort() });
    log(`${backend.kind}: app in-process on ${address}`);

    // With --nice, this process (the app) and its PostgreSQL backends get the CPU first.
    if (opts.nice !== undefined) setPriority(opts.nice);
    const rows: TargetProfile[] = [];
    for (const { target, path } of targetsOf(manifest)) {
      const fetched = await fetchTarget(address, path);
      if (fetched.status !== 200) {
        log(`  ${target} ${fetched.path}: HTTP ${fetched.status}, skipped`);
        continue;
      }
      const samples: { queries: Timed[]; marks: Marks; total: number }[] = [];
      for (let i = 0; i < 220; i++) {
        timer.done.length = 0;
        marks.clear();
        const started = performance.now();
        const response = await app.inject({ method: 'GET', url: fetched.path });
        const total = performance.now() - started;
        if (i === 19) renice(await backendPids(backend));
        if (i < 20) continue; // warm-up
        if (response.statusCode !== 200) throw new Error(`${fetched.path}: HTTP ${response.statusCode}`);
        samples.push({ queries: [...timer.done], marks: [...marks.values()][0] ?? {}, total });
      }
      const executor = timedDb.getExecutor();
      const statements = [];
      for (const [i, q] of (samples[0]?.queries ?? []).entries()) {
        const compiled = executor.compileQuery(q.node, q.queryId);
        const durations = samples.flatMap((s) =>
          s.queries[i] ? [s.queries[i].end - s.queries[i].start] : [],
        );
        statements.push({
          sql: compiled.sql,
          medianMs: median(durations),
          plan: await explain(database.db, compiled),
        });
      }
      const part = (pick: (s: (typeof samples)[number]) => number) => median(samples.map(pick));
      const db = (s: (typeof samples)[number]) => covered(s.queries);
      const row: TargetProfile = {
        target,
        path: fetched.path,
        status: fetched.status,
        bytes: fetched.body.length,
        queries: { count: median(samples.map((s) => s.queries.length)), statements },
        median: {
          total: part((s) => s.total),
          beforeHandler: part((s) => (s.marks.handler ?? 0) - (s.marks.received ?? 0)),
          database: part(db),
          handlerOther: part((s) => (s.marks.sending ?? 0) - (s.marks.handler ?? 0) - db(s)),
          sending: part((s) => (s.marks.done ?? 0) - (s.marks.sending ?? 0)),
        },
      };
      rows.push(row);
      log(`  ${target}: ${row.queries.count} queries, median ${ms(row.median.total)} ms`);
    }
    printProfile(backend, rows);

    // CPU profile under load: pin this process to the server core, autocannon to the other.
    if (PINNING.server) spawnSync('taskset', ['-a', '-p', '-c', PINNING.server, String(process.pid)]);
    const self: Server = { url: address, pid: process.pid, output: () => '', stop: async () => {} };
    for (const row of rows) {
      const summary = await profileUnderLoad(() =>
        load(`${address}${row.path}`, self, {
          duration: opts.duration,
          warmup: opts.warmup,
          connections: opts.connections,
          postgres: backend.kind === 'postgres',
          beforeMeasure: async () => renice(await backendPids(backend)),
        }),
      );
      await drain(self);
      process.stdout.write(
        `\n#### CPU under load: ${backend.kind}, ${row.target} \`${row.path}\`\n\n${summary}\n`,
      );
    }
    await app.close();
  } finally {
    await database.close();
  }
}

function printProfile(backend: Backend, rows: readonly TargetProfile[]): void {
  const out = [
    `\n### Where a request's time goes: ${backend.kind} (in-process, one request at a time, medians of 200)\n`,
    '| target | bytes | queries | total ms | before handler | database | handler, not database | sending |',
    '|---|--:|--:|--:|--:|--:|--:|--:|',
    ...rows.map(
      (r) =>
        `| ${r.target} \`${r.path}\` | ${r.bytes} | ${r.queries.count} | ${ms(r.median.total)} | ` +
        `${ms(r.median.beforeHandler)} | ${ms(r.median.database)} | ${ms(r.median.handlerOther)} | ${ms(r.median.sending)} |`,
    ),
    '',
  ];
  for (const r of rows) {
    out.push(`${r.target}: ${r.queries.count} queries`);
    for (const q of r.queries.statements) {
      out.push(`  - ${ms(q.medianMs)} ms in the app: \`${q.sql.replace(/\s+/g, ' ').slice(0, 150)}…\``);
      out.push(`    plan: ${q.plan}`);
    }
  }
  out.push(`(full EXPLAIN ANALYZE of every statement: ${planFile.slice(ROOT.length + 1)})`);
  process.stdout.write(`${out.join('\n')}\n`);
}

/** Profiles each backend in turn (see the header). */
export async function runProfile(
  backends: readonly Backend[],
  opts: Options,
  log: (line: string) => void,
): Promise<void> {
  for (const backend of backends) await profileBackend(backend, opts, log);
}
