import { type Expression, type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { DB, TokenRow, UserRole, UserRow } from '../../platform/db/schema.js';
import type { TokenScope } from '../../platform/http/auth.js';

/** A database handle or an open transaction: every function here works inside either. */
export type Db = Kysely<DB>;

export interface User {
  id: number;
  username: string;
  displayName: string;
  email: string;
  role: UserRole;
  reputation: number;
  /** The zone chosen for pages (IANA name), or null: the browser's, then the language's default. */
  timeZone: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface Credentials {
  user: User;
  passwordHash: string;
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    role: row.role,
    reputation: row.reputation,
    timeZone: row.time_zone,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findUserById(db: Db, id: number): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toUser(row);
}

export async function findUserByUsernameKey(db: Db, key: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('username_key', '=', key).executeTakeFirst();
  return row && toUser(row);
}

/** The member whose username has this confusable skeleton, other than `exceptId`. */
export async function findUserIdByUsernameSkeleton(
  db: Db,
  skeleton: string,
  exceptId?: number,
): Promise<number | undefined> {
  let query = db.selectFrom('users').select('id').where('username_skeleton', '=', skeleton);
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
  const row = await query.executeTakeFirst();
  return row?.id;
}

/** The account whose username or e-mail matches, with its password hash (for login only). */
export async function findCredentialsByLoginKey(
  db: Db,
  usernameKey: string,
  emailKey: string,
): Promise<Credentials | undefined> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb.or([eb('username_key', '=', usernameKey), eb('email_key', '=', emailKey)]))
    .orderBy('id')
    .executeTakeFirst();
  return row && { user: toUser(row), passwordHash: row.password_hash };
}

/** What a password change checks a member against: the stored hash, and the e-mail and name a new password may not be built from. */
export async function findPasswordCheck(
  db: Db,
  userId: number,
): Promise<{ passwordHash: string; email: string; displayName: string } | undefined> {
  const row = await db
    .selectFrom('users')
    .select(['password_hash', 'email', 'display_name'])
    .where('id', '=', userId)
    .executeTakeFirst();
  return row && { passwordHash: row.password_hash, email: row.email, displayName: row.display_name };
}

