import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../platform/context.js';
import { contribute, type Extension } from '../../platform/extensions/index.js';
import { navSlot } from '../../platform/views/nav.js';
import { profileSlot } from '../accounts/index.js';
import { statementLineSlot } from '../ledger/index.js';
import { expertsApi } from './experts.api.js';
import { expertsPages } from './experts.pages.js';
import { paidQuestionStatementLines } from './paid-question-statement.present.js';
import { expertProfilePanel } from './views/profile-tab.js';
// Defines the module's durable job in the process-wide registry (web app and worker alike).
import './experts.jobs.js';

/**
 * The experts module's only door: expert profiles and the directory, paid questions held in
 * escrow until answered (or refunded on decline, expiry or a dispute), paid unlocks, ratings.
 */
export { askExpert } from './ask.service.js';
export { getExpertPage, listExperts, setExpertProfile } from './expert-profile.service.js';
export type { ExpertProfile, PaidQuestion } from './experts.repository.js';
export { decideDisputeOf, openDispute, rateAnswer } from './feedback.service.js';
export { PAID_QUESTION_STATES, type PaidQuestionState } from './paid-question.states.js';
export { getPaidQuestion, listExpertQueue } from './paid-questions.service.js';
export { answerPaidQuestion, declinePaidQuestion } from './settle.service.js';
export { unlockPaidAnswer } from './unlock.service.js';

/**
 * What experts adds to shared places: its section, the disputes queue in the staff bar, its
 * statement lines, the expert tab of a member's profile.
 */
export const expertsExtension: Extension = {
  module: 'experts',
  contributions: [
    contribute(statementLineSlot, paidQuestionStatementLines),
    contribute(profileSlot, expertProfilePanel),
    contribute(navSlot, {
      id: 'experts.nav',
      order: 40,
      area: 'main',
      href: '/experts',
      label: 'nav.experts',
    }),
    contribute(navSlot, {
      id: 'experts.disputes',
      order: 20,
      area: 'staff',
      name: 'disputes',
      href: '/moderation/disputes',
      label: 'nav.disputes',
      roles: ['moderator', 'admin'],
    }),
  ],
};

/** Registers the experts API and pages. */
export async function expertsModule(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  await app.register(expertsApi, { ctx });
  await app.register(expertsPages, { ctx });
}
