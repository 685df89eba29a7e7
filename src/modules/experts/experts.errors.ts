import { type AppError, ConflictError, ForbiddenError, NotFoundError } from '../../platform/http/errors.js';
import type { PaidQuestionRefusal } from './paid-question.states.js';

/** A state machine's refusal as the error the caller gets: 404 when they may not know, 403 for the wrong member, else 409. */
export function refusalError(reason: PaidQuestionRefusal): AppError {
  if (reason === 'paid_question.not_found') return new NotFoundError(reason);
  if (reason === 'paid_question.not_expert' || reason === 'paid_question.not_asker')
    return new ForbiddenError(reason);
  return new ConflictError(reason);
}
