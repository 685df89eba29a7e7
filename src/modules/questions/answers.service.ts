import type { ServiceContext } from '../../platform/context.js';
import { runTransaction } from '../../platform/db/transaction.js';
import { type Actor, requireActor } from '../../platform/http/auth.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import { renderMarkdown } from '../../platform/markdown/index.js';
import { lockMembers, membersMovedBy, recordAccept, undoPosts } from '../reputation/index.js';
import { forgetCounts } from './list-counts.js';
import { canAccept, canAnswer, canDeleteAnswer, canEditPost, canSeePost } from './questions.policy.js';
import {
  type AnswerRecord,
  bumpAnswerCount,
  findAcceptAuthorIds,
  findAnswerById,
  findQuestionById,
  insertAnswer,
  lockAnswerById,
  lockQuestionById,
  setAcceptedAnswer,
  setAnswerDeletedAt,
  touchQuestionActivity,
  updateAnswerContent,
} from './questions.repository.js';
import { checkBody, checkEditComment, normalizeBody, postLimits } from './questions.rules.js';
import { questionWrittenSlot } from './questions.slots.js';
import { insertNextRevision } from './revisions.repository.js';

/** Answers a live question; the answer is revision 1 of itself and bumps the question's activity. */
export async function postAnswer(
  ctx: ServiceContext,
  actor: Actor | null,
  questionId: number,
  input: { body: string },
): Promise<AnswerRecord> {
  const me = requireActor(actor);
  const problem = checkBody(input.body, postLimits.answer);
  if (problem) throw new ValidationError({ body: problem });
  const body = normalizeBody(input.body);
  const rendered = renderMarkdown(body);
  const now = ctx.clock.now();
  const id = await runTransaction(ctx, async (trx) => {
    const question = await lockQuestionById(trx, questionId);
    if (!question || !canSeePost(me, question)) throw new NotFoundError('question.not_found');
    if (!canAnswer(me, question)) throw new ConflictError('question.deleted');
    const answerId = await insertAnswer(trx, {
      questionId,
      authorId: me.userId,
      body,
      bodyHtml: rendered.html,
      bodyText: rendered.text,
      now,
    });
    await bumpAnswerCount(trx, questionId, 1, now);
    await insertNextRevision(
      trx,
      { answerId },
      { authorId: me.userId, kind: 'create', title: null, body, tags: null, comment: '', now },
    );
    await ctx.extensions.run(questionWrittenSlot, { trx, questionId });
    return answerId;
  });
  forgetCounts(ctx);
  return (await findAnswerById(ctx.db, id))!;
}

/** An answer the caller may see, on a question they may see, and whether it is the accepted one. */
export async function getAnswer(
  ctx: ServiceContext,
  actor: Actor | null,
  id: number,
): Promise<AnswerRecord & { isAccepted: boolean }> {
  const answer = await findAnswerById(ctx.db, id);
  if (!answer || !canSeePost(actor, answer)) throw new NotFoundError('answer.not_found');
  const question = await findQuestionById(ctx.db, answer.questionId);
  if (!question || !canSeePost(actor, question)) throw new NotFoundError('answer.not_found');
  return { ...answer, isAccepted: question.acceptedAnswerId === answer.id };
}

