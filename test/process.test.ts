// The real process (`node --import tsx src/main.ts`) on an embedded data directory: one process
// per directory, graceful SIGTERM, and recovery after `kill -9`. PostgreSQL runs skip this file:
// the lock and the crash recovery under test belong to the embedded database.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  healthStatus,
  killAll,
  postJson,
  type Running,
  START_TIMEOUT_MS,
  spawnEntry,
  startWeb,
  stopProcess,
  until,
  withTimeout,
} from './processes.js';

const skip = process.env.DATABASE_URL
  ? 'DATABASE_URL is set: these tests cover the embedded database'
  : false;

/** The web entry on dataDir and a free port; it is SIGKILLed at the end of the file if still alive. */
function spawnApp(dataDir: string): Promise<Running> {
  return spawnEntry('src/main.ts', { DATA_DIR: dataDir });
}

const startApp = (dataDir: string) => startWeb({ DATA_DIR: dataDir });
const stopApp = stopProcess;

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
    await killAll();
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
    // The request in flight gets the answer it would have got without the shutdown: the login of an
    // unknown account is refused as such, not cut off or answered 503.
    assert.match(response, /^HTTP\/1\.1 401 /, `the login's own answer, got: ${response.slice(0, 200)}`);
    const json = JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as { error: { code: string } };
    assert.equal(json.error.code, 'auth.invalid_credentials');
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
