import type { ServiceContext } from '../../platform/context.js';
import { type Contribution, defineSlot, type Slot } from '../../platform/extensions/index.js';

/**
 * The extension point of the members' directory (`/users`): orders accounts cannot compute from
 * members alone. Accounts sorts by reputation and by joining date; "by tag" (the most answer
 * score in a tag) needs answers, which questions owns and which sits beside accounts with an
 * arrow into it (questions → accounts), so questions contributes it here. See the README.
 */

/** What a ranking is asked: one tag, optionally members whose names start so, one page. */
export interface MemberRankingInput {
  readonly ctx: ServiceContext;
  /** As the reader typed it: the ranking reads it (a tag it cannot read is its 422). */
  readonly tag: string;
  /**
   * Members whose `username_key` or `lower(display_name)` is `LIKE` this (a lower-case prefix,
   * `%`, `_` and `\` escaped, ending in `%`); none when absent.
   */
  readonly namePattern?: string | undefined;
  readonly limit: number;
  readonly offset: number;
}

/** A member as a ranking places them: what they scored, from how many posts. */
export interface RankedMember {
  readonly userId: number;
  readonly score: number;
  readonly posts: number;
}

/** A directory order by tag, contributed by the module that owns what it is computed from. */
export interface MemberRanking extends Contribution {
  readonly sort: 'tag';
  /** One page, best first, and how many members the ranking has in all. */
  rank(input: MemberRankingInput): Promise<{ items: RankedMember[]; total: number; tag: string }>;
}

/** The directory's orders contributed from above or beside accounts. */
export const memberRankingSlot: Slot<MemberRanking> = defineSlot('accounts.member-ranking');
