import type { ServiceContext } from '../../platform/context.js';
import type { Actor } from '../../platform/http/auth.js';
import { NotFoundError } from '../../platform/http/errors.js';
import { type PrivilegeLack, type ViewerPrivileges, viewerPrivileges } from '../reputation/index.js';
import {
  type CommentRecord,
  type CommentTarget,
  findLiveCommentsOfPost,
  findLiveCommentsOfThread,
} from './comments.repository.js';
import { findLinksOfQuestion, type LinkedQuestion } from './links.repository.js';
import {
  canAccept,
  canAnswer,
  canComment,
  canDeleteAnswer,
  canDeleteComment,
  canDeleteQuestion,
  canEditComment,
  canEditPost,
  canSeePost,
  canVote,
  commentNeedsPrivilege,
  type PostAbilities,
  type PostState,
} from './questions.policy.js';
import {
  type AnswerRecord,
  findAnswerById,
  findAnswersOfQuestion,
  findQuestionById,
  type QuestionRecord,
} from './questions.repository.js';
import { findVotesOfVoter } from './votes.repository.js';

export interface CommentView extends CommentRecord {
  abilities: { edit: boolean; delete: boolean };
}

/** A comment with what `actor` may do with it at `now`. */
export function commentView(actor: Actor | null, comment: CommentRecord, now: Date): CommentView {
  return {
    ...comment,
    abilities: { edit: canEditComment(actor, comment, now), delete: canDeleteComment(actor, comment) },
  };
}

/**
 * What the viewer lacks for what a post's page would otherwise offer them (null: nothing), so the
 * page can say what they need instead of the button.
 */
export interface PostNeeds {
  upvote: PrivilegeLack | null;
  downvote: PrivilegeLack | null;
  comment: PrivilegeLack | null;
}

export interface AnswerView extends AnswerRecord {
  isAccepted: boolean;
  myVote: -1 | 0 | 1;
  abilities: PostAbilities;
  needs: PostNeeds;
  comments: CommentView[];
}

/**
 * The privileges a post asks of the viewer: voting (unless it is their own post or gone) and
 * commenting on others' posts (never on their own, nor on the answers to their question).
 */
function needsOf(
  actor: Actor | null,
  privileges: ViewerPrivileges | null,
  post: PostState,
  question: PostState,
): PostNeeds {
  const lack = (privilege: 'upvote' | 'downvote' | 'comment_everywhere') =>
    privileges?.lack(privilege) ?? null;
  const votes = canVote(actor, post);
  return {
    upvote: votes ? lack('upvote') : null,
    downvote: votes ? lack('downvote') : null,
    comment:
      canComment(actor, post) && commentNeedsPrivilege(actor, post, question)
        ? lack('comment_everywhere')
        : null,
  };
}

/** The abilities the privileges leave: voting while either way (or taking a vote back) is open. */
function withNeeds(abilities: PostAbilities, needs: PostNeeds, myVote: -1 | 0 | 1): PostAbilities {
  return {
    ...abilities,
    vote: abilities.vote && (needs.upvote === null || needs.downvote === null || myVote !== 0),
    comment: abilities.comment && needs.comment === null,
  };
}

/** How a page lists a question's answers (`?answers=` and `?page=`). */
export const answerSorts = ['votes', 'newest', 'oldest', 'active'] as const;
export type AnswerSort = (typeof answerSorts)[number];
/** Answers per page of a thread, as on Stack Overflow. */
export const ANSWERS_PAGE_SIZE = 30;

export interface AnswersView {
  sort: AnswerSort;
  /** 1-based, clamped to the pages there are (1 when every answer is shown). */
  page: number;
  /** Every answer the caller can see, on all pages. */
  total: number;
}

export interface QuestionThread {
  question: QuestionRecord & {
    myVote: -1 | 0 | 1;
    abilities: PostAbilities & { answer: boolean };
    needs: PostNeeds;
  };
  comments: CommentView[];
  /** The answers in `answersView`'s order and page (all of them, by votes, without a view). */
  answers: AnswerView[];
  answersView: AnswersView;
  /**
   * Live questions linked to or from this one, and what it duplicates (`relation: 'original'`):
   * loaded for a page `view` only (the API and the fragments do not show them), else empty.
   */
  links: LinkedQuestion[];
}

/**
 * The answers in a reader's chosen order: `votes` (the default) puts the accepted answer first, then
 * by score; `newest` and `oldest` by posting time; `active` by last edit. Ties go to the older answer.
 */
