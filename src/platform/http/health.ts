import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

/** `GET /healthz`: 200 once the database answers, 503 otherwise (for load balancers). */
export async function registerHealth(app: FastifyInstance, ping: () => Promise<void>): Promise<void> {
  app.get(
    '/healthz',
    {
      logLevel: 'warn',
      schema: {
        tags: ['system'],
        summary: 'Liveness and database readiness',
        response: {
          200: Type.Object({ status: Type.Literal('ok') }),
          503: Type.Object({ status: Type.Literal('unavailable') }),
        },
      },
    },
    async (request, reply) => {
      try {
        await ping();
        return reply.header('cache-control', 'no-store').send({ status: 'ok' as const });
      } catch (error) {
        request.log.warn({ err: error }, 'health check failed');
        return reply
          .status(503)
          .header('cache-control', 'no-store')
          .send({ status: 'unavailable' as const });
      }
    },
  );
}
