import type { ServiceContext } from '../../platform/context.js';
import { runTransaction } from '../../platform/db/transaction.js';
import { type Actor, requireActor } from '../../platform/http/auth.js';
import { AppError, NotFoundError } from '../../platform/http/errors.js';
import { enqueueJob } from '../../platform/jobs/index.js';
import { type Money, MoneyError, positiveMoney } from '../../platform/money.js';
import { placeHold } from '../ledger/index.js';
import { checkPrivilege } from '../reputation/index.js';
import { settleBountyJob, settleJobKey } from './bounties.jobs.js';
import {
  type Bounty,
  countOpenBounties,
  findBountyByRequestKey,
  insertBounty,
  lockMemberReputation,
  lockQuestionById,
  nextBountyId,
} from './bounties.repository.js';
import { offerRefused } from './bounty.errors.js';
import { checkBountyOffer } from './bounty.rules.js';
import { bountyDeadlines } from './bounty.states.js';

/** What a member sends to offer a bounty: the amount, as sent (checked here, not trusted). */
export interface OfferInput {
  readonly amount: { readonly amountMinor: unknown; readonly currency: unknown };
}

/** The amount, or a 422 naming `amount` (money.invalid_amount, money.not_positive, money.unknown_currency…). */
function checkAmount(input: OfferInput): Money {
  try {
    return positiveMoney(input.amount?.amountMinor as number, input.amount?.currency as string);
  } catch (error) {
    if (error instanceof MoneyError) {
      const problem = error.params ? { code: error.code, params: error.params } : { code: error.code };
      throw new AppError(422, error.code, {
        ...(error.params ? { params: error.params } : {}),
        fields: { amount: problem },
      });
    }
    throw error;
  }
}

/**
 * A member offers a bounty on a question, in one transaction: their `users` row and the question
 * are locked (so concurrent offers queue), the rules are checked (the `offer_bounty` privilege
 * from the locked reputation, 403 `privilege.required`; an open question at least two days old, no open bounty on it, fewer than three of theirs open, the bounds), the
 * amount moves from their wallet into escrow (409 wallet.insufficient_funds moves nothing), the
 * bounty is written and its settlement job is scheduled at the end of grace. `requestKey` (from
 * the member's Idempotency-Key) makes a retry find the first bounty instead of offering another.
 */
export async function offerBounty(
  ctx: ServiceContext,
  actor: Actor | null,
  questionId: number,
  input: OfferInput,
  requestKey: string,
): Promise<Bounty> {
  const me = requireActor(actor);
  const amount = checkAmount(input);
  if (!Number.isSafeInteger(questionId) || questionId < 1) throw new NotFoundError('question.not_found');
  const now = ctx.clock.now();

  return runTransaction(ctx, async (trx) => {
    const reputation = await lockMemberReputation(trx, me.userId);
    // Under the member's lock: a retry of this request after a lost answer finds the first bounty.
    const earlier = await findBountyByRequestKey(trx, requestKey);
    if (earlier) return earlier;
    const question = await lockQuestionById(trx, questionId);
    if (reputation === undefined || !question) throw new NotFoundError('question.not_found');
    checkPrivilege(ctx, { role: me.role, reputation }, 'offer_bounty');
    const refusal = checkBountyOffer(
      {
        question: { createdAt: question.createdAt, deleted: question.deleted, closed: false },
        activeOnQuestion: await countOpenBounties(trx, { questionId }),
        activeByMember: await countOpenBounties(trx, { offererId: me.userId }),
        amount,
        now,
      },
      ctx.config.bounties,
    );
    if (refusal) throw offerRefused(ctx, refusal, amount.currency);

    const id = await nextBountyId(trx);
    const { endsAt, graceEndsAt } = bountyDeadlines(now);
    const { hold } = await placeHold(trx, {
      payerUserId: me.userId,
      amount,
      product: { kind: 'bounty', ref: String(id) },
      idempotencyKey: `bounty:${id}:hold`,
      now,
      memo: `bounty ${id} on question ${questionId}`,
      facts: { what: 'bounty.offered', bountyId: id, questionId },
    });
    const bounty = await insertBounty(trx, {
      id,
      questionId,
      offererId: me.userId,
      holdId: hold.id,
      amount,
      requestKey,
      startedAt: now,
      endsAt,
      graceEndsAt,
    });
    await enqueueJob(trx, settleBountyJob, {
      payload: { bountyId: id },
      runAt: graceEndsAt,
      dedupeKey: settleJobKey(id),
    });
    return bounty;
  });
}
