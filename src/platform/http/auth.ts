import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, UnauthorizedError } from './errors.js';
import { isApiRequest } from './request-context.js';

export type Role = 'user' | 'moderator' | 'admin';

/** What a personal access token may be granted: reading, other writes, moving money. */
export const TOKEN_SCOPES = ['read', 'write', 'money'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
/** What a route needs of a caller with a token; `session` refuses every token (minting tokens, the password). */
export type RouteScope = TokenScope | 'session';

/** Who is making the request, however they proved it. */
export interface Actor {
  readonly userId: number;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  /** The member's chosen time zone for pages (an IANA name), or null to follow their browser. */
  readonly timeZone?: string | null;
  readonly via: 'session' | 'token';
  /** Only for `via: 'session'`: the session's id hash and its CSRF token. */
  readonly sessionIdHash?: string;
  readonly csrfToken?: string;
  /** Only for `via: 'token'`. */
  readonly tokenId?: number;
  readonly tokenScopes?: readonly TokenScope[];
  /** Set while the member is suspended (modules/moderation): they read but cannot write. */
  readonly suspension?: Suspension;
}

/** Why and until when a member may not write. */
export interface Suspension {
  readonly until: Date;
  readonly reason: string;
}

/** What the accounts module provides so the platform can recognise callers without knowing tables. */
export interface Authenticator {
  fromSessionCookie(value: string): Promise<Actor | null>;
  fromBearerToken(token: string): Promise<Actor | null>;
}

export const SESSION_COOKIE = 'tq_session';
/** Double-submit token for forms sent before anyone is signed in (login, register). */
export const ANON_CSRF_COOKIE = 'tq_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /**
     * `false` for server-to-server callbacks (payment gateway notifications) that carry no cookie
     * and prove themselves by a signature instead: no CSRF check, and the route must not act on `actor`.
     */
    csrf?: false;
    /**
     * What a token needs to call this route, declared once on the route; money-moving routes
     * declare `money`. Unset: GET and HEAD need `read`, other JSON writes `write`, and page
     * forms a session (a token cannot post a form).
     */
    scope?: RouteScope;
    /**
     * `true` for the writes a suspended member may still make (signing in and out, revoking a
     * token, their own money: top-ups, refunds, payouts). Every other write of theirs is refused
     * with 403 `account.suspended`, whichever module serves it.
     */
    whileSuspended?: true;
  }
  interface FastifyInstance {
    /** Every route registered after the auth plugin, with the scope a token needs for it. */
    readonly routeScopes: readonly RouteScopeEntry[];
  }
}

export interface RouteScopeEntry {
  readonly method: string;
  readonly url: string;
  readonly scope: RouteScope;
}

/** The scope a route needs when it declares none. */
export function defaultScopeOf(method: string, url: string): RouteScope {
  if (method === 'GET' || method === 'HEAD') return 'read';
  return url.startsWith('/api/') ? 'write' : 'session';
}

/** The scope the route serving this request needs of a token, or undefined outside any route (404). */
export function routeScopeOf(request: FastifyRequest): RouteScope | undefined {
  const url = request.routeOptions.url;
  if (url === undefined) return undefined;
  return request.routeOptions.config.scope ?? defaultScopeOf(request.method, url);
}

