import type { Transaction } from 'kysely';
import type { DB, UserRole } from '../../platform/db/schema.js';
import { defineSlot, type Hook } from '../../platform/extensions/index.js';

/** A member's role changed, inside the transaction that changed it (moderation logs it). */
export interface RoleChangedInput {
  readonly trx: Transaction<DB>;
  readonly userId: number;
  readonly from: UserRole;
  readonly to: UserRole;
  /** Who changed it; null for the server's operator (`npm run user:role`). */
  readonly actorId: number | null;
  readonly now: Date;
}

/** Runs in every role change (`setUserRole`): an error rolls the change back. */
export const roleChangedSlot = defineSlot<Hook<RoleChangedInput>>('accounts.role-changed');
