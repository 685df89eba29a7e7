/**
 * The only reader of process.env. Everything the app can be told from outside is here,
 * parsed, validated and frozen; the README's configuration table mirrors this file.
 */

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface RateLimitRule {
  /** Attempts allowed per window. */
  readonly max: number;
  readonly windowSeconds: number;
}

export interface Config {
  readonly nodeEnv: NodeEnv;
  readonly host: string;
  readonly port: number;
  /** PostgreSQL connection string; unset means the embedded PGlite database in `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** Embedded database directory, or `memory://` for a throw-away in-memory database. */
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  /** Honour X-Forwarded-* from a reverse proxy (client IP, https detection for Secure cookies). */
  readonly trustProxy: boolean;
  readonly bodyLimitBytes: number;
  readonly session: {
    readonly idleMinutes: number;
    readonly absoluteDays: number;
  };
  readonly rateLimit: {
    /** Failed-or-not login attempts per client IP. */
    readonly loginPerIp: RateLimitRule;
    /** Login attempts against one account name, from anywhere (slows distributed guessing). */
    readonly loginPerAccount: RateLimitRule;
    readonly registerPerIp: RateLimitRule;
  };
  /** When set, rate-limit counters live in Redis instead of the database. */
  readonly redisUrl: string | undefined;
  /** Stripe-like test clock: only honoured outside production. */
  readonly testClock: boolean;
  /** Load the bundled demo community into an empty embedded database on start. */
  readonly demoSeed: boolean;
  /** Platform commission per product kind, in basis points of the gross (1000 = 10 %). */
  readonly commission: {
    readonly bounty: number;
    readonly paid_question: number;
    readonly unlock: number;
    readonly course: number;
    readonly subscription: number;
    readonly consultation: number;
  };
  /** The durable job runner (platform/jobs). */
  readonly jobs: {
    /** Run jobs inside the web process; false when `npm run worker` runs them. */
    readonly inProcess: boolean;
    /** Pause between polls when nothing is due. */
    readonly pollIntervalMs: number;
    /** Jobs claimed, and run side by side, per poll. */
    readonly batchSize: number;
  };
  /** Rendered pages for anonymous visitors, per process (platform/http/page-cache.ts). */
  readonly pageCache: {
    /** How long a page is served from memory; 0 turns the cache off (the default in tests). */
    readonly ttlMs: number;
    readonly maxEntries: number;
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function str(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim();
  return value ? value : fallback;
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

/** "10/900" → 10 attempts per 900 seconds. */
function rule(env: Env, name: string, fallback: RateLimitRule): RateLimitRule {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const match = /^(\d+)\/(\d+)$/.exec(raw);
  if (!match) throw new ConfigError(`${name} must look like MAX/WINDOW_SECONDS (e.g. 10/900), got "${raw}"`);
  const max = Number(match[1]);
  const windowSeconds = Number(match[2]);
  if (max < 1 || windowSeconds < 1)
    throw new ConfigError(`${name} needs MAX and WINDOW_SECONDS of at least 1`);
  return { max, windowSeconds };
}

function databaseUrl(env: Env): string | undefined {
  const url = optional(env, 'DATABASE_URL');
  if (url && !/^postgres(ql)?:\/\//.test(url)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  return url;
}

/** Reads and validates the environment once; throws ConfigError naming the bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = oneOf<NodeEnv>(env, 'NODE_ENV', ['development', 'production', 'test'], 'development');
  const config: Config = {
    nodeEnv,
    host: str(env, 'HOST', '127.0.0.1'),
    port: int(env, 'PORT', 3000, 0, 65535),
    databaseUrl: databaseUrl(env),
    dataDir: str(env, 'DATA_DIR', './data'),
    logLevel: oneOf<LogLevel>(
      env,
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      nodeEnv === 'test' ? 'silent' : 'info',
    ),
    trustProxy: bool(env, 'TRUST_PROXY', false),
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
    session: {
      idleMinutes: int(env, 'SESSION_IDLE_MINUTES', 60 * 24 * 14, 1, 60 * 24 * 365),
      absoluteDays: int(env, 'SESSION_ABSOLUTE_DAYS', 90, 1, 3650),
    },
    rateLimit: {
      loginPerIp: rule(env, 'RATE_LIMIT_LOGIN_IP', { max: 20, windowSeconds: 900 }),
      loginPerAccount: rule(env, 'RATE_LIMIT_LOGIN_ACCOUNT', { max: 10, windowSeconds: 900 }),
      registerPerIp: rule(env, 'RATE_LIMIT_REGISTER_IP', { max: 10, windowSeconds: 3600 }),
    },
    redisUrl: optional(env, 'REDIS_URL'),
    testClock: bool(env, 'TEST_CLOCK', false) && nodeEnv !== 'production',
    demoSeed: bool(env, 'DEMO_SEED', nodeEnv !== 'test'),
    commission: {
      bounty: int(env, 'COMMISSION_BOUNTY_BP', 1000, 0, 10000),
      paid_question: int(env, 'COMMISSION_PAID_QUESTION_BP', 1000, 0, 10000),
      unlock: int(env, 'COMMISSION_UNLOCK_BP', 1000, 0, 10000),
      course: int(env, 'COMMISSION_COURSE_BP', 1000, 0, 10000),
      subscription: int(env, 'COMMISSION_SUBSCRIPTION_BP', 1000, 0, 10000),
      consultation: int(env, 'COMMISSION_CONSULTATION_BP', 1000, 0, 10000),
    },
    jobs: {
      inProcess: bool(env, 'JOBS_IN_PROCESS', true),
      pollIntervalMs: int(env, 'JOBS_POLL_INTERVAL_MS', 1000, 50, 60_000),
      batchSize: int(env, 'JOBS_BATCH_SIZE', 5, 1, 100),
    },
    pageCache: {
      ttlMs: int(env, 'PAGE_CACHE_TTL_MS', nodeEnv === 'test' ? 0 : 5000, 0, 600_000),
      maxEntries: int(env, 'PAGE_CACHE_MAX_ENTRIES', 2000, 0, 1_000_000),
    },
  };
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