/** Whether a token holding `scopes` may call a route that needs `needed`. */
export function tokenAllows(scopes: readonly TokenScope[], needed: RouteScope): boolean {
  return needed !== 'session' && scopes.includes(needed);
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function sentToken(request: FastifyRequest): string | undefined {
  const header = request.headers[CSRF_HEADER];
  if (typeof header === 'string') return header;
  const body = request.body as Record<string, unknown> | undefined;
  const field = body && typeof body === 'object' ? body[CSRF_FIELD] : undefined;
  return typeof field === 'string' ? field : undefined;
}

function isJson(request: FastifyRequest): boolean {
  const type = request.headers['content-type'];
  return typeof type === 'string' && /^application\/(.+\+)?json\s*(;|$)/i.test(type);
}

export function newCsrfToken(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * The CSRF token to embed in this page: the session's when signed in, otherwise an anonymous
 * double-submit token kept in a cookie (set here on first use).
 */
export function csrfTokenFor(request: FastifyRequest, reply: FastifyReply): string {
  if (request.actor?.csrfToken) return request.actor.csrfToken;
  const existing = request.cookies[ANON_CSRF_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{32}$/.test(existing)) return existing;
  const token = newCsrfToken();
  request.cookies[ANON_CSRF_COOKIE] = token;
  reply.setCookie(ANON_CSRF_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
  });
  return token;
}

/** 403 `account.suspended`, naming until when (UTC, ISO 8601) and why. */
export function suspendedError(suspension: Suspension): AppError {
  return new AppError(403, 'account.suspended', {
    params: { until: suspension.until.toISOString(), reason: suspension.reason },
  });
}

/** The signed-in actor, or a 401 `auth.required`; use cases call this first. */
export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new UnauthorizedError();
  return actor;
}

/**
 * Recognises the caller (bearer token first, then the session cookie), refuses a token the
 * route's scope does not allow (403 `token.scope`), and enforces CSRF on
 * every unsafe request that a browser could forge: cookie-authenticated writes need the
 * session's token; anonymous form posts need the double-submit token. Bearer calls and
 * anonymous JSON calls carry no ambient authority, so they need none.
 */
export const authPlugin = fp<{ authenticator: Authenticator }>(
  async (app: FastifyInstance, { authenticator }) => {
    app.decorateRequest('actor', null);
    const routeScopes: RouteScopeEntry[] = [];
    app.decorate('routeScopes', routeScopes);
    app.addHook('onRoute', (route) => {
      for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
        const scope = route.config?.scope ?? defaultScopeOf(method, route.url);
        routeScopes.push({ method, url: route.url, scope });
      }
    });

    app.addHook('onRequest', async (request) => {
      const authorization = request.headers.authorization;
      if (authorization !== undefined) {
        const match = /^Bearer\s+(\S+)$/i.exec(authorization);
        const actor = match?.[1] ? await authenticator.fromBearerToken(match[1]) : null;
        // A bad credential is an error, not a silent fall-back to anonymous.
        if (!actor) throw new AppError(401, 'auth.required', { headers: { 'www-authenticate': 'Bearer' } });
        const needed = routeScopeOf(request);
        if (needed !== undefined && !tokenAllows(actor.tokenScopes ?? [], needed)) {
          throw new AppError(403, 'token.scope', { params: { scope: needed } });
        }
        request.actor = actor;
        return;
      }
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) request.actor = await authenticator.fromSessionCookie(cookie);
    });

    app.addHook('preValidation', async (request) => {
      if (!UNSAFE_METHODS.has(request.method)) return;
      if (request.routeOptions.config.csrf === false) return;
      const actor = request.actor;
      if (actor?.via === 'token') return;
      if (actor?.via === 'session') {
        if (!sameToken(sentToken(request), actor.csrfToken)) throw new AppError(403, 'auth.csrf_invalid');
        return;
      }
      if (isApiRequest(request) && (isJson(request) || request.headers['content-type'] === undefined)) return;
      if (!sameToken(sentToken(request), request.cookies[ANON_CSRF_COOKIE])) {
        throw new AppError(403, 'auth.csrf_invalid');
      }
    });

    // The one place a suspension is enforced: after CSRF (a forged post stays a CSRF refusal),
    // before validation and every handler, for the API and page forms alike.
    app.addHook('preValidation', async (request) => {
      const suspension = request.actor?.suspension;
      if (!suspension || !UNSAFE_METHODS.has(request.method)) return;
      if (request.routeOptions.url === undefined || request.routeOptions.config.whileSuspended) return;
      throw suspendedError(suspension);
    });
  },
  { name: 'auth', dependencies: ['@fastify/cookie'] },
);
