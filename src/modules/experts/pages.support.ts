import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { MessageKey } from '../../platform/i18n/index.js';

/** What the experts page files share: query schemas, notices after a 303, form readers. */

export const UserIdParams = Type.Object({
  userId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
});
export const DoneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });

/** Notices after a 303, named by `?done=` (a fixed list: nothing from the URL is shown). */
const NOTICES: Readonly<Record<string, MessageKey>> = {
  asked: 'paid_question.asked_notice',
  answered: 'paid_question.answered_notice',
  declined: 'paid_question.declined_notice',
  unlocked: 'paid_question.unlocked_notice',
  rated: 'paid_question.rated_notice',
  disputed: 'paid_question.disputed_notice',
  decided: 'dispute.decided_notice',
  saved: 'expert.settings.saved',
};

export function noticeOf(request: FastifyRequest, done: string | undefined): string | undefined {
  const key = done ? NOTICES[done] : undefined;
  return key ? request.t(key) : undefined;
}

/** A whole number typed into a form, or the text itself (the use case names it as invalid). */
export function typedInteger(text: string | undefined): number | string | undefined {
  const trimmed = text?.trim() ?? '';
  if (trimmed === '') return undefined;
  return /^\d{1,6}$/.test(trimmed) ? Number(trimmed) : trimmed;
}
