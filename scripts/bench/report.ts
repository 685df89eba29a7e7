// What a benchmark run prints: the machine, then one Markdown table per backend (readable in a
// terminal, pasteable into docs/benchmarks.md), or the same as JSON.
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import type { Manifest } from './dataset.js';
import { type LoadResult, PINNING, ROOT } from './load.js';

export interface TargetResult {
  target: string;
  path: string;
  /** Why a target was not loaded (e.g. the page does not exist yet: 404). */
  skipped?: string;
  bytes?: number;
  contentType?: string;
  app?: LoadResult;
  bare?: LoadResult;
}

export interface BackendResult {
  backend: 'pglite' | 'postgres';
  serverVersion: string;
  manifest: Manifest;
  targets: TargetResult[];
}

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  versions: Record<string, string | undefined>;
  pinning: string;
  /** 1, 5 and 15 minute load averages when the run began (near 0 on a quiet machine). */
  loadAverage: number[];
}

export function machine(): Machine {
  const list = cpus();
  return {
    cores: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    versions: { ...process.versions },
    pinning: PINNING.server
      ? `servers on core ${PINNING.server}, autocannon on core ${PINNING.load} (taskset)`
      : 'none (taskset missing or one core)',
    loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

/** A package's installed version, for the record. */
export function packageVersion(name: string): string {
  try {
    const file = resolve(ROOT, 'node_modules', name, 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Paths with long slugs cut, so the table stays readable. */
const short = (path: string) => (path.length > 48 ? `${path.slice(0, 45)}…` : path);
const fixed = (value: number | undefined, digits = 0) => (value === undefined ? '–' : value.toFixed(digits));
const pct = (value: number | undefined) => (value === undefined ? '–' : `${Math.round(value * 100)}%`);

function failures(result: LoadResult | undefined): string {
  if (!result) return '–';
  return `${result.errors + result.timeouts}/${result.non2xx}`;
}

/** The Markdown table of one backend's run. */
export function table(result: BackendResult): string {
  const pg = result.backend === 'postgres';
  const lines = [
    '| target | bytes | req/s app | req/s bare | app/bare | p50 / p99 app | p50 / p99 bare | ' +
      `CPU ms/req app${pg ? ' + pg' : ''} | CPU ms/req bare | err/non-2xx app, bare | other CPU app, bare |`,
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const t of result.targets) {
    if (t.skipped) {
      lines.push(`| ${t.target} \`${short(t.path)}\` | ${t.skipped} |  |  |  |  |  |  |  |  |  |`);
      continue;
    }
    const { app, bare } = t;
    const ratio =
      app && bare && bare.requestsPerSecond > 0 ? app.requestsPerSecond / bare.requestsPerSecond : undefined;
    const latency = (r: LoadResult | undefined) => (r ? `${r.latencyP50} / ${r.latencyP99}` : '–');
    const perRequest = app
      ? `${fixed(app.cpuMsPerRequest.server, 2)}${pg ? ` + ${fixed(app.cpuMsPerRequest.postgres, 2)}` : ''}`
      : '–';
    lines.push(
      `| ${t.target} \`${short(t.path)}\` | ${t.bytes ?? '–'} | ${fixed(app?.requestsPerSecond)} | ` +
        `${fixed(bare?.requestsPerSecond)} | ${fixed(ratio, 2)} | ${latency(app)} | ${latency(bare)} | ${perRequest} | ` +
        `${fixed(bare?.cpuMsPerRequest.server, 2)} | ${failures(app)}, ${failures(bare)} | ` +
        `${pct(app?.cpu.other)}, ${pct(bare?.cpu.other)} |`,
    );
  }
  return lines.join('\n');
}

/** Whether the aim holds: the question page ≥ 0.5× bare req/s, p99 < 50 ms. */
export function aim(result: BackendResult): string {
  const page = result.targets.find((t) => t.target === 'question page');
  if (!page?.app || !page.bare)
    return `aim (question page): not measured${page?.skipped ? ` (${page.skipped})` : ''}`;
  const ratio = page.app.requestsPerSecond / page.bare.requestsPerSecond;
  const met = ratio >= 0.5 && page.app.latencyP99 < 50;
  return (
    `aim (question page ≥ 0.50× bare req/s, p99 < 50 ms): ${met ? 'MET' : 'NOT MET'} — ` +
    `${ratio.toFixed(2)}×, p99 ${page.app.latencyP99} ms`
  );
}

export function describeBackend(result: BackendResult): string {
  const m = result.manifest;
  const rows = Object.entries(m.rows)
    .map(([name, n]) => `${name} ${n.toLocaleString('en')}`)
    .join(', ');
  return [
    `### ${result.backend === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL'} — ${result.serverVersion}`,
    '',
    `Data: ${rows}. Question page: #${m.question.id} (${m.question.answers} answers, ` +
      `${m.question.comments} comments on the question); tag: \`${m.tag.name}\` (${m.tag.questions} questions).`,
  ].join('\n');
}

export function describeMachine(info: Machine): string {
  const v = info.versions;
  return [
    `Machine: ${info.cores} × ${info.cpuModel}, ${info.memoryGiB} GiB; Node ${info.node} ` +
      `(v8 ${v.v8}, uv ${v.uv}, llhttp ${v.llhttp}); pinning: ${info.pinning}; ` +
      `load average at start ${info.loadAverage.join(' / ')}.`,
    `Packages: fastify ${packageVersion('fastify')}, kysely ${packageVersion('kysely')}, ` +
      `pg ${packageVersion('pg')}, @electric-sql/pglite ${packageVersion('@electric-sql/pglite')}, ` +
      `@kitajs/html ${packageVersion('@kitajs/html')}, autocannon ${packageVersion('autocannon')}.`,
  ].join('\n');
}

/** The whole human-readable report. */
export function render(info: Machine, settings: string, results: readonly BackendResult[]): string {
  const parts = [describeMachine(info), settings, ''];
  for (const result of results) {
    parts.push(describeBackend(result), '', table(result), '', aim(result), '');
  }
  parts.push(
    'req/s: mean of per-second samples; latencies in ms; err = socket errors + timeouts; CPU ms/req: ' +
      'CPU time the server (and PostgreSQL) spent per response; other CPU: share of a core that other ' +
      'processes used meanwhile (well above 0% means a busy machine and pessimistic req/s and latencies).',
  );
  return parts.join('\n');
}
