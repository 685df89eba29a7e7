// The real process (`node --import tsx src/main.ts`) on an embedded data directory: one process
// per directory, graceful SIGTERM, and recovery after `kill -9`. PostgreSQL runs skip this file:
// the lock and the crash recovery under test belong to the embedded database.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
// PGlite's first start on a new data dir (initdb) takes ~10 s on 2 busy cores; leave room.
const START_TIMEOUT_MS = 60_000;
const skip = process.env.DATABASE_URL
  ? 'DATABASE_URL is set: these tests cover the embedded database'
  : false;

interface Running {
  readonly child: ChildProcess;
  readonly port: number;
  readonly base: string;
  /** Everything written so far; grows as the process runs. */
  readonly output: { stdout: string; stderr: string };
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  readonly exited: Promise<number | string>;
}

const running = new Set<Running>();

/** A port that was free a moment ago: the app logs its configured port, so PORT=0 cannot be used. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Spawns the app on dataDir and a free port; it is SIGKILLed at the end of the file if still alive. */
async function spawnApp(dataDir: string): Promise<Running> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    // Info level: the tests read Fastify's "incoming request" and our "shutting down" lines.
    LOG_LEVEL: 'info',
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: repoRoot,
    env,
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

/** Polls until `check` passes, the process exits (fails with its stderr) or the time is up. */
async function until(
  app: Running,
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = START_TIMEOUT_MS,
) {
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

async function healthStatus(app: Running): Promise<number | undefined> {
  try {
    const response = await fetch(`${app.base}/healthz`, { signal: AbortSignal.timeout(3_000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}

/** Starts the app and waits until /healthz answers 200. */
async function startApp(dataDir: string): Promise<Running> {
  const app = await spawnApp(dataDir);
  await until(app, 'GET /healthz 200', async () => (await healthStatus(app)) === 200);
  return app;
}

/** SIGTERM, then the exit code; the process must be gone within a few seconds. */
async function stopApp(app: Running): Promise<number | string> {
  app.child.kill('SIGTERM');
  return withTimeout(app.exited, 15_000, 'exit after SIGTERM');
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function postJson(
  app: Running,
  path: string,
  body: unknown,
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${app.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, json: await response.json().catch(() => undefined) };
}

/** One raw HTTP/1.1 exchange on its own socket, so the test controls when each byte is sent. */
function openRawRequest(port: number) {
  const socket = new Socket();
  let received = '';
  const connected = new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const response = new Promise<string>((resolve, reject) => {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    socket.once('end', () => resolve(received));
    socket.once('error', reject);
  });
  // Either promise may be left unawaited when the other fails first.
  connected.catch(() => {});
  response.catch(() => {});
  socket.connect(port, '127.0.0.1');
  return { socket, connected, response };
}

/** What a fresh connection gets: 'refused'/'reset', or the HTTP status it was answered with. */
async function tryNewConnection(port: number): Promise<string> {
  const raw = openRawRequest(port);
  try {
    await raw.connected;
    raw.socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    const text = await withTimeout(raw.response, 5_000, 'an answer on a new connection');
    return /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? `unparsable: ${text.slice(0, 80)}`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ECONNREFUSED') return 'refused';
    // A connection that raced into the listen queue as the listener closed is reset by the kernel.
    if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
    throw error;
  } finally {
    raw.socket.destroy();
  }
}

describe('the real process on an embedded data directory', { skip, timeout: 120_000 }, () => {
  let dataDir: string;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'techqa-process-'));
  });

  after(async () => {
    // Whatever a failed test left running; waited for, so the data dir is free to delete.
    for (const app of running) app.child.kill('SIGKILL');
    await Promise.all([...running].map((app) => app.exited));
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test('a second process on the same data directory is refused; the first keeps serving', async () => {
    const first = await startApp(dataDir);
    const second = await spawnApp(dataDir);
    const code = await withTimeout(second.exited, START_TIMEOUT_MS, 'the second process to exit');

    assert.equal(code, 1, `second process exit code; stderr:\n${second.output.stderr}`);
    assert.match(second.output.stderr, /another techq&a process \(pid \d+\)/i);
    assert.match(second.output.stderr, /lock/i);
    assert.doesNotMatch(second.output.stderr, /^\s+at /m, 'no stack trace for a known failure');
    assert.equal(await healthStatus(first), 200, 'the first process still serves');

    assert.equal(await stopApp(first), 0);
  });

  test('SIGTERM finishes the request in flight, refuses new ones and exits 0', async (t) => {
    const app = await startApp(dataDir);
    const body = JSON.stringify({ login: 'nobody@example.com', password: 'not the right password' });
    const half = Math.floor(body.length / 2);
    const inFlight = openRawRequest(app.port);
    await inFlight.connected;
    inFlight.socket.write(
      'POST /api/v1/auth/login HTTP/1.1\r\n' +
        `Host: 127.0.0.1:${app.port}\r\n` +
        'Content-Type: application/json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body.slice(0, half),
    );
    // Fastify logs "incoming request" once the headers are in: from then on it is in flight.
    await until(
      app,
      'the login request to start',
      () => app.output.stdout.includes('/api/v1/auth/login'),
      10_000,
    );

    app.child.kill('SIGTERM');
    await until(app, 'the shutdown to begin', () => app.output.stdout.includes('shutting down'), 10_000);
    const fresh = await tryNewConnection(app.port);
    assert.ok(['refused', 'reset', '503'].includes(fresh), `a new connection after SIGTERM got ${fresh}`);

    inFlight.socket.write(body.slice(half));
    const response = await withTimeout(inFlight.response, 10_000, 'the in-flight response');
    assert.match(response, /^HTTP\/1\.1 \d{3} /, `a complete HTTP response, got: ${response.slice(0, 200)}`);
    assert.match(response, /"code":"[a-z_.]+"|"user"/, 'a JSON body came with it');
    t.diagnostic(`new connection: ${fresh}; in-flight answer: ${response.split('\r\n', 1)[0]}`);

    assert.equal(await withTimeout(app.exited, 15_000, 'exit after SIGTERM'), 0, app.output.stderr);
    assert.match(app.output.stdout, /closed cleanly/);
  });

  test('after kill -9 a new process takes over the stale lock and the data is still there', async () => {
    const doomed = await startApp(dataDir);
    const user = {
      username: 'survivor',
      email: 'survivor@example.com',
      password: 'correct horse battery staple',
    };
    const registered = await postJson(doomed, '/api/v1/auth/register', user);
    assert.equal(registered.status, 201, JSON.stringify(registered.json));

    doomed.child.kill('SIGKILL');
    assert.equal(await withTimeout(doomed.exited, 10_000, 'exit after SIGKILL'), 'SIGKILL');

    const next = await startApp(dataDir);
    const login = await postJson(next, '/api/v1/auth/login', { login: user.email, password: user.password });
    assert.equal(login.status, 200, JSON.stringify(login.json));
    assert.equal((login.json as { user: { username: string } }).user.username, user.username);

    assert.equal(await stopApp(next), 0, next.output.stderr);
  });
});
