// The real entries (`src/main.ts`, `src/worker.ts`) as child processes, for the tests that need a
// process rather than an app built in the test: signals, the embedded database's lock, several
// processes on one PostgreSQL.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
/** PGlite's first start on a new data dir (initdb) takes ~10 s on 2 busy cores; leave room. */
export const START_TIMEOUT_MS = 60_000;

export interface Running {
  readonly child: ChildProcess;
  readonly port: number;
  readonly base: string;
  /** Everything written so far; grows as the process runs. */
  readonly output: { stdout: string; stderr: string };
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  readonly exited: Promise<number | string>;
}

/** Every process spawned here that has not exited yet (see killAll). */
const running = new Set<Running>();

/** A port that was free a moment ago: the app logs its configured port, so PORT=0 cannot be used. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * Spawns an entry (`src/main.ts` or `src/worker.ts`) on a free port with this process's environment
 * less DATABASE_URL and REDIS_URL, plus `env`; at info level, so tests can read the log lines.
 */
export async function spawnEntry(entry: string, env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
  };
  delete childEnv.DATABASE_URL;
  delete childEnv.REDIS_URL;
  Object.assign(childEnv, env);
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: repoRoot,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output.stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output.stderr += chunk;
  });
  // 'close' rather than 'exit': by then the output pipes are drained and the child reaped, so a
  // follower's lock check cannot mistake a zombie for a live holder.
  const exited = new Promise<number | string>((resolve) => {
    child.once('close', (code, signal) => {
      resolve(code ?? signal ?? 'unknown');
    });
  });
  const app: Running = { child, port, base: `http://127.0.0.1:${port}`, output, exited };
  running.add(app);
  void exited.then(() => running.delete(app));
  return app;
}

/** SIGKILLs whatever is still running and waits until it is gone (for a file's `after`). */
export async function killAll(): Promise<void> {
  for (const app of running) app.child.kill('SIGKILL');
  await Promise.all([...running].map((app) => app.exited));
}

/** Polls until `check` passes, the process exits (fails with its output) or the time is up. */
export async function until(
  app: Running,
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = START_TIMEOUT_MS,
): Promise<void> {
  let gone = false;
  void app.exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    if (gone)
      throw new Error(`process exited while waiting for ${what}:\n${app.output.stderr}${app.output.stdout}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}:\n${app.output.stderr}${app.output.stdout}`);
}

export async function healthStatus(app: Running): Promise<number | undefined> {
  try {
    const response = await fetch(`${app.base}/healthz`, { signal: AbortSignal.timeout(3_000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}

/** The web entry, once it answers /healthz. */
export async function startWeb(env: Record<string, string>): Promise<Running> {
  const app = await spawnEntry('src/main.ts', env);
  await until(app, 'GET /healthz 200', async () => (await healthStatus(app)) === 200);
  return app;
}

/** SIGTERM, then the exit code; the process must be gone within a few seconds. */
export async function stopProcess(app: Running): Promise<number | string> {
  app.child.kill('SIGTERM');
  return withTimeout(app.exited, 15_000, 'exit after SIGTERM');
}

export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export async function postJson(
  app: Running,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown; headers: Headers }> {
  const response = await fetch(`${app.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return {
    status: response.status,
    json: await response.json().catch(() => undefined),
    headers: response.headers,
  };
}
