import type { ServiceContext } from '../../platform/context.js';
import { runTransaction } from '../../platform/db/transaction.js';
import { type Actor, requireActor } from '../../platform/http/auth.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import { renderMarkdown } from '../../platform/markdown/index.js';
import { requirePrivilege } from '../reputation/index.js';
import {
  bumpCommentCount,
  type CommentRecord,
  type CommentTarget,
  findCommentById,
  insertComment,
  lockCommentById,
  setCommentDeletedAt,
  updateCommentBody,
} from './comments.repository.js';
import {
  canComment,
  canDeleteComment,
  canEditComment,
  canSeePost,
  commentNeedsPrivilege,
  isAuthor,
} from './questions.policy.js';
import {
  findPostAuthorId,
  lockAnswerById,
  lockQuestionById,
  touchQuestionActivity,
} from './questions.repository.js';
import { checkBody, normalizeBody, postLimits } from './questions.rules.js';

function checkComment(body: string) {
  const problem = checkBody(body, postLimits.comment);
  if (problem) throw new ValidationError({ body: problem });
  const text = normalizeBody(body).trim();
  return { body: text, html: renderMarkdown(text, { mode: 'inline' }).html };
}

/**
 * Comments on a live question or answer; comments render inline Markdown only. On others' posts
 * it needs the `comment_everywhere` privilege (403 `privilege.required`); on one's own posts and
 * on the answers to one's own question it is always allowed, as on Stack Overflow.
 */
export async function addComment(
  ctx: ServiceContext,
  actor: Actor | null,
  target: CommentTarget,
  input: { body: string },
): Promise<CommentRecord> {
  const me = requireActor(actor);
  const { body, html } = checkComment(input.body);
  const now = ctx.clock.now();
  const id = await runTransaction(ctx, async (trx) => {
    let questionId: number;
    if ('questionId' in target) {
      const question = await lockQuestionById(trx, target.questionId);
      if (!question || !canSeePost(me, question)) throw new NotFoundError('question.not_found');
      if (!canComment(me, question)) throw new ConflictError('question.deleted');
      if (commentNeedsPrivilege(me, question, question))
        await requirePrivilege(ctx, trx, me, 'comment_everywhere');
      questionId = question.id;
    } else {
      const answer = await lockAnswerById(trx, target.answerId);
      if (!answer || !canSeePost(me, answer)) throw new NotFoundError('answer.not_found');
      if (!canComment(me, answer)) throw new ConflictError('answer.deleted');
      questionId = answer.questionId;
      const asker = {
        authorId: (await findPostAuthorId(trx, 'question', questionId)) ?? null,
        deletedAt: null,
      };
      if (commentNeedsPrivilege(me, answer, asker))
        await requirePrivilege(ctx, trx, me, 'comment_everywhere');
    }
    const commentId = await insertComment(trx, { target, authorId: me.userId, body, bodyHtml: html, now });
    await bumpCommentCount(trx, target, 1);
    await touchQuestionActivity(trx, questionId, now);
    return commentId;
  });
  return (await findCommentById(ctx.db, id))!;
}

/** Its author may edit a comment during the first five minutes. */
export async function editComment(
  ctx: ServiceContext,
  actor: Actor | null,
  id: number,
  input: { body: string },
): Promise<CommentRecord> {
  const me = requireActor(actor);
  const { body, html } = checkComment(input.body);
  const now = ctx.clock.now();
  await runTransaction(ctx, async (trx) => {
    const comment = await lockCommentById(trx, id);
    if (!comment || comment.deletedAt) throw new NotFoundError('comment.not_found');
    if (!isAuthor(me, comment)) throw new ForbiddenError('comment.edit_forbidden');
    if (!canEditComment(me, comment, now)) throw new ForbiddenError('comment.edit_window_closed');
    await updateCommentBody(trx, id, { body, bodyHtml: html, now });
  });
  return (await findCommentById(ctx.db, id))!;
}

/** Soft-deletes a comment: its author or a moderator. */
export async function deleteComment(ctx: ServiceContext, actor: Actor | null, id: number): Promise<void> {
  const me = requireActor(actor);
  const now = ctx.clock.now();
  await runTransaction(ctx, async (trx) => {
    const comment = await lockCommentById(trx, id);
    if (!comment || comment.deletedAt) throw new NotFoundError('comment.not_found');
    if (!canDeleteComment(me, comment)) throw new ForbiddenError('comment.delete_forbidden');
    await setCommentDeletedAt(trx, id, now);
    const target: CommentTarget =
      comment.questionId !== null ? { questionId: comment.questionId } : { answerId: comment.answerId! };
    await bumpCommentCount(trx, target, -1);
  });
}
