import type { Expression, ExpressionBuilder } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { type Contribution, defineSlot } from '../../platform/extensions/index.js';
import type { Actor } from '../../platform/http/auth.js';

/**
 * The extension point of recognising a caller: what a module above accounts adds to every actor
 * (moderation: the suspension in force), read in the very query that finds the session or token,
 * so a request costs one lookup however many modules add to it. Read on every request at the
 * clock's now, so a change applies at the caller's next request. See docs/decisions/0010.
 */
export interface ActorFacet extends Contribution {
  /** One value about the member whose `users` row the lookup found, at `now`: a scalar subquery; null for nothing. */
  read(eb: ExpressionBuilder<DB, 'users'>, now: Date): Expression<unknown>;
  /** The actor with what `read` found (never called with null). */
  apply(actor: Actor, value: unknown): Actor;
}

export const actorFacetSlot = defineSlot<ActorFacet>('accounts.actor');
