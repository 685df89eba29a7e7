import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../platform/context.js';
import type { Authenticator } from '../../platform/http/auth.js';
import { accountsApi } from './accounts.api.js';
import { accountsPages } from './accounts.pages.js';
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
export {
  type ProfileInput,
  type ProfileMember,
  type ProfileRegions,
  type ProfileTabPanel,
  profileSlot,
} from './profile.slots.js';
export { type RoleChangedInput, roleChangedSlot } from './roles.slots.js';
export { ProfilePagination, ProfileTab, profileTabHref } from './views/profile-tabs.js';

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
}
