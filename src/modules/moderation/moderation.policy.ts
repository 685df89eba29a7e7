import type { Actor, Role } from '../../platform/http/auth.js';

/** Who may do what in moderation: pure, from the actor's and the member's roles. */

const RANK: Readonly<Record<Role, number>> = { user: 0, moderator: 1, admin: 2 };

/** Moderators and admins read the log and the members' moderation pages. */
export function canModerate(actor: Pick<Actor, 'role'> | null): boolean {
  return actor !== null && RANK[actor.role] >= RANK.moderator;
}

/**
 * Why `actor` may not suspend (or lift the suspension of) `member`, or undefined when they may:
 * staff act only on members of a lower role (a moderator on members, an admin on moderators
 * too), never on themselves.
 */
export function suspendRefusal(
  actor: Pick<Actor, 'role' | 'userId'>,
  member: { readonly id: number; readonly role: Role },
): 'moderation.forbidden' | 'moderation.suspend_self' | 'moderation.suspend_staff' | undefined {
  if (!canModerate(actor)) return 'moderation.forbidden';
  if (actor.userId === member.id) return 'moderation.suspend_self';
  if (RANK[member.role] >= RANK[actor.role]) return 'moderation.suspend_staff';
  return undefined;
}
