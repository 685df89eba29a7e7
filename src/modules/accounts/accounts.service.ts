import type { ClientInfo, ServiceContext } from '../../platform/context.js';
import { isUniqueViolation, violatedConstraint } from '../../platform/db/errors.js';
import type { UserRole } from '../../platform/db/schema.js';
import { runTransaction } from '../../platform/db/transaction.js';
import { type Actor, requireActor } from '../../platform/http/auth.js';
import {
  AppError,
  ConflictError,
  type FieldProblem,
  NotFoundError,
  ValidationError,
} from '../../platform/http/errors.js';
import { checkRateLimit, consumeRateLimit, reserveRateLimit } from '../../platform/http/rate-limit.js';
import {
  deleteAccessTokensOfUser,
  deleteSessionsOfUser,
  findCredentialsByLoginKey,
  findPasswordCheck,
  findUserById,
  findUserByUsernameKey,
  findUserIdByUsernameSkeleton,
  insertUser,
  type User,
  updateUserPasswordHash,
  updateUserProfile,
  updateUserRole,
} from './accounts.repository.js';
import {
  accountLimits,
  checkDisplayName,
  checkPassword,
  checkRegistration,
  checkTimeZoneSetting,
  confusableSkeleton,
  emailKey,
  normalizeDisplayName,
  usernameKey,
} from './accounts.rules.js';
import { hashPassword, verifyPassword } from './password.js';
import { roleChangedSlot } from './roles.slots.js';
import { type StartedSession, startSession } from './sessions.service.js';

const conflictByConstraint: Record<string, ConflictError> = {
  users_username_key_key: new ConflictError('user.username_taken', {
    fields: { username: { code: 'user.username_taken' } },
  }),
  users_email_key_key: new ConflictError('user.email_taken', {
    fields: { email: { code: 'user.email_taken' } },
  }),
  users_username_skeleton_key: new ConflictError('user.username_confusable', {
    fields: { username: { code: 'user.username_confusable' } },
  }),
};

const displayNameConfusable = new ConflictError('user.display_name_confusable', {
  fields: { displayName: { code: 'user.display_name_confusable' } },
});

/**
 * Creates an account and signs it in. Usernames are public, so a taken one is said plainly;
 * the password is hashed before anything is looked up, so taken and free names cost the same time.
 */
export async function registerUser(
  ctx: ServiceContext,
  input: { username: string; email: string; password: string; displayName?: string | undefined },
  client: ClientInfo,
): Promise<StartedSession> {
  const now = ctx.clock.now();
  await consumeRateLimit(ctx.rateLimits, `register:ip:${client.ip}`, ctx.config.rateLimit.registerPerIp, now);
  const checked = checkRegistration(input);
  if (!checked.ok) throw new ValidationError(checked.fields);
  const registration = checked.value;
  const skeleton = confusableSkeleton(registration.username);
  // A display name may not pass for another member's username either.
  const nameSkeleton = confusableSkeleton(registration.displayName);
  if (nameSkeleton !== skeleton && (await findUserIdByUsernameSkeleton(ctx.db, nameSkeleton)) !== undefined) {
    throw displayNameConfusable;
  }
  const passwordHash = await hashPassword(registration.password, ctx.config.passwordHashCost);
  try {
    return await runTransaction(ctx, async (trx) => {
      const user = await insertUser(trx, {
        username: registration.username,
        usernameKey: usernameKey(registration.username),
        usernameSkeleton: skeleton,
        email: registration.email,
        emailKey: emailKey(registration.email),
        displayName: registration.displayName,
        passwordHash,
        now,
      });
      return startSession(ctx, trx, user, client);
    });
  } catch (error) {
    // The unique indexes decide, so two sign-ups racing for one name cannot both win.
    if (isUniqueViolation(error)) {
      const conflict = conflictByConstraint[violatedConstraint(error) ?? ''];
      if (conflict) throw conflict;
    }
    throw error;
  }
}

/**
 * Signs in by username or e-mail. Every failure is the same `auth.invalid_credentials` after
 * the same amount of work, so neither message nor timing reveals whether an account exists.
 */
export async function logIn(
  ctx: ServiceContext,
  input: { login: string; password: string },
  client: ClientInfo,
): Promise<StartedSession> {
  const now = ctx.clock.now();
  const login = input.login.trim();
  const fields: Record<
    string,
    { code: 'validation.required' | 'validation.too_long'; params?: { max: number } }
  > = {};
  if (login.length === 0) fields.login = { code: 'validation.required' };
  else if ([...login].length > accountLimits.login.max) {
    fields.login = { code: 'validation.too_long', params: { max: accountLimits.login.max } };
  }
  if (input.password.length === 0) fields.password = { code: 'validation.required' };
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);

  const account = usernameKey(login);
  const limits = ctx.config.rateLimit;
  // Each attempt is counted before the password is checked (parallel guesses cannot slip past),
  // and taken back when the password is right: only failures count.
  const fromIp = await reserveRateLimit(ctx.rateLimits, `login:ip:${client.ip}`, limits.loginPerIp, now);
  const fromClient = await reserveRateLimit(
    ctx.rateLimits,
    `login:account:${account}:ip:${client.ip}`,
    limits.loginPerAccount,
    now,
  );
  const accountKey = `login:account:${account}`;
  // Under distributed guessing, only clients that have not failed on this account may still try.
  if (fromClient.hits > 1) await checkRateLimit(ctx.rateLimits, accountKey, limits.loginPerAccountTotal, now);

  const credentials = await findCredentialsByLoginKey(ctx.db, account, emailKey(login));
  const passwordOk = await verifyPassword(
    credentials?.passwordHash,
    input.password,
    ctx.config.passwordHashCost,
  );
  if (!credentials || !passwordOk) {
    await ctx.rateLimits.hit(accountKey, limits.loginPerAccountTotal.windowSeconds, now);
    throw new AppError(401, 'auth.invalid_credentials');
  }
  await Promise.all([fromIp.release(), fromClient.release()]);
  return runTransaction(ctx, (trx) => startSession(ctx, trx, credentials.user, client));
}

