import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

/**
 * Addresses the router cannot read (`/%E0%A4%A`: a broken percent-escape; a path parameter past
 * `maxParamLength`) never reach a route: Fastify answers them itself, before any hook, with JSON
 * that repeats the path and none of our headers. Instead the request is dispatched again to one of
 * these internal routes, so it goes through every hook (security headers, language) and the one
 * error handler: the error envelope under /api, the error page otherwise, never the path.
 */
const UNREADABLE = '/_errors/unreadable-url';
const TOO_LONG = '/_errors/url-too-long';

// HEAD comes with GET.
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** The `frameworkErrors` option of Fastify: sends the request on to the internal route for its error. */
export function routeFrameworkErrors(app: () => FastifyInstance) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const raw = request.raw;
    const url = raw.url ?? '/';
    const at = url.indexOf('?');
    const api = url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
    const target = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? TOO_LONG : UNREADABLE;
    // The query string stays (it may choose the language); the unreadable path does not.
    raw.url = `${api ? '/api' : ''}${target}${at >= 0 ? url.slice(at) : ''}`;
    app().routing(raw, reply.raw);
  };
}

/** The internal routes that answer unreadable addresses with the app's own error. */
export function registerFrameworkErrorRoutes(app: FastifyInstance): void {
  for (const prefix of ['', '/api']) {
    app.route({
      method: METHODS,
      url: `${prefix}${UNREADABLE}`,
      schema: { hide: true },
      config: { csrf: false },
      handler: async () => {
        throw new AppError(400, 'request.malformed');
      },
    });
    app.route({
      method: METHODS,
      url: `${prefix}${TOO_LONG}`,
      schema: { hide: true },
      config: { csrf: false },
      handler: async () => {
        throw new AppError(414, 'request.too_large');
      },
    });
  }
}
