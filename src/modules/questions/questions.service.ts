import type { Page, ServiceContext } from '../../platform/context.js';
import { runTransaction } from '../../platform/db/transaction.js';
import { type Actor, requireActor } from '../../platform/http/auth.js';
import {
  ConflictError,
  type FieldProblem,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../platform/http/errors.js';
import { renderMarkdown } from '../../platform/markdown/index.js';
import { detectLanguage } from '../../platform/text/language.js';
import { lockMembers, membersMovedBy, undoPosts } from '../reputation/index.js';
import { adjustTagCounts, checkTags } from '../tags/index.js';
import { forgetCounts, rememberedCount } from './list-counts.js';
import { canDeleteQuestion, canEditPost, canSeePost } from './questions.policy.js';
import {
  countQuestions,
  findQuestionById,
  findQuestionSummaries,
  insertQuestion,
  lockQuestionById,
  type QuestionFilter,
  type QuestionRecord,
  type QuestionSummaryRecord,
  setQuestionDeletedAt,
  updateQuestionContent,
} from './questions.repository.js';
import {
  checkBody,
  checkEditComment,
  checkTitle,
  normalizeBody,
  normalizeTitle,
  slugify,
} from './questions.rules.js';
import { questionWrittenSlot } from './questions.slots.js';
import { insertNextRevision } from './revisions.repository.js';

export interface QuestionInput {
  title: string;
  body: string;
  tags: readonly string[];
}

function problems(
  entries: Record<string, FieldProblem | undefined>,
): Record<string, FieldProblem> | undefined {
  const found = Object.fromEntries(Object.entries(entries).filter(([, p]) => p)) as Record<
    string,
    FieldProblem
  >;
  return Object.keys(found).length > 0 ? found : undefined;
}

function tagsOrProblem(tags: readonly string[] | undefined): { tags?: string[]; problem?: FieldProblem } {
  if (tags === undefined) return {};
  const checked = checkTags(tags);
  return 'problem' in checked ? { problem: checked.problem } : { tags: checked.tags };
}

/** Asks a question: checked, rendered once, tagged, and recorded as revision 1. */
export async function askQuestion(
  ctx: ServiceContext,
  actor: Actor | null,
  input: QuestionInput,
): Promise<QuestionRecord> {
  const me = requireActor(actor);
  const tagged = tagsOrProblem(input.tags);
  const fields = problems({
    title: checkTitle(input.title),
    body: checkBody(input.body),
    tags: tagged.problem,
  });
  if (fields) throw new ValidationError(fields);
  const title = normalizeTitle(input.title);
  const body = normalizeBody(input.body);
  const tags = tagged.tags ?? [];
  const rendered = renderMarkdown(body);
  const now = ctx.clock.now();
  const id = await runTransaction(ctx, async (trx) => {
    const questionId = await insertQuestion(trx, {
      authorId: me.userId,
      title,
      slug: slugify(title),
      body,
      bodyHtml: rendered.html,
      bodyText: rendered.text,
      tags,
      language: detectLanguage(title, rendered.text),
      now,
    });
    await adjustTagCounts(trx, tags, [], now);
    await insertNextRevision(
      trx,
      { questionId },
      { authorId: me.userId, kind: 'create', title, body, tags, comment: '', now },
    );
    await ctx.extensions.run(questionWrittenSlot, { trx, questionId });
    return questionId;
  });
  forgetCounts(ctx);
  return (await findQuestionById(ctx.db, id))!;
}

/** A question the caller may see (deleted ones only for their author and moderators). */
export async function getQuestion(
  ctx: ServiceContext,
  actor: Actor | null,
  id: number,
): Promise<QuestionRecord> {
  const question = await findQuestionById(ctx.db, id);
  if (!question || !canSeePost(actor, question)) throw new NotFoundError('question.not_found');
  return question;
}

/** One page of live questions, newest / votes / active / unanswered, optionally for one tag. */
export async function listQuestions(
  ctx: ServiceContext,
  filter: QuestionFilter,
  page: { page: number; pageSize: number },
): Promise<Page<QuestionSummaryRecord>> {
  const siteWide = !filter.tag && !filter.authorId;
  const [items, total] = await Promise.all([
    findQuestionSummaries(ctx.db, filter, { limit: page.pageSize, offset: (page.page - 1) * page.pageSize }),
    siteWide
      ? // Counted once a minute, so counted in full.
        rememberedCount(
          ctx,
          `${filter.sort === 'unanswered' ? 'unanswered' : 'all'}:${filter.language ?? '*'}`,
          () => countQuestions(ctx.db, filter, Number.MAX_SAFE_INTEGER),
        )
      : countQuestions(ctx.db, filter),
  ]);
  return { items, total, page: page.page, pageSize: page.pageSize };
}

export interface QuestionEdit {
  title?: string | undefined;
  body?: string | undefined;
  tags?: readonly string[] | undefined;
  comment?: string | undefined;
}

/**
 * Edits a question (author or moderator) and records the new version as a revision. An edit
 * that changes nothing records nothing.
 */
export async function editQuestion(
  ctx: ServiceContext,
  actor: Actor | null,
  id: number,
  edit: QuestionEdit,
  kind: 'edit' | 'rollback' = 'edit',
): Promise<QuestionRecord> {
  const me = requireActor(actor);
  const tagged = tagsOrProblem(edit.tags);
  const fields = problems({
    title: edit.title === undefined ? undefined : checkTitle(edit.title),
    body: edit.body === undefined ? undefined : checkBody(edit.body),
    tags: tagged.problem,
    comment: edit.comment === undefined ? undefined : checkEditComment(edit.comment),
  });
  if (fields) throw new ValidationError(fields);
  // Rendered before the transaction: hostile input may take a while, and locks should not wait on it.
  const newBody = edit.body === undefined ? undefined : normalizeBody(edit.body);
  const renderedBody = newBody === undefined ? undefined : renderMarkdown(newBody);
  const now = ctx.clock.now();
  await runTransaction(ctx, async (trx) => {
    const current = await lockQuestionById(trx, id);
    if (!current || !canSeePost(me, current)) throw new NotFoundError('question.not_found');
    if (current.deletedAt) throw new ConflictError('question.deleted');
    if (!canEditPost(me, current)) throw new ForbiddenError('question.edit_forbidden');
    const title = edit.title === undefined ? current.title : normalizeTitle(edit.title);
    const body = newBody ?? current.body;
    const tags = tagged.tags ?? current.tags;
    if (title === current.title && body === current.body && sameTags(tags, current.tags)) return;
    const rendered = body === current.body ? undefined : renderedBody;
    await updateQuestionContent(trx, id, {
      title,
      slug: slugify(title),
      tags,
      // An unchanged body is read as its Markdown: close enough to tell Chinese from English.
      language: detectLanguage(title, rendered?.text ?? body),
      now,
      rendered: rendered && { body, bodyHtml: rendered.html, bodyText: rendered.text },
    });
    await adjustTagCounts(
      trx,
      tags.filter((t) => !current.tags.includes(t)),
      current.tags.filter((t) => !tags.includes(t)),
      now,
    );
    await insertNextRevision(
      trx,
      { questionId: id },
      { authorId: me.userId, kind, title, body, tags, comment: edit.comment?.trim() ?? '', now },
    );
    await ctx.extensions.run(questionWrittenSlot, { trx, questionId: id });
  });
  return (await findQuestionById(ctx.db, id))!;
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((tag, i) => tag === b[i]);
}

/** Soft-deletes a question: its author (while unanswered) or a moderator. Tag counts follow. */
export async function deleteQuestion(ctx: ServiceContext, actor: Actor | null, id: number): Promise<void> {
  const me = requireActor(actor);
  const now = ctx.clock.now();
  await runTransaction(ctx, async (trx) => {
    // What its votes gave goes with the question; its answers (a moderator may delete an answered
    // question) keep theirs, as they stay readable to their authors and moderators.
    const locked = await lockMembers(trx, await membersMovedBy(trx, { postType: 'question', postId: id }));
    const current = await lockQuestionById(trx, id);
    if (!current || !canSeePost(me, current)) throw new NotFoundError('question.not_found');
    if (current.deletedAt) throw new ConflictError('question.deleted');
    if (!canDeleteQuestion(me, current)) throw new ForbiddenError('question.delete_forbidden');
    await setQuestionDeletedAt(trx, id, now);
    await undoPosts(ctx, trx, [{ type: 'question', id }], now, locked);
    await adjustTagCounts(trx, [], current.tags, now);
    await ctx.extensions.run(questionWrittenSlot, { trx, questionId: id });
  });
  forgetCounts(ctx);
}
