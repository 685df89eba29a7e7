import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { ServiceContext } from '../../platform/context.js';
import { contribute, type Extension } from '../../platform/extensions/index.js';
import { profileSlot, userApiFieldSlot } from '../accounts/index.js';
import { privilegesInForce, privilegesOfMember } from './privileges.service.js';
import { reputationApi } from './reputation.api.js';
import { reputationProfilePanel } from './views/profile-reputation.js';

/**
 * Reputation's only door: append-only events with Stack Overflow's rules table (caps, the floor,
 * undoing), recorded inside the use cases that cause them; the history (API and the profile's
 * tab, with its chart); the recompute; the slot through which other modules add their own kinds
 * of event; and the privileges reputation earns (the thresholds table and the one policy every
 * use case and page asks).
 */
export {
  DEFAULT_THRESHOLDS,
  hasPrivilege,
  lackOf,
  PRIVILEGES,
  type Privilege,
  type PrivilegeHolder,
  type PrivilegeLack,
  type PrivilegeTable,
  privilegeTable,
} from './privileges.js';
export {
  checkPrivilege,
  listPrivileges,
  privilegeRequired,
  privilegesInForce,
  privilegesOfMember,
  requirePrivilege,
  type ViewerPrivileges,
  viewerPrivileges,
} from './privileges.service.js';
export type { EventMatch, PostType } from './reputation.repository.js';
export { lockMembers } from './reputation.repository.js';
export {
  CORE_KINDS,
  type CoreKind,
  DEFAULT_POINTS,
  type KindRule,
  REPUTATION_FLOOR,
  type ReputationRules,
} from './reputation.rules.js';
export {
  type LockedMembers,
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
} from './reputation.service.js';
export { PrivilegeNeeded, privilegeNeededText } from './views/privilege-needed.js';

/**
 * What reputation adds to shared places: the profile's reputation tab (chart and history), and
 * `privileges` on the member's own `GET /api/v1/users/:id`.
 */
export const reputationExtension: Extension = {
  module: 'reputation',
  contributions: [
    contribute(profileSlot, reputationProfilePanel),
    contribute(userApiFieldSlot, {
      id: 'reputation.privileges',
      name: 'privileges',
      schema: Type.Array(Type.String(), {
        description:
          'The privileges the member holds (only in their own profile): upvote, comment_everywhere, …',
      }),
      async value({ ctx, viewer, user }) {
        if (viewer?.userId !== user.id) return undefined;
        return privilegesOfMember(ctx, { role: user.role, reputation: user.reputation });
      },
    }),
  ],
};

/** Registers the reputation API; a privilege table naming no privilege stops the start. */
export async function reputationModule(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  privilegesInForce(ctx);
  await app.register(reputationApi, { ctx });
}
