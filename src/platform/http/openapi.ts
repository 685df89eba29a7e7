import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/**
 * The OpenAPI 3 document, generated from the routes' TypeBox schemas (only /api routes),
 * at /api/openapi.json, and Swagger UI at /api/docs, served from node_modules.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'TechQ&A API',
        version: '1',
        description:
          'JSON API of TechQ&A. Authenticate with the session cookie (send X-CSRF-Token on writes) ' +
          'or with a personal access token as `Authorization: Bearer <token>`. Errors share one envelope: ' +
          '`{"error":{"code","message","fields?","fieldProblems?"}}`: `fields` maps each refused field ' +
          'to its message, `fieldProblems` to `{code, message, params?}`, the code a stable catalogue key.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'tq_session' },
        },
      },
    },
    hideUntagged: true,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: false,
    uiConfig: { docExpansion: 'list', deepLinking: true },
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // Swagger UI sets inline styles from its bundle; allow inline styles (never scripts) there only.
  app.addHook('onSend', async (request, reply) => {
    if (!request.url.startsWith('/api/docs')) return;
    const csp = reply.getHeader('content-security-policy');
    if (typeof csp === 'string') {
      reply.header(
        'content-security-policy',
        csp.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
      );
    }
  });
}
