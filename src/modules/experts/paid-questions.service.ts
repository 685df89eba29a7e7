import type { Page, ServiceContext } from '../../platform/context.js';
import { type Actor, requireActor } from '../../platform/http/auth.js';
import { ForbiddenError, NotFoundError } from '../../platform/http/errors.js';
import type { Money } from '../../platform/money.js';
import {
  type Dispute,
  findDisputeByQuestion,
  findPaidQuestionById,
  findRating,
  findUnlock,
  listDisputes,
  listPaidQuestions,
  type PaidQuestion,
  type Rating,
} from './experts.repository.js';
import {
  canReadAnswer,
  canViewQuestion,
  type DisputeState,
  decideAnswer,
  decideDecline,
  decideDispute,
  decideRating,
  decideUnlock,
  type PaidQuestionState,
} from './paid-question.states.js';
import { factsOf } from './settle.service.js';

/** What the viewer may do now: the same rules the use cases apply, so a shown button works. */
export interface PaidQuestionAbilities {
  readonly answer: boolean;
  readonly decline: boolean;
  readonly unlock: boolean;
  readonly rate: boolean;
  readonly dispute: boolean;
  readonly decide: boolean;
}

/** A paid question as one viewer sees it: the answer only if they may read it. */
export interface PaidQuestionView {
  readonly question: PaidQuestion;
  readonly answerVisible: boolean;
  readonly unlocked: boolean;
  readonly unlockPrice: Money;
  readonly rating: Rating | null;
  /** Only for the asker, the expert and moderators. */
  readonly dispute: Dispute | null;
  readonly abilities: PaidQuestionAbilities;
}

function isModerator(actor: Actor | null): boolean {
  return actor?.role === 'moderator' || actor?.role === 'admin';
}

/** The question without its answer (the text is never sent to someone who may not read it). */
export function withoutAnswer(question: PaidQuestion): PaidQuestion {
  return { ...question, answerBody: null, answerHtml: null };
}

/**
 * One paid question for `actor` (or a visitor): 404 paid_question.not_found when it is private and
 * not theirs. The answer is included only for its asker, expert, unlockers and moderators.
 */
export async function getPaidQuestion(
  ctx: ServiceContext,
  actor: Actor | null,
  id: number,
): Promise<PaidQuestionView> {
  const question = Number.isSafeInteger(id) ? await findPaidQuestionById(ctx.db, id) : undefined;
  const viewerId = actor?.userId ?? null;
  const moderator = isModerator(actor);
  if (!question || !canViewQuestion(factsOf(question), viewerId, moderator))
    throw new NotFoundError('paid_question.not_found');
  const [unlock, rating, dispute] = await Promise.all([
    viewerId === null ? undefined : findUnlock(ctx.db, id, viewerId),
    findRating(ctx.db, id),
    findDisputeByQuestion(ctx.db, id),
  ]);
  const unlocked = unlock !== undefined;
  const answerVisible =
    question.answerBody !== null &&
    canReadAnswer(factsOf(question), viewerId, { unlocked, isModerator: moderator });
  const party = viewerId === question.asker.id || viewerId === question.expert.id || moderator;
  const now = ctx.clock.now();
  const facts = factsOf(question);
  const abilities: PaidQuestionAbilities =
    viewerId === null
      ? { answer: false, decline: false, unlock: false, rate: false, dispute: false, decide: false }
      : {
          answer: decideAnswer(facts, viewerId, now).ok,
          decline: decideDecline(facts, viewerId, now).ok,
          unlock: !unlocked && decideUnlock(facts, viewerId, { disputeOpen: dispute?.state === 'open' }).ok,
          rate: decideRating(facts, viewerId, now, { alreadyRated: rating !== undefined }).ok,
          dispute: decideDispute(facts, viewerId, now, { alreadyDisputed: dispute !== undefined }).ok,
          decide: moderator && dispute?.state === 'open',
        };
  return {
    question: answerVisible ? question : withoutAnswer(question),
    answerVisible,
    unlocked,
    unlockPrice: { amountMinor: ctx.config.experts.unlockPriceMinor, currency: question.price.currency },
    rating: rating ?? null,
    dispute: party ? (dispute ?? null) : null,
    abilities,
  };
}

function pageOf(query: { page?: number | undefined; pageSize?: number | undefined }) {
  return {
    page: Math.max(1, Math.trunc(query.page ?? 1)),
    pageSize: Math.min(100, Math.max(1, Math.trunc(query.pageSize ?? 20))),
  };
}

/**
 * The expert's queue: questions put to them, by default those still waiting (`paid`), soonest
 * deadline first. Answers are theirs, so included.
 */
export async function listExpertQueue(
  ctx: ServiceContext,
  actor: Actor | null,
  query: { state?: PaidQuestionState | 'all' | undefined; page?: number; pageSize?: number },
): Promise<Page<PaidQuestion>> {
  const member = requireActor(actor);
  const { page, pageSize } = pageOf(query);
  const state = query.state ?? 'paid';
  const { items, total } = await listPaidQuestions(ctx.db, {
    expertId: member.userId,
    ...(state === 'all' ? {} : { states: [state] }),
    oldestFirst: state === 'paid',
    page,
    pageSize,
  });
  return { items, total, page, pageSize };
}

/** The questions the member asked, newest first (their answers included: the asker reads them). */
export async function listMyPaidQuestions(
  ctx: ServiceContext,
  actor: Actor | null,
  query: { page?: number; pageSize?: number },
): Promise<Page<PaidQuestion>> {
  const member = requireActor(actor);
  const { page, pageSize } = pageOf(query);
  const { items, total } = await listPaidQuestions(ctx.db, { askerId: member.userId, page, pageSize });
  return { items, total, page, pageSize };
}

/** A dispute with its question, for moderators. */
export interface DisputeWithQuestion {
  readonly dispute: Dispute;
  readonly question: PaidQuestion;
}

/** Disputes for moderators (403 dispute.moderator_only for others), open ones by default, oldest first. */
export async function listDisputesForModerators(
  ctx: ServiceContext,
  actor: Actor | null,
  query: { state?: DisputeState | undefined; page?: number; pageSize?: number },
): Promise<Page<DisputeWithQuestion>> {
  const member = requireActor(actor);
  if (!isModerator(member)) throw new ForbiddenError('dispute.moderator_only');
  const { page, pageSize } = pageOf(query);
  const { items, total } = await listDisputes(ctx.db, { state: query.state ?? 'open', page, pageSize });
  const withQuestions: DisputeWithQuestion[] = [];
  for (const dispute of items) {
    const question = await findPaidQuestionById(ctx.db, dispute.paidQuestionId);
    if (question) withQuestions.push({ dispute, question });
  }
  return { items: withQuestions, total, page, pageSize };
}
