import { defineJob, PermanentJobError } from '../../platform/jobs/index.js';
import { expirePaidQuestion } from './settle.service.js';

/**
 * The experts module's durable job: at a paid question's deadline, refund it in full if the
 * expert has not answered or declined. Enqueued by the ask in its transaction; cancelled by an
 * answer or a decline; idempotent (it checks the question's state under a row lock).
 */
export const expirePaidQuestionJob = defineJob<{ paidQuestionId: number }>(
  'experts.expire_paid_question',
  async ({ paidQuestionId }, { ctx }) => {
    if (!Number.isSafeInteger(paidQuestionId))
      throw new PermanentJobError(`bad paid question id ${String(paidQuestionId)}`);
    await expirePaidQuestion(ctx, paidQuestionId);
  },
);
