import { escapeHtml } from '@kitajs/html';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Extensions } from '../extensions/index.js';
import { navSlot } from '../views/nav.js';
import type { PageContext } from '../views/page-context.js';
import { csrfTokenFor } from './auth.js';
import './page-cache.js';
import { timeZoneOf } from './request-context.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's extension registry (app.ts), for what the layout shows (navigation). */
    extensions: Extensions;
  }
}

/** Builds what views need from a request: language, time zone, translator, member, CSRF token, URL. */
export function pageContextOf(request: FastifyRequest, reply: FastifyReply): PageContext {
  const actor = request.actor;
  return {
    locale: request.locale,
    timeZone: timeZoneOf(request),
    t: (key, params) => escapeHtml(request.t(key, params)) as JSX.Element,
    text: request.t,
    user: actor
      ? {
          id: actor.userId,
          username: actor.username,
          displayName: actor.displayName,
          role: actor.role,
          ...(actor.suspension ? { suspension: actor.suspension } : {}),
        }
      : null,
    // A page rendered for the anonymous page cache carries a placeholder, personalised on send.
    csrfToken: request.pageCacheSlot ? request.pageCacheSlot.cache.placeholder : csrfTokenFor(request, reply),
    url: pageUrlOf(request),
    nav: request.server.hasDecorator('extensions') ? request.server.extensions.list(navSlot) : [],
  };
}

/**
 * The page's address for links back to it (the language switch): for a page rendered for the cache,
 * the address its entry stands for (unknown query parameters left out). A page rendered in answer to a
 * form POST (a refusal shown with the form) lives at the page the form was on: its same-origin
 * Referer, or the home page; a GET of the POST's own URL may not exist.
 */
function pageUrlOf(request: FastifyRequest): string {
  // A page rendered for the cache is shown for every URL that shares its entry.
  if (request.pageCacheSlot) return request.pageCacheSlot.url;
  if (request.method === 'GET' || request.method === 'HEAD') return request.url;
  const referer = request.headers.referer;
  if (!referer) return '/';
  try {
    const from = new URL(referer);
    const here = new URL(`${request.protocol}://${request.host}`);
    return from.origin === here.origin ? `${from.pathname}${from.search}` : '/';
  } catch {
    return '/';
  }
}

/**
 * Sends a rendered page; pages are per-user, so never cached by shared caches. A page rendered
 * for the anonymous page cache is stored (when it is a 200) and sent with the visitor's token.
 */
export async function sendPage(reply: FastifyReply, html: string | Promise<string>, status = 200) {
  reply.status(status).header('cache-control', 'private, no-store');
  const slot = reply.request.pageCacheSlot;
  if (!slot) return reply.html(html);
  const page = await html;
  if (status === 200) slot.cache.set(slot.key, page, slot.generation);
  return reply
    .header('x-page-cache', 'miss')
    .html(slot.cache.personalise(page, csrfTokenFor(reply.request, reply)));
}
