import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../platform/context.js';
import { contribute, type Extension } from '../../platform/extensions/index.js';
import { navSlot } from '../../platform/views/nav.js';
import { profileSlot } from '../accounts/index.js';
import { statementLineSlot } from '../ledger/index.js';
import { questionListSlot, questionPageSlot } from '../questions/index.js';
import { bountiesApi } from './bounties.api.js';
import { bountiesPages } from './bounties.pages.js';
import { bountyStatementLines } from './bounty-statement.present.js';
import { bountyListPanel, bountyQuestionPanel } from './views/bounty-slots.js';
import { bountiesProfilePanel } from './views/profile-tab.js';
// Defines the settlement job in the process-wide registry (web app and worker alike).
import './bounties.jobs.js';

/**
 * Cash bounties' only door: offering, awarding and settling (through ledger holds), the featured
 * list, the rules and the state machine; and what it adds to other modules' pages (below).
 */
export { awardBounty } from './award-bounty.service.js';
export { settleBountyJob, settleJobKey } from './bounties.jobs.js';
export type { Bounty, FeaturedBounty, FeaturedSort } from './bounties.repository.js';
// The question page's panel and the lists' badges reach other modules through the slots only.
export { type BountyDetails, getBounty, listFeaturedBounties } from './bounties.service.js';
export {
  type BountyLimits,
  checkBountyOffer,
  MAX_ACTIVE_PER_MEMBER,
  MIN_QUESTION_AGE_DAYS,
  type OfferFacts,
  type OfferRefusal,
} from './bounty.rules.js';
export {
  AUTO_AWARD_MIN_SCORE,
  type AwardDecision,
  autoAwardWinner,
  BOUNTY_DAYS,
  BOUNTY_STATES,
  type BountyAnswer,
  type BountyFacts,
  type BountyPhase,
  type BountyRefusal,
  type BountyState,
  bountyDeadlines,
  bountyPhase,
  decideAward,
  GRACE_HOURS,
  type Settlement,
  settleUnawarded,
} from './bounty.states.js';
export { offerBounty } from './offer-bounty.service.js';
export { settleBounty } from './settle-bounty.service.js';

/**
 * What bounties adds to shared pages: the question page's panel, list badges, its statement lines,
 * the bounties tab of a member's profile, its section (app.ts wires it).
 */
export const bountiesExtension: Extension = {
  module: 'bounties',
  contributions: [
    contribute(questionPageSlot, bountyQuestionPanel),
    contribute(questionListSlot, bountyListPanel),
    contribute(statementLineSlot, bountyStatementLines),
    contribute(profileSlot, bountiesProfilePanel),
    contribute(navSlot, {
      id: 'bounties.nav',
      order: 30,
      area: 'main',
      href: '/bounties',
      label: 'nav.bounties',
    }),
  ],
};

/** Registers the bounty API and pages. */
export async function bountiesModule(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  await app.register(bountiesApi, { ctx });
  await app.register(bountiesPages, { ctx });
}
