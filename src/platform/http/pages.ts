import { escapeHtml } from '@kitajs/html';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PageContext } from '../views/page-context.js';
import { csrfTokenFor } from './auth.js';

/** Builds what views need from a request: language, translator, member, CSRF token, URL. */
export function pageContextOf(request: FastifyRequest, reply: FastifyReply): PageContext {
  const actor = request.actor;
  return {
    locale: request.locale,
    t: (key, params) => escapeHtml(request.t(key, params)) as JSX.Element,
    text: request.t,
    user: actor
      ? { id: actor.userId, username: actor.username, displayName: actor.displayName, role: actor.role }
      : null,
    csrfToken: csrfTokenFor(request, reply),
    url: request.url,
  };
}

/** Sends a rendered page; pages are per-user, so never cached by shared caches. */
export function sendPage(reply: FastifyReply, html: string | Promise<string>, status = 200) {
  return reply.status(status).header('cache-control', 'private, no-store').html(html);
}