export async function insertUser(
  db: Db,
  user: {
    username: string;
    usernameKey: string;
    usernameSkeleton: string;
    email: string;
    emailKey: string;
    displayName: string;
    passwordHash: string;
    now: Date;
  },
): Promise<User> {
  const row = await db
    .insertInto('users')
    .values({
      username: user.username,
      username_key: user.usernameKey,
      username_skeleton: user.usernameSkeleton,
      email: user.email,
      email_key: user.emailKey,
      display_name: user.displayName,
      password_hash: user.passwordHash,
      created_at: user.now,
      updated_at: user.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toUser(row);
}

/** Sets what is given of the member's display name and time zone (null clears the zone). */
export async function updateUserProfile(
  db: Db,
  id: number,
  changes: { displayName?: string | undefined; timeZone?: string | null | undefined },
  now: Date,
): Promise<User> {
  const row = await db
    .updateTable('users')
    .set({
      ...(changes.displayName !== undefined ? { display_name: changes.displayName } : {}),
      ...(changes.timeZone !== undefined ? { time_zone: changes.timeZone } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toUser(row);
}

export async function updateUserPasswordHash(
  db: Db,
  id: number,
  passwordHash: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function updateUserRole(db: Db, id: number, role: UserRole, now: Date): Promise<void> {
  await db.updateTable('users').set({ role, updated_at: now }).where('id', '=', id).execute();
}

export interface SessionWithUser {
  idHash: string;
  csrfToken: string;
  lastSeenAt: Date;
  expiresAt: Date;
  user: User;
  /** What the lookup's `reads` found, in their order. */
  reads: unknown[];
}

export async function insertSession(
  db: Db,
  session: {
    idHash: string;
    userId: number;
    csrfToken: string;
    now: Date;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id_hash: session.idHash,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      created_at: session.now,
      last_seen_at: session.now,
      expires_at: session.expiresAt,
      ip: session.ip,
      user_agent: session.userAgent,
    })
    .execute();
}

/** Values read about the member in the same query as their row (`ActorFacet.read`, actor.slots.ts). */
export type UserReads = readonly ((eb: ExpressionBuilder<DB, 'users'>) => Expression<unknown>)[];

/** The `select` of `reads`, each as `read_<i>`. */
function selectReads(reads: UserReads) {
  return (eb: ExpressionBuilder<DB, 'users'>) => reads.map((read, i) => sql`${read(eb)}`.as(`read_${i}`));
}

/** What `selectReads` found, in the order of `reads`. */
function readsOf(row: object, reads: UserReads): unknown[] {
  return reads.map((_, i) => (row as Record<string, unknown>)[`read_${i}`]);
}

/** The session with its member and what `reads` found about them, in one query. */
export async function findSessionWithUser(
  db: Db,
  idHash: string,
  reads: UserReads = [],
): Promise<SessionWithUser | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select(['sessions.id_hash', 'sessions.csrf_token', 'sessions.last_seen_at', 'sessions.expires_at'])
    .select(selectReads(reads))
    .where('sessions.id_hash', '=', idHash)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    idHash: row.id_hash,
    csrfToken: row.csrf_token,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    user: toUser(row),
    reads: readsOf(row, reads),
  };
}

export async function updateSessionLastSeen(db: Db, idHash: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Ends every session of a member, optionally keeping one (the one changing the password). */
export async function deleteSessionsOfUser(db: Db, userId: number, keepIdHash?: string): Promise<number> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepIdHash) query = query.where('id_hash', '!=', keepIdHash);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteSessionsExpiredBefore(db: Db, cutoff: Date): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', cutoff).execute();
}

export interface AccessToken {
  id: number;
  name: string;
  scopes: TokenScope[];
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}

const tokenColumns = ['id', 'name', 'scopes', 'created_at', 'expires_at', 'last_used_at'] as const;

function toAccessToken(row: Pick<TokenRow, (typeof tokenColumns)[number]>): AccessToken {
  return {
    id: row.id,
    name: row.name,
    // The table's check constraint admits only known scopes.
    scopes: row.scopes as TokenScope[],
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
  };
}

export async function insertAccessToken(
  db: Db,
  token: {
    userId: number;
    name: string;
    tokenHash: string;
    scopes: readonly TokenScope[];
    expiresAt: Date | null;
    now: Date;
  },
): Promise<AccessToken> {
  const row = await db
    .insertInto('personal_access_tokens')
    .values({
      user_id: token.userId,
      name: token.name,
      token_hash: token.tokenHash,
      scopes: [...token.scopes],
      expires_at: token.expiresAt,
      created_at: token.now,
    })
    .returning(tokenColumns)
    .executeTakeFirstOrThrow();
  return toAccessToken(row);
}

export async function findAccessTokensOfUser(
  db: Db,
  userId: number,
  page: { limit: number; offset: number },
): Promise<AccessToken[]> {
  const rows = await db
    .selectFrom('personal_access_tokens')
    .select(tokenColumns)
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map(toAccessToken);
}

export async function countAccessTokensOfUser(db: Db, userId: number): Promise<number> {
  const row = await db
    .selectFrom('personal_access_tokens')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The token with its member and what `reads` found about them, in one query. */
export async function findAccessTokenWithUser(
  db: Db,
  tokenHash: string,
  reads: UserReads = [],
): Promise<{ token: AccessToken; user: User; reads: unknown[] } | undefined> {
  const row = await db
    .selectFrom('personal_access_tokens')
    .innerJoin('users', 'users.id', 'personal_access_tokens.user_id')
    .selectAll('users')
    .select([
      'personal_access_tokens.id as token_id',
      'personal_access_tokens.name as token_name',
      'personal_access_tokens.scopes',
      'personal_access_tokens.created_at as token_created_at',
      'personal_access_tokens.expires_at',
      'personal_access_tokens.last_used_at',
    ])
    .select(selectReads(reads))
    .where('personal_access_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    token: toAccessToken({
      id: row.token_id,
      name: row.token_name,
      scopes: row.scopes,
      created_at: row.token_created_at,
      expires_at: row.expires_at,
      last_used_at: row.last_used_at,
    }),
    user: toUser(row),
    reads: readsOf(row, reads),
  };
}

export async function updateAccessTokenLastUsed(db: Db, id: number, now: Date): Promise<void> {
  await db.updateTable('personal_access_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

/** Revokes every token of a member (their password changed). */
export async function deleteAccessTokensOfUser(db: Db, userId: number): Promise<number> {
  const result = await db
    .deleteFrom('personal_access_tokens')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes one of the member's tokens; 0 when it is not theirs or does not exist. */
export async function deleteAccessToken(db: Db, userId: number, id: number): Promise<number> {
  const result = await db
    .deleteFrom('personal_access_tokens')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
