import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../../platform/context.js';
import type { Actor } from '../../platform/http/auth.js';
import { AppError } from '../../platform/http/errors.js';
import { type FormFailure, formFailure, problemOf, shownOnForm, toLogin } from '../../platform/http/forms.js';
import { pageContextOf, sendPage } from '../../platform/http/pages.js';
import { isHtmxRequest } from '../../platform/http/request-context.js';
import { renderMarkdown } from '../../platform/markdown/index.js';
import { getQuestion } from './questions.service.js';
import {
  askFormSlot,
  type QuestionListInput,
  questionListSlot,
  questionPageSlot,
} from './questions.slots.js';
import { getQuestionThread, type QuestionThread } from './thread.service.js';
import type { ViewCounter } from './view-counter.js';
import { questionPath, type ViewContext } from './views/paths.js';
import { QuestionPage, type QuestionPageProps } from './views/question-page.js';

/** What the Q&A page plugins are registered with. */
export interface QuestionsPagesOptions {
  ctx: ServiceContext;
  views: ViewCounter;
}

/** The page context plus "now", for relative times. */
export function viewContext(ctx: ServiceContext, request: FastifyRequest, reply: FastifyReply): ViewContext {
  return { ...pageContextOf(request, reply), now: ctx.clock.now() };
}

/** The most Markdown a preview renders (a post may hold 30,000 characters). */
export const PREVIEW_MAX = 100_000;

/** A form's body as its preview box shows it: on the edit page from the start, after a refusal, without JS. */
export function previewOf(body: string): string {
  return renderMarkdown(body.slice(0, PREVIEW_MAX)).html;
}

/** True when the member's input was refused (show the form again); anything else is re-thrown. */
export function inputFailure(error: unknown, request: FastifyRequest): FormFailure {
  if (isInputError(error)) return formFailure(error, request);
  throw error;
}

/** A refusal of what was typed (400, 413, 422), which a form shows beside its fields. */
export function isInputError(error: unknown): error is AppError {
  return error instanceof AppError && (error.status === 422 || error.status === 400 || error.status === 413);
}

/** The canonical URL of a question the caller may see. */
export async function questionUrl(
  ctx: ServiceContext,
  request: FastifyRequest,
  questionId: number,
): Promise<string> {
  return questionPath(await getQuestion(ctx, request.actor, questionId));
}

/** Back to the question page after a form post (303), at `anchor` (`answer-12`, `comment-7`). */
export async function backToQuestion(
  ctx: ServiceContext,
  request: FastifyRequest,
  reply: FastifyReply,
  questionId: number,
  anchor: string,
) {
  return reply.redirect(`${await questionUrl(ctx, request, questionId)}#${anchor}`, 303);
}

/** Loads the question page's panels (bounties, related questions…): every module's, at once. */
export function questionPagePanels(ctx: ServiceContext, actor: Actor | null, thread: QuestionThread) {
  const { question } = thread;
  return ctx.extensions.load(questionPageSlot, {
    ctx,
    actor,
    question: {
      id: question.id,
      authorId: question.authorId,
      title: question.title,
      slug: question.slug,
      tags: question.tags,
      createdAt: question.createdAt,
      deleted: question.deletedAt !== null,
    },
    answers: thread.answers.map((answer) => ({
      id: answer.id,
      authorId: answer.authorId,
      score: answer.score,
      createdAt: answer.createdAt,
      deleted: answer.deletedAt !== null,
    })),
  });
}

/** Loads the ask form's panels (the similar-questions hook…). */
export function askFormPanels(ctx: ServiceContext) {
  return ctx.extensions.load(askFormSlot, { ctx });
}

/** Loads a question list's panels (badges…): one load per module for the whole page of questions. */
export function questionListPanels(
  ctx: ServiceContext,
  actor: Actor | null,
  questions: readonly { readonly id: number }[],
  list: QuestionListInput['list'],
) {
  return ctx.extensions.load(questionListSlot, {
    ctx,
    actor,
    questionIds: questions.map((question) => question.id),
    list,
  });
}

/** Sends the question page, with whatever a refused action wants to show on it. */
export async function renderQuestionPage(
  ctx: ServiceContext,
  request: FastifyRequest,
  reply: FastifyReply,
  questionId: number,
  extra: Omit<QuestionPageProps, 'ctx' | 'thread' | 'panels'> = {},
  status = 200,
) {
  // Every answer: a refused comment's box may be on any page.
  const thread = await getQuestionThread(ctx, request.actor, questionId, { sort: 'votes' });
  const panels = await questionPagePanels(ctx, request.actor, thread);
  return sendPage(
    reply,
    <QuestionPage ctx={viewContext(ctx, request, reply)} thread={thread} panels={panels} {...extra} />,
    status,
  );
}

/**
 * A refused action on the question page. htmx requests (and anything that is not a 4xx) go to
 * the platform error handler, which swaps an alert into #flash; without JS a visitor is sent to
 * log in, and a member sees the question page again with the message on top.
 */
export async function actionFailed(
  ctx: ServiceContext,
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
  questionId: number,
) {
  if (isHtmxRequest(request) || !shownOnForm(error)) throw error;
  if (error.status === 401) return toLogin(request, reply, await questionUrl(ctx, request, questionId));
  const failure = formFailure(error, request);
  return renderQuestionPage(ctx, request, reply, questionId, { alert: problemOf(failure) }, failure.status);
}

/** A fragment for htmx (no layout); pages are per-user, so never cached either. */
export function sendFragment(reply: FastifyReply, html: string | Promise<string>, status = 200) {
  return sendPage(reply, html, status);
}
