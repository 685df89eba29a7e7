import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ServiceContext } from '../../platform/context.js';
import { expertDirectoryPages } from './expert-directory.pages.js';
import { expertSettingsPages } from './expert-settings.pages.js';
import { paidQuestionPages } from './paid-question.pages.js';
import { paidQuestionListPages } from './paid-question-lists.pages.js';

/** The experts module's pages, one file per page: directory and profiles, settings, a paid question, the lists. */
export const expertsPages: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  await app.register(expertDirectoryPages, { ctx });
  await app.register(expertSettingsPages, { ctx });
  await app.register(paidQuestionPages, { ctx });
  await app.register(paidQuestionListPages, { ctx });
};
