import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Clock } from '../clock.js';
import { defaultTimeZone } from '../i18n/time-zone.js';
import { csrfTokenFor } from './auth.js';
import { isHtmxRequest, timeZoneOf } from './request-context.js';

/**
 * A short-lived, per-process cache of rendered pages for anonymous visitors: most page views
 * are anonymous reads of the same few pages, and rendering one costs ~100× sending it.
 *
 * - Only GET pages whose route opts in (`config: { pageCache: true }` or `{ onHit }`), only for
 *   visitors who are not signed in, never for htmx fragments, only 200 responses.
 * - Keyed by language + route + its path parameters + the query parameters its querystring
 *   schema declares, as validated (a route reads no others): `?utm_source=…` or `?r=1` shares
 *   the entry, `?page=01` is `?page=1`. Pages show times in the visitor's zone, so the zone is in
 *   the key too, but only when it is not the language's default (most visitors share one entry).
 * - Bounded by bytes (`maxBytes`, oldest dropped first) and by entries; expired entries are swept
 *   on every store and by a timer, so memory goes back down when traffic stops.
 * - Pages embed a per-visitor CSRF token; a cacheable render gets a per-process placeholder
 *   instead, replaced on every send with the visitor's own token (and cookie).
 * - Any successful write by a signed-in member in this process empties the cache; other
 *   processes' writes (and jobs') show after at most the TTL, like any read replica's lag.
 */

export interface PageCacheOptions {
  /** How long an entry is served; 0 turns the cache off. */
  readonly ttlMs: number;
  readonly maxEntries: number;
  /** The most page bytes (UTF-8) kept at once; a page bigger than this is not kept. */
  readonly maxBytes: number;
}

/** A cached page as UTF-8 bytes and where the CSRF placeholders were cut out: a hit joins slices. */
export interface CachedPage {
  /** One buffer per page, not one per piece (small pieces would each pin a pooled slab). */
  readonly bytes: Buffer;
  /** [start, end) of each piece between placeholders. */
  readonly pieces: readonly (readonly [number, number])[];
}

interface Entry extends CachedPage {
  readonly expiresAt: number;
  /** What this entry counts against `maxBytes`: the page and its key. */
  readonly size: number;
}

/** The route option: `true`, or what to do on a hit that the handler would have done (count a view). */
export type PageCacheRouteOption = true | { readonly onHit: (request: FastifyRequest) => void };

interface PageCacheSlot {
  readonly cache: PageCache;
  readonly key: string;
  readonly generation: number;
  /** The address the page is rendered for: its path and the query parameters the key holds. */
  readonly url: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    pageCache?: PageCacheRouteOption;
  }
  interface FastifyRequest {
    /** Set when this request's page is rendered for the cache (see pageContextOf / sendPage). */
    pageCacheSlot: PageCacheSlot | null;
  }
  interface FastifyInstance {
    /** This process's anonymous page cache (for tests and metrics). */
    pageCache: PageCache;
  }
}

/** Rendered pages by key, oldest first (Map order), each for `ttlMs`. */
export class PageCache {
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;
  /** Bumped by clear(): a page rendered before a write must not be stored after it. */
  #generation = 0;
  /** Stands for the visitor's CSRF token in a cached page; unguessable, so content cannot name it. */
  readonly placeholder = `csrf-${randomBytes(18).toString('hex')}`;

  constructor(
    private readonly options: PageCacheOptions,
    private readonly clock: Clock,
  ) {}

  get enabled(): boolean {
    return this.options.ttlMs > 0 && this.options.maxEntries > 0 && this.options.maxBytes > 0;
  }

  get ttlMs(): number {
    return this.options.ttlMs;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Bytes held now (pages and keys), never above `maxBytes`. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The keys held now, oldest first (for tests). */
  keys(): string[] {
    return [...this.#entries.keys()];
  }

  get(key: string): CachedPage | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock.now().getTime()) {
      this.#delete(key, entry);
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
    const old = this.#entries.get(key);
    if (old) this.#delete(key, old);
    this.sweep();
    const bytes = Buffer.from(html, 'utf8');
    const size = bytes.byteLength + key.length * 2;
    if (size > this.options.maxBytes) return;
    while (
      this.#entries.size > 0 &&
      (this.#entries.size >= this.options.maxEntries || this.#bytes + size > this.options.maxBytes)
    ) {
      const [oldestKey, oldest] = this.#entries.entries().next().value as [string, Entry];
      this.#delete(oldestKey, oldest);
    }
    this.#entries.set(key, {
      bytes,
      pieces: piecesOf(bytes, this.placeholder),
      expiresAt: this.clock.now().getTime() + this.options.ttlMs,
      size,
    });
    this.#bytes += size;
  }

