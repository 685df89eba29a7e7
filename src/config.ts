/**
 * The only reader of process.env. Everything the app can be told from outside is here,
 * parsed, validated and frozen; the README's configuration table mirrors this file.
 */

export type NodeEnv = 'development' | 'production' | 'test';
export type PasswordHashCost = 'standard' | 'test';
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
  /**
   * argon2id cost of password hashes: `standard` (OWASP's baseline) everywhere; `test` (a tiny cost
   * that makes a test suite of thousands of sign-ups fast) only with NODE_ENV=test, its default there.
   */
  readonly passwordHashCost: PasswordHashCost;
  readonly session: {
    readonly idleMinutes: number;
    readonly absoluteDays: number;
  };
  readonly rateLimit: {
    /** Failed sign-ins per client IP, whatever the account (a correct password is not counted). */
    readonly loginPerIp: RateLimitRule;
    /** Failed sign-ins on one account from one client IP: the guesser is stopped, not the owner. */
    readonly loginPerAccount: RateLimitRule;
    /**
     * Failed sign-ins on one account from everywhere (distributed guessing): past it, only a
     * client with no failure on that account in the window may try, so the owner still gets in.
     */
    readonly loginPerAccountTotal: RateLimitRule;
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
    /** The most page bytes kept at once (oldest dropped first). */
    readonly maxBytes: number;
  };
  /** Top-ups through gateways (modules/payments). */
  readonly payments: PaymentsConfig;
  /** Withdrawals from wallets (modules/wallet). */
  readonly payouts: {
    /** The smallest payout per currency, in minor units (PAYOUT_MIN_MINOR, or PAYOUT_MIN_MINOR_<CUR>). */
    readonly minMinor: { readonly CNY: number; readonly USD: number };
  };
  /** Cash bounties (modules/bounties); the reputation to offer one is the `offer_bounty` privilege. */
  readonly bounties: {
    /** Smallest and largest bounty in minor units, the same figure for every currency. */
    readonly minMinor: number;
    readonly maxMinor: number;
  };
  /** Reputation (modules/reputation): Stack Overflow's rules table unless changed here. */
  readonly reputation: {
    /** Points per event kind that differ from the default table (REPUTATION_POINTS, JSON). */
    readonly points: Readonly<Record<string, number>>;
    /** The most a member gains from votes and approved edits in one UTC day. */
    readonly dailyCap: number;
    /** The most a member gains from approved edits in all. */
    readonly editCap: number;
    /**
     * Reputation per privilege that differs from the default thresholds (REPUTATION_PRIVILEGES,
     * JSON; the retired BOUNTY_MIN_REPUTATION still sets `offer_bounty`).
     */
    readonly privileges: Readonly<Record<string, number>>;
    /** Lowers every default threshold at once on a new site (REPUTATION_NEW_SITE_FACTOR, 0 < f ≤ 1). */
    readonly newSiteFactor: number;
  };
  /** Paid questions to a named expert and paid unlocks of their answers (modules/experts). */
  readonly experts: {
    /** Bounds of an expert's price per question, in minor units, for every currency. */
    readonly priceMinMinor: number;
    readonly priceMaxMinor: number;
    /** The answer deadline an expert gets unless they choose another (1..168 hours). */
    readonly defaultAnswerHours: number;
    /** What a third member pays to read a public paid answer, in minor units (default ¥1.00). */
    readonly unlockPriceMinor: number;
    /** The asker's share of an unlock after commission, in basis points; the expert gets the rest. */
    readonly unlockAskerShareBp: number;
  };
}

/** Top-ups through payment gateways (modules/payments); a gateway without credentials is not offered. */
export interface PaymentsConfig {
  /** Gateways switched on (PAYMENTS_GATEWAYS); those lacking credentials below are still not offered. */
  readonly gateways: readonly ('dev' | 'alipay' | 'stripe')[];
  /** Absolute base URL of this app as payers and gateways reach it (return and notify URLs). */
  readonly publicBaseUrl: string;
  /** Smallest and largest top-up, in minor units (the same figure for every currency). */
  readonly topupMinMinor: number;
  readonly topupMaxMinor: number;
  /** How long an unpaid order may be paid before the expiry job closes it. */
  readonly orderLifetimeMinutes: number;
  /** The built-in offline gateway: the HMAC secret its notifications are signed with. */
  /** The dev cashier's notification secret: PAYMENTS_DEV_SECRET, else made once per database at start. */
  readonly dev: { readonly secret: string | undefined };
  readonly alipay:
    | {
        readonly appId: string;
        readonly privateKey: string;
        readonly alipayPublicKey: string;
        readonly gatewayUrl: string;
        /** When set, notifications for another seller are refused. */
        readonly sellerId: string | undefined;
      }
    | undefined;
  readonly stripe:
    | {
        readonly secretKey: string;
        readonly webhookSecret: string;
        /** `http://127.0.0.1:12111` to point the client at a stand-in (tests); unset: Stripe itself. */
        readonly apiHost: string | undefined;
      }
    | undefined;
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

/** `{"question_upvoted": 5}`: whole numbers by name (the names are checked where they are used). */
function pointsTable(env: Env, name: string): Readonly<Record<string, number>> {
  const raw = env[name]?.trim();
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(`${name} must be a JSON object of whole numbers, got "${raw}"`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`${name} must be a JSON object of whole numbers, got "${raw}"`);
  }
  for (const [key, value] of Object.entries(parsed)) {
    if (!Number.isSafeInteger(value) || Math.abs(value as number) > 1_000_000) {
      throw new ConfigError(`${name}.${key} must be a whole number, got ${JSON.stringify(value)}`);
    }
  }
  return Object.freeze({ ...(parsed as Record<string, number>) });
}

