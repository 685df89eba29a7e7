import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Clock } from './clock.js';
import type { DB } from './db/schema.js';
import type { Extensions } from './extensions/index.js';
import type { RateLimitStore } from './http/rate-limit.js';

/** What every use case is handed: the database, time, settings, shared counters, a logger, extensions. */
export interface ServiceContext {
  readonly db: Kysely<DB>;
  readonly clock: Clock;
  readonly config: Config;
  readonly rateLimits: RateLimitStore;
  readonly log: FastifyBaseLogger;
  /** The modules' contributions to extension points (built once in app.ts). */
  readonly extensions: Extensions;
}

/** Where a request came from, as far as accounts care (for session lists and rate limits). */
export interface ClientInfo {
  readonly ip: string;
  readonly userAgent: string | null;
  /** The session cookie the browser sent, if any: signing in replaces that session. */
  readonly sessionCookie?: string | undefined;
}

/** One page of a list, as every list use case returns it. */
export interface Page<T> {
  readonly items: T[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}
