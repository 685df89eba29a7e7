import type { Page, ServiceContext } from '../../platform/context.js';
import type { Actor } from '../../platform/http/auth.js';
import { NotFoundError } from '../../platform/http/errors.js';
import { type Money, money } from '../../platform/money.js';
import { getMemberBalances } from '../ledger/index.js';
import { lackOf, type PrivilegeLack, privilegesInForce } from '../reputation/index.js';
import {
  type Bounty,
  countOpenBounties,
  type FeaturedBounty,
  type FeaturedSort,
  findBountiesByQuestion,
  findBountyById,
  findDisplayName,
  findMemberReputation,
  findOpenBountiesByQuestions,
  findQuestionFacts,
  listAnswerFacts,
  listOpenBounties,
  type QuestionFacts,
} from './bounties.repository.js';
import { checkBountyOffer } from './bounty.rules.js';
import { type BountyAnswer, type BountyPhase, bountyPhase, decideAward } from './bounty.states.js';
import {
  countBountiesOfMember,
  findBountiesOfMember,
  type MemberBounty,
  type MemberBountyCounts,
} from './member-bounties.repository.js';

/** Read-side use cases of bounties: one bounty, the featured list, what question pages and profiles show. */

/** A bounty with its question's title and slug (for links). */
export interface BountyDetails {
  readonly bounty: Bounty;
  readonly question: Pick<QuestionFacts, 'id' | 'title' | 'slug' | 'deleted'>;
}

/** One bounty, open or settled; 404 bounty.not_found (also for a bounty on a deleted question). */
export async function getBounty(ctx: ServiceContext, bountyId: number): Promise<BountyDetails> {
  const bounty = Number.isSafeInteger(bountyId) ? await findBountyById(ctx.db, bountyId) : undefined;
  const question = bounty && (await findQuestionFacts(ctx.db, bounty.questionId));
  if (!bounty || !question || question.deleted) throw new NotFoundError('bounty.not_found');
  return { bounty, question };
}

/** The featured list: open bounties, largest first (`amount`) or ending first (`ending`). */
export async function listFeaturedBounties(
  ctx: ServiceContext,
  query: { sort: FeaturedSort; page: number; pageSize: number },
): Promise<Page<FeaturedBounty>> {
  const { items, total } = await listOpenBounties(ctx.db, query);
  return { items, total, page: query.page, pageSize: query.pageSize };
}

/** The open bounty of each listed question that has one, by question id: one query for a page. */
export async function openBountiesByQuestion(
  ctx: ServiceContext,
  questionIds: readonly number[],
): Promise<ReadonlyMap<number, Bounty>> {
  const bounties = await findOpenBountiesByQuestions(ctx.db, questionIds);
  return new Map(bounties.map((bounty) => [bounty.questionId, bounty]));
}

/** What the question page shows about bounties, for this viewer. */
export interface BountyPanel {
  readonly questionId: number;
  /** The open bounty, else the latest settled one, else null. */
  readonly bounty: Bounty | null;
  /** The display name of the bounty's offerer. */
  readonly offererName: string | null;
  /** Where an open bounty is in its time (null once settled). */
  readonly phase: BountyPhase | null;
  /** The viewer may offer one now (amount aside), with the currencies their wallet holds. */
  readonly canOffer: boolean;
  /** What the viewer lacks of the `offer_bounty` privilege, when that alone stops them. */
  readonly offerLack: PrivilegeLack | null;
  readonly balances: readonly Money[];
  readonly bounds: { readonly minMinor: number; readonly maxMinor: number };
  /** Answers the viewer may award the open bounty to (they are its offerer, and it is not due). */
  readonly awardable: ReadonlySet<number>;
}

/** What the caller has already read, so the panel does not read it again. */
export interface LoadedForPanel {
  readonly question?: { readonly createdAt: Date; readonly deleted: boolean } | undefined;
  /** The answers to judge for the award button (a question page's page of them); else all of the question's. */
  readonly answers?: readonly BountyAnswer[] | undefined;
}

