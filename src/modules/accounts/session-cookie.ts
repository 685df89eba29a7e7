import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ClientInfo } from '../../platform/context.js';
import { ANON_CSRF_COOKIE, SESSION_COOKIE } from '../../platform/http/auth.js';
import type { StartedSession } from './sessions.service.js';

/** Where the request came from, for the session record and the rate limits. */
export function clientOf(request: FastifyRequest): ClientInfo {
  const agent = request.headers['user-agent'];
  return {
    ip: request.ip,
    userAgent: typeof agent === 'string' ? agent : null,
    sessionCookie: request.cookies[SESSION_COOKIE],
  };
}

/** httpOnly, SameSite=Lax, Secure whenever the request came over TLS (directly or via a trusted proxy). */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  session: StartedSession,
): void {
  reply.setCookie(SESSION_COOKIE, session.cookieValue, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    expires: session.expiresAt,
  });
  // The anonymous form token has done its job; the session carries its own from now on.
  reply.clearCookie(ANON_CSRF_COOKIE, { path: '/' });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
