import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table interfaces, one per table, mirroring migrations/. Each module's repository derives its
 * row types from here; snake_case never leaves a repository.
 */

type CreatedAt = ColumnType<Date, Date | undefined, never>;

export type UserRole = 'user' | 'moderator' | 'admin';

export interface UsersTable {
  id: Generated<number>;
  username: string;
  /** NFKC + lower case: what uniqueness is checked on. */
  username_key: string;
  email: string;
  email_key: string;
  display_name: string;
  password_hash: string;
  role: ColumnType<UserRole, UserRole | undefined, UserRole>;
  reputation: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value: a stolen database does not yield live cookies. */
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: CreatedAt;
  last_seen_at: Date;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
}

export interface PersonalAccessTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: CreatedAt;
  last_used_at: Date | null;
}

export interface RateLimitCountersTable {
  key: string;
  window_start: Date;
  hits: number;
  expires_at: Date;
}

export interface DB {
  users: UsersTable;
  sessions: SessionsTable;
  personal_access_tokens: PersonalAccessTokensTable;
  rate_limit_counters: RateLimitCountersTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type TokenRow = Selectable<PersonalAccessTokensTable>;
