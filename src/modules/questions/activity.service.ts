import type { Page, ServiceContext } from '../../platform/context.js';
import {
  type ActivityCounts,
  type ActivityPost,
  countPostsByAuthor,
  findPostsByAuthor,
} from './activity.repository.js';

/** Posts per page on a profile's activity tab. */
export const ACTIVITY_PAGE_SIZE = 20;

/** How many questions and answers a member has written (what the activity tab's label counts). */
export function countMemberActivity(ctx: ServiceContext, memberId: number): Promise<ActivityCounts> {
  return countPostsByAuthor(ctx.db, memberId);
}

/** A page of a member's live questions and answers, newest first, with both counts. */
export async function listMemberActivity(
  ctx: ServiceContext,
  memberId: number,
  page: number,
): Promise<Page<ActivityPost> & { counts: ActivityCounts }> {
  const [counts, items] = await Promise.all([
    countPostsByAuthor(ctx.db, memberId),
    findPostsByAuthor(ctx.db, memberId, { page, pageSize: ACTIVITY_PAGE_SIZE }),
  ]);
  return { items, counts, total: counts.questions + counts.answers, page, pageSize: ACTIVITY_PAGE_SIZE };
}
