import type { ServiceContext } from '../../platform/context.js';
import type { Actor } from '../../platform/http/auth.js';
import { NotFoundError } from '../../platform/http/errors.js';
import { type CommentRecord, findLiveCommentsOfThread } from './comments.repository.js';
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
  type PostAbilities,
} from './questions.policy.js';
import {
  type AnswerRecord,
  findAnswersOfQuestion,
  findQuestionById,
  type QuestionRecord,
} from './questions.repository.js';
import { findVotesOfVoter } from './votes.repository.js';

export interface CommentView extends CommentRecord {
  abilities: { edit: boolean; delete: boolean };
}

export interface AnswerView extends AnswerRecord {
  isAccepted: boolean;
  myVote: -1 | 0 | 1;
  abilities: PostAbilities;
  comments: CommentView[];
}

export interface QuestionThread {
  question: QuestionRecord & { myVote: -1 | 0 | 1; abilities: PostAbilities & { answer: boolean } };
  comments: CommentView[];
  answers: AnswerView[];
}

/** Accepted first, then by score, then oldest first: the order Stack Overflow readers expect. */
export function orderAnswers<T extends { id: number; score: number; createdAt: Date }>(
  answers: readonly T[],
  acceptedAnswerId: number | null,
): T[] {
  return [...answers].sort(
    (a, b) =>
      Number(b.id === acceptedAnswerId) - Number(a.id === acceptedAnswerId) ||
      b.score - a.score ||
      a.createdAt.getTime() - b.createdAt.getTime() ||
      a.id - b.id,
  );
}

/**
 * Everything a question page (or `GET /questions/:id`) shows, in four queries: the question,
 * its answers, all their comments, and the caller's votes; with what the caller may do.
 */
export async function getQuestionThread(
  ctx: ServiceContext,
  actor: Actor | null,
  id: number,
): Promise<QuestionThread> {
  const question = await findQuestionById(ctx.db, id);
  if (!question || !canSeePost(actor, question)) throw new NotFoundError('question.not_found');
  const now = ctx.clock.now();
  const answers = (await findAnswersOfQuestion(ctx.db, id)).filter((answer) => canSeePost(actor, answer));
  const answerIds = answers.map((a) => a.id);
  const [comments, votes] = await Promise.all([
    findLiveCommentsOfThread(ctx.db, id, answerIds),
    actor ? findVotesOfVoter(ctx.db, actor.userId, id, answerIds) : undefined,
  ]);
  const withAbilities = (comment: CommentRecord): CommentView => ({
    ...comment,
    abilities: { edit: canEditComment(actor, comment, now), delete: canDeleteComment(actor, comment) },
  });
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
      myVote: votes?.question ?? 0,
      abilities: {
        edit: canEditPost(actor, question),
        delete: canDeleteQuestion(actor, question),
        vote: canVote(actor, question),
        accept: false,
        comment: canComment(actor, question),
        answer: canAnswer(actor, question),
      },
    },
    comments: onQuestion,
    answers: orderAnswers(answers, question.acceptedAnswerId).map((answer) => ({
      ...answer,
      isAccepted: answer.id === question.acceptedAnswerId,
      myVote: votes?.answers.get(answer.id) ?? 0,
      abilities: {
        edit: canEditPost(actor, answer),
        delete: canDeleteAnswer(actor, answer),
        vote: canVote(actor, answer),
        accept: canAccept(actor, question) && answer.deletedAt === null,
        comment: canComment(actor, answer),
      },
      comments: byAnswer.get(answer.id) ?? [],
    })),
  };
}
