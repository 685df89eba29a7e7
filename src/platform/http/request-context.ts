import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { type Locale, pickLocale, type Translate, translator } from '../i18n/index.js';
import { pickTimeZone, TIME_ZONE_COOKIE } from '../i18n/time-zone.js';

export const LANG_COOKIE = 'lang';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    t: Translate;
  }
}

/** True for the JSON API: errors there are JSON, never pages. */
export function isApiRequest(request: FastifyRequest): boolean {
  return request.url === '/api' || request.url.startsWith('/api/');
}

/** True when htmx made the request and expects a fragment, not a page. */
export function isHtmxRequest(request: FastifyRequest): boolean {
  return request.headers['hx-request'] === 'true';
}

function queryLang(request: FastifyRequest): string | undefined {
  const query = request.query as Record<string, unknown> | undefined;
  const lang = query?.lang;
  return typeof lang === 'string' ? lang : undefined;
}

/**
 * The zone this request's times are shown in (an Intl id): the signed-in member's setting, then the
 * browser's zone its script put in the `tz` cookie, then the language's default. Call after auth.
 */
export function timeZoneOf(request: FastifyRequest): string {
  return pickTimeZone({
    setting: request.actor?.timeZone,
    cookie: request.cookies[TIME_ZONE_COOKIE],
    locale: request.locale,
  });
}

/**
 * Picks each request's language (?lang=, then the cookie, then Accept-Language) and echoes
 * the request id. A `?lang=` on a page is remembered in a cookie so the switch sticks.
 */
export const requestContextPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorateRequest('locale', 'en');
    app.decorateRequest('t', translator('en'));

    app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const fromQuery = queryLang(request);
      request.locale = pickLocale({
        query: fromQuery,
        cookie: request.cookies[LANG_COOKIE],
        acceptLanguage: request.headers['accept-language'],
      });
      request.t = translator(request.locale);
      if (fromQuery && !isApiRequest(request) && request.locale !== request.cookies[LANG_COOKIE]) {
        reply.setCookie(LANG_COOKIE, request.locale, {
          path: '/',
          sameSite: 'lax',
          httpOnly: true,
          secure: request.protocol === 'https',
          maxAge: 365 * 24 * 3600,
        });
      }
      reply.header('content-language', request.locale);
    });

    app.addHook('onSend', async (request, reply) => {
      reply.header('x-request-id', request.id);
    });
  },
  { name: 'request-context', dependencies: ['@fastify/cookie'] },
);
