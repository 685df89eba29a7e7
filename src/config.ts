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
