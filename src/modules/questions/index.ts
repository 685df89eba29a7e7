import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../platform/context.js';
import { postEditsPages } from './post-edits.pages.js';
import { questionActionsPages } from './question-actions.pages.js';
import { questionsApi } from './questions.api.js';
import { questionsPages } from './questions.pages.js';
import { ViewCounter } from './view-counter.js';

export { LIST_PAGE_SIZE } from './questions.pages.js';
export type { QuestionSort, QuestionSummaryRecord } from './questions.repository.js';
export { listQuestions } from './questions.service.js';
export { type Sort, sortOf, type ViewContext } from './views/paths.js';
export { QuestionList } from './views/question-list.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Writes buffered question views now (tests; also runs on close). */
    flushQuestionViews(): Promise<void>;
  }
}

/** Registers the Q&A API and pages, and the batched view counter (flushed on close). */
export async function questionsModule(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  const views = new ViewCounter(ctx.db, ctx.clock, undefined, (error) =>
    ctx.log.error({ err: error }, 'view count flush failed'),
  );
  views.start();
  app.decorate('flushQuestionViews', () => views.flush());
  app.addHook('onClose', () => views.stop());
  await app.register(questionsApi, { ctx });
  await app.register(questionsPages, { ctx, views });
  await app.register(questionActionsPages, { ctx, views });
  await app.register(postEditsPages, { ctx, views });
}
