import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../platform/context.js';
import { contribute, type Extension } from '../../platform/extensions/index.js';
import type { Authenticator } from '../../platform/http/auth.js';
import { navSlot } from '../../platform/views/nav.js';
import { accountsApi } from './accounts.api.js';
import { accountsPages } from './accounts.pages.js';
import { directoryApi } from './directory.api.js';
import { directoryPages } from './directory.pages.js';
import { resolveSession } from './sessions.service.js';
import { resolveAccessToken } from './tokens.service.js';

export type { User } from './accounts.repository.js';
export {
  accountLimits,
  checkEmail,
  checkUsername,
  confusableSkeleton,
  emailKey,
  usernameKey,
} from './accounts.rules.js';
export { PublicUserSchema } from './accounts.schemas.js';
export { getUser, type PublicUser, setUserRole, toPublicUser } from './accounts.service.js';
export { type ActorFacet, actorFacetSlot } from './actor.slots.js';
export {
  type DirectoryMember,
  type DirectoryQuery,
  type DirectorySort,
  listMembers,
} from './directory.service.js';
export {
  type MemberRanking,
  type MemberRankingInput,
  memberRankingSlot,
  type RankedMember,
} from './directory.slots.js';
export {
  type ProfileInput,
  type ProfileMember,
  type ProfileRegions,
  type ProfileTabPanel,
  profileSlot,
} from './profile.slots.js';
export { type RoleChangedInput, roleChangedSlot } from './roles.slots.js';
export { type UserApiField, userApiFieldSlot } from './user-api.slot.js';
export { ProfilePagination, ProfileTab, profileTabHref } from './views/profile-tabs.js';

/** What accounts adds to shared places: the members' directory in the navigation. */
export const accountsExtension: Extension = {
  module: 'accounts',
  contributions: [
    contribute(navSlot, {
      id: 'accounts.nav',
      order: 25,
      area: 'main',
      href: '/users',
      label: 'nav.users',
      current: ['/users'],
    }),
  ],
};

/** How the platform recognises a caller: session cookies and personal access tokens. */
export function accountsAuthenticator(ctx: ServiceContext): Authenticator {
  return {
    fromSessionCookie: (value) => resolveSession(ctx, value),
    fromBearerToken: (token) => resolveAccessToken(ctx, token),
  };
}

/** Registers the accounts pages and JSON API. */
export async function accountsModule(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  await app.register(accountsApi, { ctx });
  await app.register(accountsPages, { ctx });
  await app.register(directoryApi, { ctx });
  await app.register(directoryPages, { ctx });
}
