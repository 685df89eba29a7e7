import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../platform/context.js';
import { contribute, type Extension } from '../../platform/extensions/index.js';
import { navSlot } from '../../platform/views/nav.js';
import { actorFacetSlot, roleChangedSlot } from '../accounts/index.js';
import { moderationApi } from './moderation.api.js';
import { moderationPages } from './moderation.pages.js';
import { suspensionOfUserQuery } from './moderation.repository.js';
import { recordRoleChange, withSuspension } from './moderation.service.js';

export { canModerate } from './moderation.policy.js';
/**
 * Moderation's only door: suspensions (a member reads but cannot write until a time, or until
 * lifted early), the append-only moderation log, and the pages and API of both.
 */
export type { LogEntry, Suspension } from './moderation.repository.js';
export {
  type LogLine,
  liftSuspension,
  listModerationLog,
  type ModerationAction,
  recordModerationAction,
  suspendMember,
} from './moderation.service.js';

/**
 * What moderation adds to shared places: the suspension in force on every actor (read with the
 * caller's session or token, against the clock: a suspension starting, ending or lifted applies at
 * the next request; platform/http/auth.ts refuses a suspended actor's writes), the log on the
 * staff bar, role changes in the log.
 */
export const moderationExtension: Extension = {
  module: 'moderation',
  contributions: [
    contribute(actorFacetSlot, {
      id: 'moderation.suspension',
      read: suspensionOfUserQuery,
      apply: (actor, found) => withSuspension(actor, found as { until: string; reason: string }),
    }),
    contribute(roleChangedSlot, {
      id: 'moderation.role-log',
      run: (input) =>
        recordRoleChange(input.trx, {
          actorId: input.actorId,
          userId: input.userId,
          from: input.from,
          to: input.to,
          now: input.now,
        }),
    }),
    contribute(navSlot, {
      id: 'moderation.log',
      order: 30,
      area: 'staff',
      href: '/moderation/log',
      current: ['/moderation/log', '/moderation/users'],
      label: 'nav.moderation_log',
      roles: ['moderator', 'admin'],
    }),
  ],
};

/** Registers the moderation pages and JSON API. */
export async function moderationModule(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  await app.register(moderationApi, { ctx });
  await app.register(moderationPages, { ctx });
}
