import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../platform/context.js';
import { searchApi } from './search.api.js';
import { searchPages } from './search.pages.js';

/** Registers `GET /api/v1/search`, related questions, and the /search and similar-question pages. */
export async function searchModule(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  await app.register(searchApi, { ctx });
  await app.register(searchPages, { ctx });
}
