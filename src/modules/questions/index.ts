import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../platform/context.js';
import { contribute, type Extension } from '../../platform/extensions/index.js';
import { navSlot } from '../../platform/views/nav.js';
import { memberRankingSlot, profileSlot } from '../accounts/index.js';
import { postEditsPages } from './post-edits.pages.js';
import { questionActionsPages } from './question-actions.pages.js';
import { questionsApi } from './questions.api.js';
import { questionsPages } from './questions.pages.js';
import { tagPagePages } from './tag-page.pages.js';
import { tagAnswerersRanking } from './tag-ranking.js';
import { ViewCounter } from './view-counter.js';
import { activityProfilePanel } from './views/profile-activity.js';

/**
 * Questions' only door: the Q&A pages and API, and the extension points other modules plug into
 * (the question page, question lists, the ask form, the hook every question write fires).
 */
export { questionListPanels } from './pages.support.js';
export type { QuestionSort, QuestionSummaryRecord } from './questions.repository.js';
export { slugify } from './questions.rules.js';
export {
  type AskFormInput,
  type AskFormRegions,
  askFormSlot,
  type QuestionListInput,
  type QuestionListRegions,
  type QuestionPageAnswer,
  type QuestionPageInput,
  type QuestionPageRegions,
  type QuestionWrittenInput,
  questionListSlot,
  questionPageSlot,
  questionWrittenSlot,
} from './questions.slots.js';
export { questionPath, type ViewContext } from './views/paths.js';

/**
 * What questions adds to shared places: its section in the navigation (home is its list too),
 * the profile's default tab (the member's questions and answers), and the directory's order by
 * tag (the members with the most answer score in it).
 */
export const questionsExtension: Extension = {
  module: 'questions',
  contributions: [
    contribute(profileSlot, activityProfilePanel),
    contribute(memberRankingSlot, tagAnswerersRanking),
    contribute(navSlot, {
      id: 'questions.nav',
      order: 10,
      area: 'main',
      href: '/questions',
      label: 'nav.questions',
      current: ['/', '/questions'],
    }),
  ],
};

declare module 'fastify' {
  interface FastifyInstance {
    /** Writes buffered question views now (tests; also runs on close). */
    flushQuestionViews(): Promise<void>;
  }
}

/** Registers the Q&A API and pages (a tag's page too), and the batched view counter (flushed on close). */
export async function questionsModule(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  const views = new ViewCounter(ctx, undefined, (error) =>
    ctx.log.error({ err: error }, 'view count flush failed'),
  );
  views.start();
  app.decorate('flushQuestionViews', () => views.flush());
  app.addHook('onClose', () => views.stop());
  await app.register(questionsApi, { ctx });
  await app.register(questionsPages, { ctx, views });
  await app.register(questionActionsPages, { ctx, views });
  await app.register(postEditsPages, { ctx, views });
  await app.register(tagPagePages, { ctx, views });
}
