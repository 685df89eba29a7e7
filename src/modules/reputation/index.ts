import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../platform/context.js';
import { contribute, type Extension } from '../../platform/extensions/index.js';
import { profileSlot } from '../accounts/index.js';
import { reputationApi } from './reputation.api.js';
import { reputationProfilePanel } from './views/profile-reputation.js';

/**
 * Reputation's only door: append-only events with Stack Overflow's rules table (caps, the floor,
 * undoing), recorded inside the use cases that cause them; the history (API and the profile's
 * tab, with its chart); the recompute; and the slot through which other modules add their own
 * kinds of event.
 */
export type { EventMatch, PostType } from './reputation.repository.js';
export {
  CORE_KINDS,
  type CoreKind,
  DEFAULT_POINTS,
  type KindRule,
  REPUTATION_FLOOR,
  type ReputationRules,
} from './reputation.rules.js';
export {
  lockMembers,
  membersMovedBy,
  type RecomputeResult,
  type ReputationChange,
  type ReputationKind,
  recomputeReputation,
  recordAccept,
  recordReputation,
  recordVote,
  reputationHistory,
  reputationKind,
  reputationKindSlot,
  rulesOf,
  undoPosts,
  undoReputation,
} from './reputation.service.js';

/** What reputation adds to shared places: the profile's reputation tab (chart and history). */
export const reputationExtension: Extension = {
  module: 'reputation',
  contributions: [contribute(profileSlot, reputationProfilePanel)],
};

/** Registers the reputation API. */
export async function reputationModule(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  await app.register(reputationApi, { ctx });
}
