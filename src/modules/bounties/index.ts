/** Cash bounties: for now the rules and the state machine (the service, API and pages follow). */
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
