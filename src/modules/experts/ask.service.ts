import type { ServiceContext } from '../../platform/context.js';
import { runTransaction } from '../../platform/db/transaction.js';
import { type Actor, requireActor } from '../../platform/http/auth.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import { enqueueJob } from '../../platform/jobs/index.js';
import { renderMarkdown } from '../../platform/markdown/index.js';
import { placeHold } from '../ledger/index.js';
import { checkPaidQuestion, type PaidQuestionInput } from './expert.rules.js';
import { expirePaidQuestionJob } from './experts.jobs.js';
import {
  findPaidQuestionById,
  findPaidQuestionByRequestKey,
  insertPaidQuestion,
  lockExpertProfile,
  nextPaidQuestionId,
  type PaidQuestion,
} from './experts.repository.js';
import { deadlineOf } from './paid-question.states.js';
import { expireJobKey, postingKeys } from './settle.service.js';

/**
 * Puts a question to an expert: the expert's price at this moment goes from the asker's wallet
 * into escrow (a ledger hold that expires at the deadline), the question is written, and its
 * expiry job is scheduled, in one transaction. `requestKey` names this ask (the member's
 * Idempotency-Key, namespaced): a repeat returns the first question and moves nothing.
 * 422 bad fields; 403 paid_question.ask_self; 404 expert.not_found; 409 expert.not_accepting,
 * wallet.insufficient_funds — each moving nothing.
 */
export async function askExpert(
  ctx: ServiceContext,
  actor: Actor | null,
  expertUserId: number,
  input: PaidQuestionInput,
  options: { requestKey: string },
): Promise<PaidQuestion> {
  const member = requireActor(actor);
  const checked = checkPaidQuestion(input ?? {});
  if (!checked.ok) throw new ValidationError(checked.fields);
  if (expertUserId === member.userId) throw new ForbiddenError('paid_question.ask_self');
  const now = ctx.clock.now();

  const id = await runTransaction(ctx, async (trx) => {
    const earlier = await findPaidQuestionByRequestKey(trx, options.requestKey);
    if (earlier) {
      if (earlier.asker.id !== member.userId) throw new ConflictError('idempotency.key_reused');
      return earlier.id;
    }
    const expert = Number.isSafeInteger(expertUserId)
      ? await lockExpertProfile(trx, expertUserId)
      : undefined;
    if (!expert) throw new NotFoundError('expert.not_found');
    if (!expert.accepting) throw new ConflictError('expert.not_accepting');

    const id = await nextPaidQuestionId(trx);
    const deadlineAt = deadlineOf(now, expert.answerHours);
    const { hold } = await placeHold(trx, {
      payerUserId: member.userId,
      amount: expert.price,
      product: { kind: 'paid_question', ref: String(id) },
      idempotencyKey: postingKeys.hold(id),
      expiresAt: deadlineAt,
      memo: `paid question ${id} to ${expert.person.username}`,
      facts: {
        what: 'paid_question.asked',
        paidQuestionId: id,
        expert: expert.person.username,
        expertId: expert.userId,
      },
      now,
    });
    await insertPaidQuestion(trx, {
      id,
      askerId: member.userId,
      expertId: expert.userId,
      ...checked.values,
      bodyHtml: renderMarkdown(checked.values.body).html,
      price: expert.price,
      holdId: hold.id,
      deadlineAt,
      requestKey: options.requestKey,
      now,
    });
    await enqueueJob(trx, expirePaidQuestionJob, {
      payload: { paidQuestionId: id },
      runAt: deadlineAt,
      dedupeKey: expireJobKey(id),
    });
    return id;
  });
  const question = await findPaidQuestionById(ctx.db, id);
  if (!question) throw new Error(`paid question ${id} vanished`);
  return question;
}
