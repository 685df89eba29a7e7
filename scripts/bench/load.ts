// Child processes of a benchmark run — the app, the bare server, autocannon — each pinned to its
// own core when `taskset` exists (2 cores: servers on core 0, the load generator on core 1), on
// 127.0.0.1 only, for a fixed time, and all stopped before the run ends.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const AUTOCANNON = resolve(ROOT, 'node_modules', 'autocannon', 'autocannon.js');
const CLK_TCK = 100;

/** Cores for the server and the load generator; none (no pinning) on a 1-core machine or without taskset. */
export const PINNING: { server?: string; load?: string } =
  cpus().length >= 2 && spawnSync('taskset', ['-V']).status === 0 ? { server: '0', load: '1' } : {};

const children = new Set<ChildProcess>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of children) child.kill('SIGKILL');
    process.exit(130);
  });
}
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** Niceness for every child (`--nice`): on a shared machine, keeps other work from skewing a run. */
let niceness: number | undefined;
export function setNiceness(value: number | undefined): void {
  niceness = value;
}

/** Renices processes of ours that we did not start (the PostgreSQL backends serving the app). */
export function renice(pids: readonly number[]): void {
  if (niceness !== undefined && pids.length > 0) {
    spawnSync('renice', ['-n', String(niceness), '-p', ...pids.map(String)]);
  }
}

function launch(command: string[], cpu: string | undefined, env: NodeJS.ProcessEnv): ChildProcess {
  const pinned = cpu ? ['taskset', '-c', cpu, ...command] : command;
  const argv = niceness === undefined ? pinned : ['nice', '-n', String(niceness), ...pinned];
  const child = spawn(argv[0]!, argv.slice(1), { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** A free TCP port on 127.0.0.1 (taken and released; good enough on a quiet machine). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject()));
    });
  });
}

export interface Server {
  readonly url: string;
  readonly pid: number;
  /** The last lines the process printed (for error messages). */
  output(): string;
  /** SIGTERM, then SIGKILL after 15 s; resolves once the process is gone. */
  stop(): Promise<void>;
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(timer);
        done();
      });
      child.kill('SIGTERM');
    });
}

function tail(chunks: string[]): string {
  return chunks.join('').split('\n').slice(-15).join('\n');
}

/** Starts `node --import tsx src/main.ts` with `env` and waits until /healthz answers 200. */
export async function startApp(env: Record<string, string>, nodeFlags: string[] = []): Promise<Server> {
  const port = await freePort();
  const child = launch(['node', ...nodeFlags, '--import', 'tsx', 'src/main.ts'], PINNING.server, {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    // Only login and registration are rate-limited today; raised anyway so no limit can skew a run.
    RATE_LIMIT_LOGIN_IP: '1000000/1',
    RATE_LIMIT_LOGIN_ACCOUNT: '1000000/1',
    RATE_LIMIT_LOGIN_ACCOUNT_TOTAL: '1000000/1',
    RATE_LIMIT_REGISTER_IP: '1000000/1',
    ...env,
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk) => output.push(String(chunk)));
  child.stderr?.on('data', (chunk) => output.push(String(chunk)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the app exited (${child.exitCode}) before serving:\n${tail(output)}`);
    const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) })
      .then((response) => response.ok)
      .catch(() => false);
    if (ok) {
      const appOutput = () => {
        const gone = child.exitCode ?? child.signalCode;
        return `${gone === null ? '' : `(the app exited: ${gone})\n`}${tail(output)}`;
      };
      return { url, pid: child.pid!, output: appOutput, stop: stopper(child) };
    }
    await new Promise((wait) => setTimeout(wait, 250));
  }
  await stopper(child)();
  throw new Error(`the app did not answer /healthz within 180 s:\n${tail(output)}`);
}

/** Starts the bare node:http server sending `bodyFile` as `contentType`. */
export async function startBare(bodyFile: string, contentType: string): Promise<Server> {
  const port = await freePort();
  const child = launch(
    ['node', '--import', 'tsx', 'scripts/bench/bare-server.ts', bodyFile, contentType, String(port)],
    PINNING.server,
    process.env,
  );
  const output: string[] = [];
  await new Promise<void>((ready, fail) => {
    child.stderr?.on('data', (chunk) => output.push(String(chunk)));
    child.stdout?.on('data', (chunk) => (String(chunk).includes('ready') ? ready() : undefined));
    child.once('exit', (code) => fail(new Error(`bare server exited (${code}):\n${tail(output)}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    output: () => tail(output),
    stop: stopper(child),
  };
}

/**
 * Waits until the app answers /healthz again: requests queued behind a slow target (connections
 * autocannon has closed, queries still waiting for the database) must not spill into the next one.
 */
export async function drain(server: Server, limitMs = 120_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    const ok = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5_000) })
      .then((response) => response.ok)
      .catch(() => false);
    if (ok) return;
  }
  throw new Error(`the server did not answer /healthz for ${limitMs / 1000} s:\n${server.output()}`);
}

