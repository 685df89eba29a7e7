/**
 * Privileges as pure rules: the reputation each one needs (Stack Overflow's thresholds unless
 * configured), lowered at once by a new site's factor, and one policy that says whether a member
 * has a privilege or what they lack. Moderators and administrators have every privilege.
 */

/** Every privilege, in the order of the reputation it needs by default. */
export const PRIVILEGES = [
  'upvote',
  'flag',
  'comment_everywhere',
  'offer_bounty',
  'downvote',
  'review_queues',
  'see_vote_counts',
  'create_tags',
  'edit_freely',
  'close_reopen',
  'moderator_tools',
  'protect_questions',
] as const;
export type Privilege = (typeof PRIVILEGES)[number];

/** Stack Overflow's thresholds (its help centre, "Privileges"); SegmentFault's are close. */
export const DEFAULT_THRESHOLDS: Readonly<Record<Privilege, number>> = {
  upvote: 15,
  flag: 15,
  comment_everywhere: 50,
  offer_bounty: 75,
  downvote: 125,
  review_queues: 500,
  see_vote_counts: 1000,
  create_tags: 1500,
  edit_freely: 2000,
  close_reopen: 3000,
  moderator_tools: 10_000,
  protect_questions: 15_000,
};

/** The reputation each privilege needs, as in force. */
export type PrivilegeTable = Readonly<Record<Privilege, number>>;

export function isPrivilege(name: string): name is Privilege {
  return (PRIVILEGES as readonly string[]).includes(name);
}

/**
 * The thresholds in force: the defaults times `newSiteFactor` (a beta site's lower bar: 0.1 makes
 * 1,500 into 150; never below 1), then `overrides` as written (the configured
 * REPUTATION_PRIVILEGES; a name that is no privilege is refused).
 */
export function privilegeTable(
  overrides: Readonly<Record<string, number>> = {},
  newSiteFactor = 1,
): PrivilegeTable {
  if (!(newSiteFactor > 0 && newSiteFactor <= 1))
    throw new Error(`the new site factor must be above 0 and at most 1, got ${newSiteFactor}`);
  for (const name of Object.keys(overrides)) {
    if (!isPrivilege(name)) throw new Error(`REPUTATION_PRIVILEGES names no privilege "${name}"`);
  }
  const table = {} as Record<Privilege, number>;
  for (const name of PRIVILEGES) {
    table[name] = overrides[name] ?? Math.max(1, Math.ceil(DEFAULT_THRESHOLDS[name] * newSiteFactor));
  }
  return table;
}

/** What the policy needs to know about a member. */
export interface PrivilegeHolder {
  readonly role: 'user' | 'moderator' | 'admin';
  readonly reputation: number;
}

/** Why a member may not: the privilege, the reputation it needs and theirs. */
export interface PrivilegeLack {
  readonly privilege: Privilege;
  readonly required: number;
  readonly current: number;
}

/** Moderators and administrators have every privilege; members once their reputation reaches it. */
export function hasPrivilege(table: PrivilegeTable, member: PrivilegeHolder, privilege: Privilege): boolean {
  return lackOf(table, member, privilege) === null;
}

/** What a member lacks for a privilege, or null when they have it. */
export function lackOf(
  table: PrivilegeTable,
  member: PrivilegeHolder,
  privilege: Privilege,
): PrivilegeLack | null {
  if (member.role === 'moderator' || member.role === 'admin') return null;
  const required = table[privilege];
  return member.reputation >= required ? null : { privilege, required, current: member.reputation };
}

/** The privileges a member has, in table order. */
export function privilegesHeld(table: PrivilegeTable, member: PrivilegeHolder): Privilege[] {
  return PRIVILEGES.filter((name) => hasPrivilege(table, member, name));
}
