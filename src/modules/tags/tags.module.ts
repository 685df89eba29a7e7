import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../platform/context.js';
import { tagsApi } from './tags.api.js';
import { tagsPages } from './tags.pages.js';

/** Registers the tags API and the /tags and /tags/:tag pages. */
export async function tagsModule(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  await app.register(tagsApi, { ctx });
  await app.register(tagsPages, { ctx });
}