/** Edits an answer (author or moderator), recording a revision; an unchanged body records nothing. */
export async function editAnswer(
  ctx: ServiceContext,
  actor: Actor | null,
  id: number,
  edit: { body: string; comment?: string | undefined },
  kind: 'edit' | 'rollback' = 'edit',
): Promise<AnswerRecord> {
  const me = requireActor(actor);
  const problem = checkBody(edit.body, postLimits.answer);
  const commentProblem = edit.comment === undefined ? undefined : checkEditComment(edit.comment);
  if (problem || commentProblem) {
    throw new ValidationError({
      ...(problem ? { body: problem } : {}),
      ...(commentProblem ? { comment: commentProblem } : {}),
    });
  }
  const body = normalizeBody(edit.body);
  // Rendered before the transaction: hostile input may take a while, and locks should not wait on it.
  const rendered = renderMarkdown(body);
  const now = ctx.clock.now();
  await runTransaction(ctx, async (trx) => {
    const answer = await lockAnswerById(trx, id);
    if (!answer || !canSeePost(me, answer)) throw new NotFoundError('answer.not_found');
    if (answer.deletedAt) throw new ConflictError('answer.deleted');
    if (!canEditPost(me, answer)) throw new ForbiddenError('answer.edit_forbidden');
    if (body === answer.body) return;
    await updateAnswerContent(trx, id, { body, bodyHtml: rendered.html, bodyText: rendered.text, now });
    await touchQuestionActivity(trx, answer.questionId, now);
    await insertNextRevision(
      trx,
      { answerId: id },
      { authorId: me.userId, kind, title: null, body, tags: null, comment: edit.comment?.trim() ?? '', now },
    );
    await ctx.extensions.run(questionWrittenSlot, { trx, questionId: answer.questionId });
  });
  return (await findAnswerById(ctx.db, id))!;
}

/** Soft-deletes an answer (author or moderator); an accepted answer stops being accepted. */
export async function deleteAnswer(ctx: ServiceContext, actor: Actor | null, id: number): Promise<void> {
  const me = requireActor(actor);
  const now = ctx.clock.now();
  await runTransaction(ctx, async (trx) => {
    // The lock order: the members whose reputation the answer's votes and accept moved, then the posts.
    const locked = await lockMembers(trx, await membersMovedBy(trx, { postType: 'answer', postId: id }));
    const answer = await lockAnswerById(trx, id);
    if (!answer || !canSeePost(me, answer)) throw new NotFoundError('answer.not_found');
    if (answer.deletedAt) throw new ConflictError('answer.deleted');
    if (!canDeleteAnswer(me, answer)) throw new ForbiddenError('answer.delete_forbidden');
    const question = await lockQuestionById(trx, answer.questionId);
    await setAnswerDeletedAt(trx, id, now);
    await undoPosts(ctx, trx, [{ type: 'answer', id }], now, locked);
    await bumpAnswerCount(trx, answer.questionId, -1, now);
    if (question?.acceptedAnswerId === id) await setAcceptedAnswer(trx, answer.questionId, null, now);
    await ctx.extensions.run(questionWrittenSlot, { trx, questionId: answer.questionId });
  });
  forgetCounts(ctx);
}

/**
 * Accepts an answer, or un-accepts it when it is already the accepted one. Only the asker, on a
 * live question, and only a live answer of that question. Returns the accepted answer id now.
 */
export async function acceptAnswer(
  ctx: ServiceContext,
  actor: Actor | null,
  answerId: number,
): Promise<{ questionId: number; acceptedAnswerId: number | null }> {
  const me = requireActor(actor);
  const now = ctx.clock.now();
  return runTransaction(ctx, async (trx) => {
    // The lock order: the members an accept moves (the asker, this answer's and the accepted
    // one's authors), then the posts.
    const locked = await lockMembers(trx, [me.userId, ...(await findAcceptAuthorIds(trx, answerId))]);
    const answer = await lockAnswerById(trx, answerId);
    if (!answer || !canSeePost(me, answer)) throw new NotFoundError('answer.not_found');
    const question = await lockQuestionById(trx, answer.questionId);
    if (!question || !canSeePost(me, question)) throw new NotFoundError('answer.not_found');
    if (!canAccept(me, question)) throw new ForbiddenError('answer.accept_forbidden');
    if (answer.deletedAt) throw new ConflictError('answer.deleted');
    const next = question.acceptedAnswerId === answerId ? null : answerId;
    await setAcceptedAnswer(trx, question.id, next, now);
    await recordAccept(
      ctx,
      trx,
      {
        askerId: me.userId,
        previous: question.acceptedAnswerId,
        next:
          next !== null && answer.authorId !== null ? { answerId: next, authorId: answer.authorId } : null,
      },
      now,
      locked,
    );
    return { questionId: question.id, acceptedAnswerId: next };
  });
}