  /** Drops expired entries. They sit oldest first (one TTL for all), so this stops at the first live one. */
  sweep(): void {
    const now = this.clock.now().getTime();
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt > now) break;
      this.#delete(key, entry);
    }
  }

  clear(): void {
    this.#generation++;
    this.#entries.clear();
    this.#bytes = 0;
  }

  #delete(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#bytes -= entry.size;
  }

  /** A page rendered for the cache, with this visitor's token in place of the placeholder. */
  personalise(html: string, csrfToken: string): string {
    return html.replaceAll(this.placeholder, csrfToken);
  }

  /** A cached page's bytes with this visitor's token in place of the placeholder. */
  bytesFor(page: CachedPage, csrfToken: string): Buffer {
    const token = Buffer.from(csrfToken, 'utf8');
    const out: Buffer[] = [];
    page.pieces.forEach(([start, end], i) => {
      if (i > 0) out.push(token);
      out.push(page.bytes.subarray(start, end));
    });
    return Buffer.concat(out);
  }
}

/** Where the pieces between placeholders lie in a page's bytes. */
function piecesOf(bytes: Buffer, placeholder: string): Array<[number, number]> {
  const pieces: Array<[number, number]> = [];
  let start = 0;
  for (let at = bytes.indexOf(placeholder); at >= 0; at = bytes.indexOf(placeholder, start)) {
    pieces.push([start, at]);
    start = at + placeholder.length;
  }
  pieces.push([start, bytes.byteLength]);
  return pieces;
}

/** Per querystring schema: the parameter names it declares, sorted (worked out once per route). */
const declaredNames = new WeakMap<object, readonly string[]>();

/** The names of the query parameters a route's querystring schema declares (none without one). */
function declaredQueryNames(request: FastifyRequest): readonly string[] {
  const schema = request.routeOptions.schema?.querystring as { properties?: object } | undefined;
  if (!schema?.properties) return [];
  let names = declaredNames.get(schema);
  if (!names) {
    names = Object.keys(schema.properties).sort();
    declaredNames.set(schema, names);
  }
  return names;
}

/**
 * The entry a request reads: language, route, path parameters and declared query parameters as
 * validated, and the visitor's time zone (as Intl names it) when it is not the language's default.
 */
function cacheKeyOf(request: FastifyRequest, names: readonly string[]): string {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const key: unknown[] = [
    request.locale,
    request.routeOptions.url,
    request.params ?? {},
    names.filter((name) => query[name] !== undefined).map((name) => [name, query[name]]),
  ];
  const zone = timeZoneOf(request);
  if (zone !== defaultTimeZone(request.locale)) key.push(zone);
  return JSON.stringify(key);
}

/** The address a page rendered for this request stands for (for its language links): declared parameters only. */
function cachedUrlOf(request: FastifyRequest, names: readonly string[]): string {
  const at = request.url.indexOf('?');
  const path = at < 0 ? request.url : request.url.slice(0, at);
  const sent = new URLSearchParams(at < 0 ? '' : request.url.slice(at + 1));
  for (const name of [...sent.keys()]) if (!names.includes(name)) sent.delete(name);
  const search = sent.toString();
  return search ? `${path}?${search}` : path;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Serves opted-in anonymous pages from the cache, marks misses for storing, and empties it on writes. */
export const pageCachePlugin = fp<{ cache: PageCache }>(
  async (app: FastifyInstance, { cache }) => {
    app.decorateRequest('pageCacheSlot', null);
    app.decorate('pageCache', cache);
    if (!cache.enabled) return;

    // Expired pages leave memory even when no new page comes to push them out.
    const sweeper = setInterval(() => cache.sweep(), Math.max(1000, cache.ttlMs));
    sweeper.unref();
    app.addHook('onClose', async () => clearInterval(sweeper));

    app.addHook('preHandler', async (request, reply) => {
      const option = request.routeOptions.config.pageCache;
      if (!option || request.method !== 'GET' || request.actor || isHtmxRequest(request)) return;
      const names = declaredQueryNames(request);
      const key = cacheKeyOf(request, names);
      const page = cache.get(key);
      if (page === undefined) {
        // Only a page about to be rendered needs its address.
        request.pageCacheSlot = {
          cache,
          key,
          generation: cache.generation,
          url: cachedUrlOf(request, names),
        };
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
