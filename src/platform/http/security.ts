import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import { encodeLocation } from './redirects.js';

/**
 * Security headers for every response, and a Location header that can always be sent. The CSP
 * allows no inline script and nothing from other origins except images linked from user content
 * (https only), and data: images, which Bootstrap's stylesheet draws its form controls with.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // Member content may show images by https URL (its renderer allows no data: URIs); data:
        // is for Bootstrap's own icons (select chevron, check marks, field states), which CSS
        // overrides loaded after it did not always replace in time.
        imgSrc: ["'self'", 'data:', 'https:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
  // A redirect to a path with other scripts in it (`/questions?tag=中文`) goes out percent-encoded.
  app.addHook('onSend', async (_request, reply) => {
    const location = reply.getHeader('location');
    if (typeof location === 'string') reply.header('location', encodeLocation(location));
  });
}
