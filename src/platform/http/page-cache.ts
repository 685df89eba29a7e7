import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Clock } from '../clock.js';
import { csrfTokenFor } from './auth.js';
import { isHtmxRequest } from './request-context.js';

/**
 * A short-lived, per-process cache of rendered pages for anonymous visitors: most page views
 * are anonymous reads of the same few pages, and rendering one costs ~100× sending it.
 *
 * - Only GET pages whose route opts in (`config: { pageCache: true }` or `{ onHit }`), only for
 *   visitors who are not signed in, never for htmx fragments, only 200 responses.
 * - Keyed by language + URL (path and query), so every variant a URL can show is its own entry.
 * - Pages embed a per-visitor CSRF token; a cacheable render gets a per-process placeholder
 *   instead, replaced on every send with the visitor's own token (and cookie).
 * - Any successful write by a signed-in member in this process empties the cache; other
 *   processes' writes (and jobs') show after at most the TTL, like any read replica's lag.
 */

export interface PageCacheOptions {
  /** How long an entry is served; 0 turns the cache off. */
  readonly ttlMs: number;
  readonly maxEntries: number;
}

/** A cached page as UTF-8 bytes, cut at the CSRF placeholders: a hit only joins buffers. */
export interface CachedPage {
  readonly parts: readonly Buffer[];
}

interface Entry extends CachedPage {
  readonly expiresAt: number;
}

/** The route option: `true`, or what to do on a hit that the handler would have done (count a view). */
export type PageCacheRouteOption = true | { readonly onHit: (request: FastifyRequest) => void };

declare module 'fastify' {
  interface FastifyContextConfig {
    pageCache?: PageCacheRouteOption;
  }
  interface FastifyRequest {
    /** Set when this request's page is rendered for the cache (see pageContextOf / sendPage). */
    pageCacheSlot: { readonly cache: PageCache; readonly key: string; readonly generation: number } | null;
  }
}

/** Rendered pages by key, oldest first (Map order), each for `ttlMs`. */
export class PageCache {
  readonly #entries = new Map<string, Entry>();
  /** Bumped by clear(): a page rendered before a write must not be stored after it. */
  #generation = 0;
  /** Stands for the visitor's CSRF token in a cached page; unguessable, so content cannot name it. */
  readonly placeholder = `csrf-${randomBytes(18).toString('hex')}`;

  constructor(
    private readonly options: PageCacheOptions,
    private readonly clock: Clock,
  ) {}

  get enabled(): boolean {
    return this.options.ttlMs > 0 && this.options.maxEntries > 0;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): CachedPage | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock.now().getTime()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  get generation(): number {
    return this.#generation;
  }

  /** Stores a page rendered while the cache was at `generation`; dropped if a write came since. */
  set(key: string, html: string, generation = this.#generation): void {
    if (!this.enabled || generation !== this.#generation) return;
    this.#entries.delete(key);
    while (this.#entries.size >= this.options.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
    const parts = html.split(this.placeholder).map((part) => Buffer.from(part, 'utf8'));
    this.#entries.set(key, { parts, expiresAt: this.clock.now().getTime() + this.options.ttlMs });
  }

  clear(): void {
    this.#generation++;
    this.#entries.clear();
  }

  /** A page rendered for the cache, with this visitor's token in place of the placeholder. */
  personalise(html: string, csrfToken: string): string {
    return html.replaceAll(this.placeholder, csrfToken);
  }

  /** A cached page's bytes with this visitor's token in place of the placeholder. */
  bytesFor(page: CachedPage, csrfToken: string): Buffer {
    const token = Buffer.from(csrfToken, 'utf8');
    const pieces: Buffer[] = [];
    page.parts.forEach((part, i) => {
      if (i > 0) pieces.push(token);
      pieces.push(part);
    });
    return Buffer.concat(pieces);
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function cacheKey(request: FastifyRequest): string {
  return `${request.locale}\u0000${request.url}`;
}

/** Serves opted-in anonymous pages from the cache, marks misses for storing, and empties it on writes. */
export const pageCachePlugin = fp<{ cache: PageCache }>(
  async (app: FastifyInstance, { cache }) => {
    app.decorateRequest('pageCacheSlot', null);
    if (!cache.enabled) return;

    app.addHook('preHandler', async (request, reply) => {
      const option = request.routeOptions.config.pageCache;
      if (!option || request.method !== 'GET' || request.actor || isHtmxRequest(request)) return;
      const key = cacheKey(request);
      const page = cache.get(key);
      if (page === undefined) {
        request.pageCacheSlot = { cache, key, generation: cache.generation };
        return;
      }
      if (option !== true) option.onHit(request);
      reply
        .header('cache-control', 'private, no-store')
        .header('x-page-cache', 'hit')
        .type('text/html; charset=utf-8')
        .send(cache.bytesFor(page, csrfTokenFor(request, reply)));
      return reply;
    });

    // Before the answer leaves: once the writer sees it, no reader may get the old page.
    app.addHook('onSend', async (request, reply) => {
      if (request.actor && UNSAFE_METHODS.has(request.method) && reply.statusCode < 400) cache.clear();
    });
  },
  { name: 'page-cache', dependencies: ['auth', 'request-context'] },
);