/**
 * REPUTATION_PRIVILEGES, plus the retired BOUNTY_MIN_REPUTATION as the `offer_bounty` threshold
 * when REPUTATION_PRIVILEGES does not name it (so existing deployments keep their bar).
 */
function privilegeOverrides(env: Env): Readonly<Record<string, number>> {
  const table = pointsTable(env, 'REPUTATION_PRIVILEGES');
  for (const [name, value] of Object.entries(table)) {
    if (value < 0) throw new ConfigError(`REPUTATION_PRIVILEGES.${name} must not be negative, got ${value}`);
  }
  if (env.BOUNTY_MIN_REPUTATION?.trim() && !Object.hasOwn(table, 'offer_bounty')) {
    return Object.freeze({
      ...table,
      offer_bounty: int(env, 'BOUNTY_MIN_REPUTATION', 75, 0, 1_000_000_000),
    });
  }
  return table;
}

/** A decimal factor above 0 and at most 1 ("0.1"). */
function factor(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d*\.?\d+$/.test(raw) || !(value > 0 && value <= 1))
    throw new ConfigError(`${name} must be a number above 0 and at most 1 (e.g. 0.1), got "${raw}"`);
  return value;
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
    passwordHashCost: passwordHashCost(env, nodeEnv),
    session: {
      idleMinutes: int(env, 'SESSION_IDLE_MINUTES', 60 * 24 * 14, 1, 60 * 24 * 365),
      absoluteDays: int(env, 'SESSION_ABSOLUTE_DAYS', 90, 1, 3650),
    },
    rateLimit: {
      loginPerIp: rule(env, 'RATE_LIMIT_LOGIN_IP', { max: 20, windowSeconds: 900 }),
      loginPerAccount: rule(env, 'RATE_LIMIT_LOGIN_ACCOUNT', { max: 10, windowSeconds: 900 }),
      loginPerAccountTotal: rule(env, 'RATE_LIMIT_LOGIN_ACCOUNT_TOTAL', { max: 50, windowSeconds: 900 }),
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
      maxBytes: int(env, 'PAGE_CACHE_MAX_BYTES', 32 * 1024 * 1024, 0, 4 * 1024 * 1024 * 1024),
    },
    payments: paymentsConfig(env, nodeEnv),
    payouts: {
      minMinor: {
        CNY: int(
          env,
          'PAYOUT_MIN_MINOR_CNY',
          int(env, 'PAYOUT_MIN_MINOR', 1000, 1, 1_000_000_000),
          1,
          1_000_000_000,
        ),
        USD: int(
          env,
          'PAYOUT_MIN_MINOR_USD',
          int(env, 'PAYOUT_MIN_MINOR', 1000, 1, 1_000_000_000),
          1,
          1_000_000_000,
        ),
      },
    },
    bounties: bountiesConfig(env),
    reputation: {
      points: pointsTable(env, 'REPUTATION_POINTS'),
      dailyCap: int(env, 'REPUTATION_DAILY_CAP', 200, 0, 1_000_000),
      editCap: int(env, 'REPUTATION_EDIT_CAP', 1000, 0, 1_000_000),
      privileges: privilegeOverrides(env),
      newSiteFactor: factor(env, 'REPUTATION_NEW_SITE_FACTOR', 1),
    },
    experts: expertsConfig(env),
  };
  return deepFreeze(config);
}

function bountiesConfig(env: Env): Config['bounties'] {
  const minMinor = int(env, 'BOUNTY_MIN_MINOR', 500, 1, 1_000_000_000);
  const maxMinor = int(env, 'BOUNTY_MAX_MINOR', 1_000_000, 1, 1_000_000_000);
  if (maxMinor < minMinor) throw new ConfigError('BOUNTY_MAX_MINOR must not be below BOUNTY_MIN_MINOR');
  return {
    minMinor,
    maxMinor,
  };
}

function expertsConfig(env: Env): Config['experts'] {
  const priceMinMinor = int(env, 'EXPERT_PRICE_MIN_MINOR', 100, 1, 1_000_000_000);
  const priceMaxMinor = int(env, 'EXPERT_PRICE_MAX_MINOR', 500_000, 1, 1_000_000_000);
  if (priceMaxMinor < priceMinMinor) {
    throw new ConfigError('EXPERT_PRICE_MAX_MINOR must not be below EXPERT_PRICE_MIN_MINOR');
  }
  return {
    priceMinMinor,
    priceMaxMinor,
    defaultAnswerHours: int(env, 'EXPERT_ANSWER_HOURS', 48, 1, 168),
    unlockPriceMinor: int(env, 'UNLOCK_PRICE_MINOR', 100, 1, 1_000_000_000),
    unlockAskerShareBp: int(env, 'UNLOCK_ASKER_SHARE_BP', 5000, 0, 10_000),
  };
}

