import type { Page, ServiceContext } from '../../platform/context.js';
import { runTransaction } from '../../platform/db/transaction.js';
import { type Actor, requireActor } from '../../platform/http/auth.js';
import { NotFoundError, ValidationError } from '../../platform/http/errors.js';
import { normalizeTag } from '../tags/index.js';
import {
  checkExpertProfile,
  type ExpertProfileInput,
  type RatingSummary,
  ratingSummary,
} from './expert.rules.js';
import {
  countRatingsByStars,
  type ExpertListing,
  type ExpertProfile,
  findExpertListing,
  findExpertProfile,
  listExperts as listExpertRows,
  listPaidQuestions,
  listReviews,
  lockExpertProfile,
  type PaidQuestion,
  type Rating,
  upsertExpertProfile,
} from './experts.repository.js';
import { withoutAnswer } from './paid-questions.service.js';

/** An expert in the directory: the profile, the rating average and count, answers given. */
export interface ExpertSummary extends ExpertProfile {
  readonly rating: { count: number; average: number | null };
  readonly answeredCount: number;
}

/** What an expert's profile page shows. */
export interface ExpertPage {
  readonly expert: ExpertProfile;
  readonly rating: RatingSummary;
  readonly reviews: Rating[];
  /** Their public answered questions (answers locked unless unlocked), newest first. */
  readonly answered: PaidQuestion[];
}

/**
 * Opts the member in as an expert, or changes their profile: bio, 1–5 tags, price within the
 * configured bounds, answer deadline 1–168 hours, accepting or paused. Paid questions already
 * asked keep the price and deadline they were asked with. 422 naming each bad field.
 */
export async function setExpertProfile(
  ctx: ServiceContext,
  actor: Actor | null,
  input: ExpertProfileInput,
): Promise<ExpertProfile> {
  const member = requireActor(actor);
  const checked = checkExpertProfile(input ?? {}, ctx.config.experts);
  if (!checked.ok) throw new ValidationError(checked.fields);
  const now = ctx.clock.now();
  return runTransaction(ctx, async (trx) => {
    // An ask in flight reads the price under this lock: it sees the old price or the new, never half.
    await lockExpertProfile(trx, member.userId);
    await upsertExpertProfile(trx, { userId: member.userId, ...checked.values, now });
    const saved = await findExpertProfile(trx, member.userId);
    if (!saved) throw new Error('expert profile vanished after upsert');
    return saved;
  });
}

/** The member's own expert profile, if they opted in. */
export async function getMyExpertProfile(
  ctx: ServiceContext,
  actor: Actor | null,
): Promise<ExpertProfile | undefined> {
  const member = requireActor(actor);
  return findExpertProfile(ctx.db, member.userId);
}

/** The directory: experts, optionally those with `tag`, with price and rating. */
export async function listExperts(
  ctx: ServiceContext,
  query: { tag?: string | undefined; page?: number | undefined; pageSize?: number | undefined },
): Promise<Page<ExpertSummary> & { tag: string | undefined }> {
  const page = Math.max(1, Math.trunc(query.page ?? 1));
  const pageSize = Math.min(100, Math.max(1, Math.trunc(query.pageSize ?? 20)));
  const tag = query.tag?.trim() ? normalizeTag(query.tag) : undefined;
  if (query.tag?.trim() && !tag) return { items: [], total: 0, page, pageSize, tag: query.tag.trim() };
  const { items, total } = await listExpertRows(ctx.db, { tag, page, pageSize });
  return { items: items.map(summaryOf), total, page, pageSize, tag };
}

function summaryOf(listing: ExpertListing): ExpertSummary {
  const { ratingCount, ratingTotal, answeredCount, ...profile } = listing;
  const average = ratingCount === 0 ? null : Math.round((ratingTotal * 10) / ratingCount) / 10;
  return { ...profile, rating: { count: ratingCount, average }, answeredCount };
}

/** A member's expert summary (profile, rating, paid questions answered), or undefined when they are not an expert. */
export async function findExpertSummary(
  ctx: ServiceContext,
  userId: number,
): Promise<ExpertSummary | undefined> {
  const listing = await findExpertListing(ctx.db, userId);
  return listing && summaryOf(listing);
}

/** An expert's profile page: 404 expert.not_found for a member who is not an expert. */
export async function getExpertPage(ctx: ServiceContext, userId: number): Promise<ExpertPage> {
  const expert = Number.isSafeInteger(userId) ? await findExpertProfile(ctx.db, userId) : undefined;
  if (!expert) throw new NotFoundError('expert.not_found');
  const [counts, reviews, answered] = await Promise.all([
    countRatingsByStars(ctx.db, userId),
    listReviews(ctx.db, userId, 10),
    listPaidQuestions(ctx.db, {
      expertId: userId,
      states: ['answered'],
      visibility: 'public',
      page: 1,
      pageSize: 50,
    }),
  ]);
  // Answers stay locked here: each is read on its own page, by those who may.
  return { expert, rating: ratingSummary(counts), reviews, answered: answered.items.map(withoutAnswer) };
}