/** Public view of a member: what anyone may see. */
export interface PublicUser {
  id: number;
  username: string;
  displayName: string;
  reputation: number;
  roles: UserRole[];
  createdAt: Date;
}

/** What anyone may see of a member (a whole `User`, or a row with these columns: the directory's). */
export function toPublicUser(
  user: Pick<User, 'id' | 'username' | 'displayName' | 'reputation' | 'role' | 'createdAt'>,
): PublicUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    reputation: user.reputation,
    roles: [user.role],
    createdAt: user.createdAt,
  };
}

export async function getUser(ctx: ServiceContext, id: number): Promise<User> {
  const user = await findUserById(ctx.db, id);
  if (!user) throw new NotFoundError('user.not_found');
  return user;
}

/** The signed-in member's own account (includes their e-mail). */
export async function getMe(ctx: ServiceContext, actor: Actor | null): Promise<User> {
  const me = requireActor(actor);
  const user = await findUserById(ctx.db, me.userId);
  if (!user) throw new NotFoundError('user.not_found');
  return user;
}

/**
 * Changes what is given of the member's display name and time zone (null or empty: follow the
 * browser). An unknown zone is `user.time_zone_unknown`; nothing is written unless all is right.
 */
export async function updateProfile(
  ctx: ServiceContext,
  actor: Actor | null,
  input: { displayName?: string | undefined; timeZone?: string | null | undefined },
): Promise<User> {
  const me = requireActor(actor);
  const fields: Record<string, FieldProblem> = {};
  const nameProblem = input.displayName === undefined ? undefined : checkDisplayName(input.displayName);
  if (nameProblem) fields.displayName = nameProblem;
  const zone = input.timeZone === undefined ? undefined : checkTimeZoneSetting(input.timeZone);
  if (zone && !zone.ok) Object.assign(fields, zone.fields);
  if (Object.keys(fields).length > 0) {
    throw new ValidationError(fields, nameProblem ? 'request.invalid' : 'user.time_zone_unknown');
  }
  const displayName = input.displayName === undefined ? undefined : normalizeDisplayName(input.displayName);
  if (
    displayName !== undefined &&
    (await findUserIdByUsernameSkeleton(ctx.db, confusableSkeleton(displayName), me.userId)) !== undefined
  ) {
    throw displayNameConfusable;
  }
  return updateUserProfile(
    ctx.db,
    me.userId,
    { displayName, timeZone: zone?.ok ? zone.value : undefined },
    ctx.clock.now(),
  );
}

/**
 * Changes the password after checking the current one, ends every other session of the member
 * server-side (the session making the change stays signed in) and revokes every access token.
 */
export async function changePassword(
  ctx: ServiceContext,
  actor: Actor | null,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const me = requireActor(actor);
  // One read: the stored hash, and what the new password may not be built from.
  const person = await findPasswordCheck(ctx.db, me.userId);
  const problem = checkPassword(input.newPassword, {
    username: me.username,
    ...(person ? { email: person.email, displayName: person.displayName } : {}),
  });
  if (problem) throw new ValidationError({ newPassword: problem });
  const now = ctx.clock.now();
  // Guesses at the current password are limited per member; a right one is not counted.
  const attempt = await reserveRateLimit(
    ctx.rateLimits,
    `password:user:${me.userId}`,
    ctx.config.rateLimit.loginPerAccount,
    now,
  );
  if (!(await verifyPassword(person?.passwordHash, input.currentPassword, ctx.config.passwordHashCost))) {
    throw new ValidationError({ currentPassword: { code: 'auth.wrong_password' } }, 'auth.wrong_password');
  }
  await attempt.release();
  const passwordHash = await hashPassword(input.newPassword, ctx.config.passwordHashCost);
  await runTransaction(ctx, async (trx) => {
    await updateUserPasswordHash(trx, me.userId, passwordHash, now);
    await deleteSessionsOfUser(trx, me.userId, me.via === 'session' ? me.sessionIdHash : undefined);
    // A token made while someone else knew the password must not outlive it.
    await deleteAccessTokensOfUser(trx, me.userId);
  });
}

/**
 * Gives a member a role (used by the `user:role` command; no actor: whoever runs it owns the server),
 * running the `accounts.role-changed` hooks in the same transaction (moderation logs it).
 */
export async function setUserRole(ctx: ServiceContext, username: string, role: UserRole): Promise<User> {
  const user = await findUserByUsernameKey(ctx.db, usernameKey(username));
  if (!user) throw new NotFoundError('user.not_found');
  if (user.role === role) return user;
  await runTransaction(ctx, async (trx) => {
    const now = ctx.clock.now();
    await updateUserRole(trx, user.id, role, now);
    await ctx.extensions.run(roleChangedSlot, {
      trx,
      userId: user.id,
      from: user.role,
      to: role,
      actorId: null,
      now,
    });
  });
  return { ...user, role };
}