/** A PEM key from the environment, where newlines are often written as "\\n". */
function pem(value: string | undefined): string | undefined {
  return value?.replace(/\\n/g, '\n');
}

function passwordHashCost(env: Env, nodeEnv: NodeEnv): PasswordHashCost {
  const cost = oneOf<PasswordHashCost>(
    env,
    'PASSWORD_HASH_COST',
    ['standard', 'test'],
    nodeEnv === 'test' ? 'test' : 'standard',
  );
  if (cost === 'test' && nodeEnv !== 'test') {
    throw new ConfigError('PASSWORD_HASH_COST=test is only allowed with NODE_ENV=test');
  }
  return cost;
}

function paymentsConfig(env: Env, nodeEnv: NodeEnv): PaymentsConfig {
  // The dev cashier hands out money for a click: never on in production unless asked for.
  const names = str(
    env,
    'PAYMENTS_GATEWAYS',
    nodeEnv === 'production' ? 'alipay,stripe' : 'dev,alipay,stripe',
  )
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const known = ['dev', 'alipay', 'stripe'] as const;
  for (const name of names) {
    if (!(known as readonly string[]).includes(name)) {
      throw new ConfigError(`PAYMENTS_GATEWAYS may list ${known.join(', ')}, got "${name}"`);
    }
  }
  const gateways = known.filter((name) => names.includes(name));
  const port = int(env, 'PORT', 3000, 0, 65535);
  const publicBaseUrl = str(
    env,
    'PUBLIC_BASE_URL',
    `http://${str(env, 'HOST', '127.0.0.1')}:${port}`,
  ).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+$/.test(publicBaseUrl)) {
    throw new ConfigError(
      `PUBLIC_BASE_URL must be an http(s) origin such as https://example.com, got "${publicBaseUrl}"`,
    );
  }
  const devSecret = optional(env, 'PAYMENTS_DEV_SECRET');
  if (nodeEnv === 'production' && gateways.includes('dev') && !devSecret) {
    throw new ConfigError('PAYMENTS_DEV_SECRET is required in production while the dev gateway is enabled');
  }
  if (devSecret && devSecret.length < 16)
    throw new ConfigError('PAYMENTS_DEV_SECRET must be at least 16 characters');
  const topupMinMinor = int(env, 'PAYMENTS_TOPUP_MIN_MINOR', 100, 1, 1_000_000_000_000);
  const topupMaxMinor = int(env, 'PAYMENTS_TOPUP_MAX_MINOR', 5_000_000, 1, 1_000_000_000_000);
  if (topupMaxMinor < topupMinMinor) {
    throw new ConfigError('PAYMENTS_TOPUP_MAX_MINOR must not be below PAYMENTS_TOPUP_MIN_MINOR');
  }
  const alipayAppId = optional(env, 'ALIPAY_APP_ID');
  const alipayPrivateKey = pem(optional(env, 'ALIPAY_PRIVATE_KEY'));
  const alipayPublicKey = pem(optional(env, 'ALIPAY_PUBLIC_KEY'));
  const stripeSecretKey = optional(env, 'STRIPE_SECRET_KEY');
  const stripeWebhookSecret = optional(env, 'STRIPE_WEBHOOK_SECRET');
  const stripeApiHost = optional(env, 'STRIPE_API_HOST');
  if (stripeApiHost && !/^https?:\/\/[^/\s]+$/.test(stripeApiHost)) {
    throw new ConfigError(`STRIPE_API_HOST must look like http://127.0.0.1:12111, got "${stripeApiHost}"`);
  }
  return {
    gateways,
    publicBaseUrl,
    topupMinMinor,
    topupMaxMinor,
    orderLifetimeMinutes: int(env, 'PAYMENTS_ORDER_LIFETIME_MINUTES', 30, 1, 7 * 24 * 60),
    // Unset: the app makes one per database on first start (payments' withDevSecret).
    dev: { secret: devSecret },
    alipay:
      alipayAppId && alipayPrivateKey && alipayPublicKey
        ? {
            appId: alipayAppId,
            privateKey: alipayPrivateKey,
            alipayPublicKey,
            gatewayUrl: str(env, 'ALIPAY_GATEWAY_URL', 'https://openapi.alipay.com/gateway.do'),
            sellerId: optional(env, 'ALIPAY_SELLER_ID'),
          }
        : undefined,
    stripe:
      stripeSecretKey && stripeWebhookSecret
        ? { secretKey: stripeSecretKey, webhookSecret: stripeWebhookSecret, apiHost: stripeApiHost }
        : undefined,
  };
}

/** The same configuration with the dev cashier's secret filled in (frozen like the original). */
export function withPaymentsDevSecret(config: Config, secret: string): Config {
  return deepFreeze({ ...config, payments: { ...config.payments, dev: { secret } } });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