/** CPU seconds (user + system) a process has used so far; 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** CPU seconds all cores of the machine have been busy so far (/proc/stat, idle and iowait excluded). */
export function machineBusySeconds(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return (ticks.reduce((sum, n) => sum + n, 0) - idle) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** CPU seconds of every PostgreSQL server process on this machine, by pid. */
export function postgresCpu(): Map<number, number> {
  const pids = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').startsWith('postgres')) {
        pids.set(Number(entry), cpuSeconds(Number(entry)));
      }
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

export interface LoadResult {
  requestsPerSecond: number;
  latencyP50: number;
  latencyP99: number;
  latencyMax: number;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Bytes per response, body and headers. */
  bytesPerResponse: number;
  /**
   * Share of one core each side used during the measured run (1 = a whole core); `other` is what
   * the rest of the machine used meanwhile (other processes: a busy machine skews the figures).
   */
  cpu: { server: number; load: number; postgres?: number; other: number };
  /**
   * CPU milliseconds per response: the server's, and PostgreSQL's. Unlike req/s this hardly
   * depends on what else the machine is doing, so it compares runs on a busy machine too.
   */
  cpuMsPerRequest: { server: number; postgres?: number };
}

interface AutocannonJson {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  throughput: { total: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}

function autocannon(
  url: string,
  seconds: number,
  connections: number,
): Promise<{ json: AutocannonJson; cpu: number }> {
  const args = [AUTOCANNON, '--json', '--no-progress', '-c', String(connections), '-d', String(seconds), url];
  const child = launch(['node', ...args], PINNING.load, process.env);
  const out: string[] = [];
  const err: string[] = [];
  child.stdout?.on('data', (chunk) => out.push(String(chunk)));
  child.stderr?.on('data', (chunk) => err.push(String(chunk)));
  let cpu = 0;
  const sampler = setInterval(() => (cpu = Math.max(cpu, cpuSeconds(child.pid!))), 200);
  return new Promise((done, fail) => {
    child.once('exit', (code) => {
      clearInterval(sampler);
      const text = out.join('').trim();
      if (code !== 0 || !text) return fail(new Error(`autocannon failed (${code}): ${tail(err)}`));
      done({ json: JSON.parse(text.slice(text.indexOf('{'))) as AutocannonJson, cpu });
    });
  });
}

/**
 * Loads `url` with autocannon for `warmup` seconds (discarded), then `duration` seconds measured,
 * with `connections` connections, recording the CPU the server (and PostgreSQL) used meanwhile.
 */
export async function load(
  url: string,
  server: Server,
  options: {
    duration: number;
    connections: number;
    warmup: number;
    postgres: boolean;
    /** Runs after the warm-up, before measuring (e.g. renicing the backends the warm-up opened). */
    beforeMeasure?: () => Promise<void>;
  },
): Promise<LoadResult> {
  if (options.warmup > 0) await autocannon(url, options.warmup, options.connections);
  await options.beforeMeasure?.();
  const pgBefore = options.postgres ? postgresCpu() : new Map<number, number>();
  const serverBefore = cpuSeconds(server.pid);
  const machineBefore = machineBusySeconds();
  const started = performance.now();
  const { json, cpu } = await autocannon(url, options.duration, options.connections);
  const seconds = (performance.now() - started) / 1000;
  const serverCpu = (cpuSeconds(server.pid) - serverBefore) / seconds;
  let pgSeconds = 0;
  if (options.postgres) for (const [pid, used] of postgresCpu()) pgSeconds += used - (pgBefore.get(pid) ?? 0);
  const pgCpu = pgSeconds / seconds;
  const machineCpu = (machineBusySeconds() - machineBefore) / seconds;
  const loadCpu = cpu / seconds;
  const other = Math.max(0, machineCpu - serverCpu - loadCpu - (options.postgres ? pgCpu : 0));
  const total = json.requests.total;
  return {
    requestsPerSecond: json.requests.average,
    latencyP50: json.latency.p50,
    latencyP99: json.latency.p99,
    latencyMax: json.latency.max,
    requests: total,
    errors: json.errors,
    timeouts: json.timeouts,
    non2xx: json.non2xx,
    bytesPerResponse: total > 0 ? Math.round(json.throughput.total / total) : 0,
    cpu: { server: serverCpu, load: loadCpu, ...(options.postgres ? { postgres: pgCpu } : {}), other },
    cpuMsPerRequest: {
      server: total > 0 ? (serverCpu * seconds * 1000) / total : 0,
      ...(options.postgres ? { postgres: total > 0 ? (pgCpu * seconds * 1000) / total : 0 } : {}),
    },
  };
}