export function orderAnswers<T extends { id: number; score: number; createdAt: Date; updatedAt: Date }>(
  answers: readonly T[],
  acceptedAnswerId: number | null,
  sort: AnswerSort = 'votes',
): T[] {
  const oldestFirst = (a: T, b: T) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id;
  const compare: Record<AnswerSort, (a: T, b: T) => number> = {
    votes: (a, b) =>
      Number(b.id === acceptedAnswerId) - Number(a.id === acceptedAnswerId) ||
      b.score - a.score ||
      oldestFirst(a, b),
    newest: (a, b) => oldestFirst(b, a),
    oldest: oldestFirst,
    active: (a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || oldestFirst(a, b),
  };
  return [...answers].sort(compare[sort]);
}

/**
 * Everything a question page (or `GET /questions/:id`) shows, in five queries: the question,
 * its answers, their comments, the caller's votes and the linked questions; with what the caller
 * may do. With a `view` (a page), the linked questions too and the answers in the reader's order:
 * one page of them (and only their comments) when it names a page, else all.
 */
export async function getQuestionThread(
  ctx: ServiceContext,
  actor: Actor | null,
  id: number,
  view?: { sort: AnswerSort; page?: number },
): Promise<QuestionThread> {
  const question = await findQuestionById(ctx.db, id);
  if (!question || !canSeePost(actor, question)) throw new NotFoundError('question.not_found');
  const now = ctx.clock.now();
  const visible = (await findAnswersOfQuestion(ctx.db, id)).filter((answer) => canSeePost(actor, answer));
  const sort = view?.sort ?? 'votes';
  const paged = view?.page !== undefined;
  const pageCount = Math.max(1, Math.ceil(visible.length / ANSWERS_PAGE_SIZE));
  const page = paged ? Math.min(view.page ?? 1, pageCount) : 1;
  const ordered = orderAnswers(visible, question.acceptedAnswerId, sort);
  // Comments and votes are loaded for the page's answers only: a long thread costs one page.
  const answers = paged ? ordered.slice((page - 1) * ANSWERS_PAGE_SIZE, page * ANSWERS_PAGE_SIZE) : ordered;
  const answerIds = answers.map((a) => a.id);
  const [comments, votes, links, privileges] = await Promise.all([
    findLiveCommentsOfThread(ctx.db, id, answerIds),
    actor ? findVotesOfVoter(ctx.db, actor.userId, id, answerIds) : undefined,
    view ? findLinksOfQuestion(ctx.db, id) : [],
    viewerPrivileges(ctx, actor),
  ]);
  const questionNeeds = needsOf(actor, privileges, question, question);
  const questionVote = votes?.question ?? 0;
  const withAbilities = (comment: CommentRecord): CommentView => commentView(actor, comment, now);
  const byAnswer = new Map<number, CommentView[]>();
  const onQuestion: CommentView[] = [];
  for (const comment of comments) {
    if (comment.answerId === null) onQuestion.push(withAbilities(comment));
    else {
      const list = byAnswer.get(comment.answerId);
      if (list) list.push(withAbilities(comment));
      else byAnswer.set(comment.answerId, [withAbilities(comment)]);
    }
  }
  return {
    question: {
      ...question,
      myVote: questionVote,
      abilities: {
        ...withNeeds(
          {
            edit: canEditPost(actor, question),
            delete: canDeleteQuestion(actor, question),
            vote: canVote(actor, question),
            accept: false,
            comment: canComment(actor, question),
          },
          questionNeeds,
          questionVote,
        ),
        answer: canAnswer(actor, question),
      },
      needs: questionNeeds,
    },
    comments: onQuestion,
    answersView: { sort, page, total: visible.length },
    links,
    answers: answers.map((answer) => {
      const myVote = votes?.answers.get(answer.id) ?? 0;
      const needs = needsOf(actor, privileges, answer, question);
      return {
        ...answer,
        isAccepted: answer.id === question.acceptedAnswerId,
        myVote,
        abilities: withNeeds(
          {
            edit: canEditPost(actor, answer),
            delete: canDeleteAnswer(actor, answer),
            vote: canVote(actor, answer),
            accept: canAccept(actor, question) && answer.deletedAt === null,
            comment: canComment(actor, answer),
          },
          needs,
          myVote,
        ),
        needs,
        comments: byAnswer.get(answer.id) ?? [],
      };
    }),
  };
}

/** One post's comments as a comment list shows them, and whether the caller may add one. */
export interface PostComments {
  questionId: number;
  comments: CommentView[];
  canComment: boolean;
  /** What the caller lacks to comment here (null: nothing). */
  commentNeeds: PrivilegeLack | null;
}

/** The post a comment list belongs to, if the caller may see it (and its question): 404 otherwise. */
async function visiblePost(
  ctx: ServiceContext,
  actor: Actor | null,
  target: CommentTarget,
): Promise<{ questionId: number; canComment: boolean; commentNeeds: PrivilegeLack | null }> {
  const privileges = await viewerPrivileges(ctx, actor);
  const commenting = (post: PostState, question: PostState) => {
    const needs = needsOf(actor, privileges, post, question).comment;
    return { canComment: canComment(actor, post) && needs === null, commentNeeds: needs };
  };
  if ('questionId' in target) {
    const question = await findQuestionById(ctx.db, target.questionId);
    if (!question || !canSeePost(actor, question)) throw new NotFoundError('question.not_found');
    return { questionId: question.id, ...commenting(question, question) };
  }
  const answer = await findAnswerById(ctx.db, target.answerId);
  const question = answer && (await findQuestionById(ctx.db, answer.questionId));
  if (!answer || !question || !canSeePost(actor, answer) || !canSeePost(actor, question)) {
    throw new NotFoundError('answer.not_found');
  }
  return { questionId: question.id, ...commenting(answer, question) };
}

/**
 * The live comments of one question or answer, with what the caller may do (the htmx comment
 * fragments): that post and its comments only, not the thread. A post the caller may not see is
 * a 404, as in the thread (`question.not_found`, `answer.not_found`).
 */
export async function getPostComments(
  ctx: ServiceContext,
  actor: Actor | null,
  target: CommentTarget,
): Promise<PostComments> {
  const now = ctx.clock.now();
  const [comments, post] = await Promise.all([
    findLiveCommentsOfPost(ctx.db, target),
    visiblePost(ctx, actor, target),
  ]);
  return { ...post, comments: comments.map((comment) => commentView(actor, comment, now)) };
}
