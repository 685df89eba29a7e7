import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../platform/context.js';
import { contribute, type Extension } from '../../platform/extensions/index.js';
import type { Actor, Authenticator } from '../../platform/http/auth.js';
import { navSlot } from '../../platform/views/nav.js';
import { roleChangedSlot } from '../accounts/index.js';
import { moderationApi } from './moderation.api.js';
import { moderationPages } from './moderation.pages.js';
import { recordRoleChange, suspensionInForce } from './moderation.service.js';

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
 * Wraps the accounts' authenticator so every actor carries the suspension in force (compared
 * with the clock on each request: a suspension ends by time, nothing has to end it). The platform
 * refuses a suspended actor's writes in one hook (platform/http/auth.ts).
 */
export function withSuspensions(ctx: ServiceContext, authenticator: Authenticator): Authenticator {
  const mark = async (actor: Actor | null): Promise<Actor | null> => {
    if (!actor) return null;
    const suspension = await suspensionInForce(ctx, actor.userId);
    return suspension ? { ...actor, suspension } : actor;
  };
  return {
    fromSessionCookie: async (value) => mark(await authenticator.fromSessionCookie(value)),
    fromBearerToken: async (token) => mark(await authenticator.fromBearerToken(token)),
  };
}

/** What moderation adds to shared places: the log on the staff bar, role changes in the log. */
export const moderationExtension: Extension = {
  module: 'moderation',
  contributions: [
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
