import type { Kysely, Transaction } from 'kysely';
import type { ServiceContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { Actor } from '../../platform/http/auth.js';
import { AppError, NotFoundError } from '../../platform/http/errors.js';
import {
  hasPrivilege,
  lackOf,
  PRIVILEGES,
  type Privilege,
  type PrivilegeHolder,
  type PrivilegeLack,
  type PrivilegeTable,
  privilegesHeld,
  privilegeTable,
} from './privileges.js';
import { findReputation } from './reputation.repository.js';

/** Tables built once per configuration (a page or a vote asks for it every time). */
const tables = new WeakMap<ServiceContext['config'], PrivilegeTable>();

/** The thresholds in force: the configured overrides and new site factor over Stack Overflow's. */
export function privilegesInForce(ctx: Pick<ServiceContext, 'config'>): PrivilegeTable {
  let table = tables.get(ctx.config);
  if (!table) {
    table = privilegeTable(ctx.config.reputation.privileges, ctx.config.reputation.newSiteFactor);
    tables.set(ctx.config, table);
  }
  return table;
}

/** The thresholds in force as a list, lowest first (`GET /api/v1/privileges`). */
export function listPrivileges(
  ctx: Pick<ServiceContext, 'config'>,
): Array<{ name: Privilege; reputation: number }> {
  const table = privilegesInForce(ctx);
  return PRIVILEGES.map((name) => ({ name, reputation: table[name] }));
}

/** 403 `privilege.required` with `{privilege, required, current}`. */
export function privilegeRequired(lack: PrivilegeLack): AppError {
  return new AppError(403, 'privilege.required', {
    params: { privilege: lack.privilege, required: lack.required, current: lack.current },
  });
}

/** Throws `privilege.required` unless the member (whose reputation the caller read) has the privilege. */
export function checkPrivilege(ctx: ServiceContext, member: PrivilegeHolder, privilege: Privilege): void {
  const lack = lackOf(privilegesInForce(ctx), member, privilege);
  if (lack) throw privilegeRequired(lack);
}

/**
 * Inside a use case's transaction: reads the actor's reputation and throws `privilege.required`
 * unless they have the privilege. Moderators and administrators always have it.
 */
export async function requirePrivilege(
  ctx: ServiceContext,
  trx: Transaction<DB>,
  actor: Actor,
  privilege: Privilege,
): Promise<void> {
  if (actor.role !== 'user') return;
  const reputation = await findReputation(trx, actor.userId);
  if (reputation === undefined) throw new NotFoundError('user.not_found');
  checkPrivilege(ctx, { role: actor.role, reputation }, privilege);
}

/** What a page needs to show or explain an action: the viewer's lack of each privilege. */
export interface ViewerPrivileges {
  readonly reputation: number;
  has(privilege: Privilege): boolean;
  /** What the viewer lacks for it, or null when they have it. */
  lack(privilege: Privilege): PrivilegeLack | null;
}

/** The signed-in viewer's privileges for a page (null for a visitor). */
export async function viewerPrivileges(
  ctx: Pick<ServiceContext, 'config'> & { db: Kysely<DB> },
  actor: Actor | null,
): Promise<ViewerPrivileges | null> {
  if (!actor) return null;
  const member = { role: actor.role, reputation: (await findReputation(ctx.db, actor.userId)) ?? 0 };
  const table = privilegesInForce(ctx);
  return {
    reputation: member.reputation,
    has: (privilege) => hasPrivilege(table, member, privilege),
    lack: (privilege) => lackOf(table, member, privilege),
  };
}

/** The privileges a member holds (their own profile over the API). */
export function privilegesOfMember(
  ctx: Pick<ServiceContext, 'config'>,
  member: PrivilegeHolder,
): Privilege[] {
  return privilegesHeld(privilegesInForce(ctx), member);
}