/** The bounty panel of a question page: the bounty, and what the viewer may do about it. */
export async function bountyPanel(
  ctx: ServiceContext,
  actor: Actor | null,
  questionId: number,
  loaded: LoadedForPanel = {},
): Promise<BountyPanel> {
  const now = ctx.clock.now();
  const [latest] = await findBountiesByQuestion(ctx.db, questionId, 1);
  const bounty = latest ?? null;
  const open = bounty?.state === 'open' ? bounty : null;
  const bounds = { minMinor: ctx.config.bounties.minMinor, maxMinor: ctx.config.bounties.maxMinor };
  let canOffer = false;
  let offerLack: PrivilegeLack | null = null;
  let balances: Money[] = [];
  const awardable = new Set<number>();
  if (actor) {
    if (open?.offererId === actor.userId) {
      for (const answer of loaded.answers ?? (await listAnswerFacts(ctx.db, questionId))) {
        if (answer.authorId !== null && decideAward(open, actor.userId, answer, now).ok)
          awardable.add(answer.id);
      }
    } else if (!open) {
      const [reputation, question] = await Promise.all([
        findMemberReputation(ctx.db, actor.userId),
        loaded.question ?? findQuestionFacts(ctx.db, questionId),
      ]);
      if (reputation !== undefined && question) {
        const refusal = checkBountyOffer(
          {
            question: { createdAt: question.createdAt, deleted: question.deleted, closed: false },
            activeOnQuestion: 0,
            activeByMember: await countOpenBounties(ctx.db, { offererId: actor.userId }),
            amount: money(bounds.minMinor, 'CNY'),
            now,
          },
          ctx.config.bounties,
        );
        const lack = lackOf(privilegesInForce(ctx), { role: actor.role, reputation }, 'offer_bounty');
        if (refusal === null && lack) offerLack = lack;
        canOffer = refusal === null && lack === null;
        if (canOffer) balances = (await getMemberBalances(ctx.db, actor.userId)).balances;
      }
    }
  }
  return {
    questionId,
    bounty,
    offererName: bounty ? ((await findDisplayName(ctx.db, bounty.offererId)) ?? null) : null,
    phase: open ? bountyPhase(open, now) : null,
    canOffer,
    offerLack,
    balances: balances.filter((balance) => balance.amountMinor > 0),
    bounds,
    awardable,
  };
}

/** The offer page: the question (404 when gone) and the viewer's panel (balances, bounds). */
export async function offerFormFor(
  ctx: ServiceContext,
  actor: Actor | null,
  questionId: number,
): Promise<{ question: Pick<QuestionFacts, 'id' | 'title' | 'slug'>; panel: BountyPanel }> {
  const question = Number.isSafeInteger(questionId) ? await findQuestionFacts(ctx.db, questionId) : undefined;
  if (!question || question.deleted) throw new NotFoundError('question.not_found');
  const panel = await bountyPanel(ctx, actor, questionId, { question });
  // The form is shown again after any refusal, so the wallet is read whatever the panel decided.
  const balances = actor ? (await getMemberBalances(ctx.db, actor.userId)).balances : [];
  return { question, panel: { ...panel, balances: balances.filter((balance) => balance.amountMinor > 0) } };
}

/** The most bounties of each kind a profile lists (the newest). */
export const PROFILE_BOUNTIES = 20;

/** How many bounties a member offered and won (a profile tab's count). */
export function countMemberBounties(ctx: ServiceContext, userId: number): Promise<MemberBountyCounts> {
  return countBountiesOfMember(ctx.db, userId);
}

/** A member's bounties for their profile: the newest offered and won, with both counts. */
export async function listMemberBounties(
  ctx: ServiceContext,
  userId: number,
): Promise<{ counts: MemberBountyCounts; offered: MemberBounty[]; won: MemberBounty[] }> {
  const [counts, offered, won] = await Promise.all([
    countBountiesOfMember(ctx.db, userId),
    findBountiesOfMember(ctx.db, userId, 'offerer', PROFILE_BOUNTIES),
    findBountiesOfMember(ctx.db, userId, 'recipient', PROFILE_BOUNTIES),
  ]);
  return { counts, offered, won };
}
