import type { ServiceContext } from '../../platform/context.js';
import type { Actor } from '../../platform/http/auth.js';
import { ForbiddenError, NotFoundError } from '../../platform/http/errors.js';
import { editAnswer } from './answers.service.js';
import { canEditPost, canSeePost } from './questions.policy.js';
import { findAnswerById, findQuestionById } from './questions.repository.js';
import { editQuestion } from './questions.service.js';
import { type DiffSegment, diffTags, diffText } from './revision-diff.js';
import { findRevisions, type PostRef, type RevisionRecord } from './revisions.repository.js';

export interface RevisionView extends RevisionRecord {
  /** Changes from the previous revision (revision 1 shows everything as added). */
  diff: { title: DiffSegment[] | null; body: DiffSegment[]; tags: DiffSegment[] | null };
}

export interface PostHistory {
  post: { kind: 'question' | 'answer'; id: number; questionId: number; title: string; slug: string };
  revisions: RevisionView[];
  canRollback: boolean;
}

async function visiblePost(ctx: ServiceContext, actor: Actor | null, ref: PostRef) {
  if ('questionId' in ref) {
    const question = await findQuestionById(ctx.db, ref.questionId);
    if (!question || !canSeePost(actor, question)) throw new NotFoundError('question.not_found');
    return {
      kind: 'question' as const,
      id: question.id,
      questionId: question.id,
      title: question.title,
      slug: question.slug,
      state: question,
    };
  }
  const answer = await findAnswerById(ctx.db, ref.answerId);
  if (!answer || !canSeePost(actor, answer)) throw new NotFoundError('answer.not_found');
  const question = await findQuestionById(ctx.db, answer.questionId);
  if (!question || !canSeePost(actor, question)) throw new NotFoundError('answer.not_found');
  return {
    kind: 'answer' as const,
    id: answer.id,
    questionId: question.id,
    title: question.title,
    slug: question.slug,
    state: answer,
  };
}

/** A post's revisions, oldest first, each with its differences from the one before. */
export async function getPostHistory(
  ctx: ServiceContext,
  actor: Actor | null,
  ref: PostRef,
): Promise<PostHistory> {
  const { state, ...post } = await visiblePost(ctx, actor, ref);
  const revisions = await findRevisions(ctx.db, ref);
  return {
    post,
    canRollback: canEditPost(actor, state),
    revisions: revisions.map((revision, index) => {
      const previous = revisions[index - 1];
      return {
        ...revision,
        diff: {
          title: revision.title === null ? null : diffText(previous?.title ?? '', revision.title),
          body: diffText(previous?.body ?? '', revision.body),
          tags: revision.tags === null ? null : diffTags(previous?.tags ?? [], revision.tags),
        },
      };
    }),
  };
}

/**
 * Restores a post to an earlier revision by writing it again as a new `rollback` revision
 * (history is never rewritten). Author or moderator only.
 */
export async function rollbackPost(
  ctx: ServiceContext,
  actor: Actor | null,
  ref: PostRef,
  number: number,
): Promise<void> {
  const { state } = await visiblePost(ctx, actor, ref);
  if (!canEditPost(actor, state)) throw new ForbiddenError('revision.rollback_forbidden');
  const target = (await findRevisions(ctx.db, ref)).find((revision) => revision.number === number);
  if (!target) throw new NotFoundError('revision.not_found');
  const comment = `Rollback to revision ${number}`;
  if ('questionId' in ref) {
    await editQuestion(
      ctx,
      actor,
      ref.questionId,
      { title: target.title ?? undefined, body: target.body, tags: target.tags ?? undefined, comment },
      'rollback',
    );
  } else {
    await editAnswer(ctx, actor, ref.answerId, { body: target.body, comment }, 'rollback');
  }
}
