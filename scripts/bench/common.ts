// What bench.ts and profile.ts share: options, the targets, and how the app is pointed at a backend.
import { resolve } from 'node:path';
import pg from 'pg';
import { type Backend, type Manifest, postgresBackend } from './dataset.js';
import { ROOT } from './load.js';

export interface Options {
  duration: number;
  warmup: number;
  connections: number;
  questions: number;
  rebuild: boolean;
  json: boolean;
  profile: boolean;
  dataDir: string;
  pgUrl: string | undefined;
  /** Niceness of the benchmark's processes (and the PostgreSQL backends serving the app). */
  nice: number | undefined;
  /** Run one backend only (default: PGlite, and PostgreSQL when pgUrl is set). */
  only: 'pglite' | 'pg' | undefined;
}

export const log = (line: string) => process.stderr.write(`${line}\n`);

/** The environment that points the app at a backend's benchmark database. */
export function appEnv(backend: Backend): Record<string, string> {
  return backend.kind === 'pglite'
    ? { DATA_DIR: backend.dataDir, DATABASE_URL: '', REDIS_URL: '' }
    : { DATABASE_URL: backend.url, REDIS_URL: '' };
}

export interface Target {
  target: string;
  path: string;
}

export function targetsOf(manifest: Manifest): Target[] {
  return [
    { target: 'home', path: '/' },
    { target: 'question page', path: `/questions/${manifest.question.id}` },
    { target: 'tag page', path: `/tags/${encodeURIComponent(manifest.tag.name)}` },
    { target: 'API question', path: `/api/v1/questions/${manifest.question.id}` },
  ];
}

export interface Fetched {
  path: string;
  status: number;
  contentType: string;
  body: Buffer;
}

/** GETs a target once, following the app's redirect to a canonical URL (`/questions/1` → `/questions/1/slug`). */
export async function fetchTarget(baseUrl: string, path: string): Promise<Fetched> {
  let current = path;
  for (let hop = 0; hop < 3; hop++) {
    const response = await fetch(`${baseUrl}${current}`, {
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location?.startsWith('/')) {
      current = location;
      continue;
    }
    return {
      path: current,
      status: response.status,
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      body: Buffer.from(await response.arrayBuffer()),
    };
  }
  throw new Error(`${path}: too many redirects`);
}

export function backendsOf(opts: Options): Backend[] {
  const all: Backend[] = [
    { kind: 'pglite', dataDir: resolve(ROOT, '.bench', 'pglite') },
    ...(opts.pgUrl ? [postgresBackend(opts.pgUrl)] : []),
  ];
  return all.filter((b) => !opts.only || (opts.only === 'pg') === (b.kind === 'postgres'));
}

/** The PostgreSQL backends serving the benchmark database (the app's pool). */
export async function backendPids(backend: Backend): Promise<number[]> {
  if (backend.kind !== 'postgres') return [];
  const client = new pg.Client({ connectionString: backend.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    return rows.map((row) => row.pid);
  } finally {
    await client.end();
  }
}
