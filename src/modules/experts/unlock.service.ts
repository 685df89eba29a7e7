import type { ServiceContext } from '../../platform/context.js';
import { runTransaction } from '../../platform/db/transaction.js';
import { type Actor, requireActor } from '../../platform/http/auth.js';
import { NotFoundError } from '../../platform/http/errors.js';
import type { Money } from '../../platform/money.js';
import {
  credit,
  debit,
  platformRevenue,
  postTransfer,
  type TransactionKind,
  type TransferEntry,
  walletKey,
} from '../ledger/index.js';
import { unlockSplit } from './expert.rules.js';
import { refusalError } from './experts.errors.js';
import {
  findDisputeByQuestion,
  findPaidQuestionById,
  findUnlock,
  incrementUnlockCount,
  insertUnlock,
  lockPaidQuestionById,
  type PaidQuestion,
  type Unlock,
} from './experts.repository.js';
import { canViewQuestion, decideUnlock } from './paid-question.states.js';
import { factsOf, postingKeys } from './settle.service.js';

/** The ledger transaction kind of an unlock (the wallet statement names it). */
export const UNLOCK_TRANSACTION_KIND: TransactionKind = 'unlock';

export interface UnlockOutcome {
  readonly question: PaidQuestion;
  readonly unlock: Unlock;
  /** False when the member had unlocked it before: nothing was charged this time. */
  readonly charged: boolean;
}

/**
 * A member pays the unlock price to read a public answer: one ledger transaction moves it from
 * their wallet — commission to platform revenue, the rest split between asker and expert — and
 * records the unlock, in one transaction. A second unlock returns the first and charges nothing
 * (also when two race: the question's row lock serialises them, and the posting key is per
 * member and question). 404 unknown or private; 409 not answered, refunded, disputed, your own,
 * wallet.insufficient_funds.
 */
export async function unlockPaidAnswer(
  ctx: ServiceContext,
  actor: Actor | null,
  id: number,
): Promise<UnlockOutcome> {
  const member = requireActor(actor);
  const now = ctx.clock.now();
  const { unlock, charged } = await runTransaction(ctx, async (trx) => {
    const question = Number.isSafeInteger(id) ? await lockPaidQuestionById(trx, id) : undefined;
    if (!question || !canViewQuestion(factsOf(question), member.userId, false))
      throw new NotFoundError('paid_question.not_found');
    const earlier = await findUnlock(trx, id, member.userId);
    if (earlier) return { unlock: earlier, charged: false };
    const dispute = await findDisputeByQuestion(trx, id);
    const decision = decideUnlock(factsOf(question), member.userId, {
      disputeOpen: dispute?.state === 'open',
    });
    if (!decision.ok) throw refusalError(decision.reason);

    const price: Money = {
      amountMinor: ctx.config.experts.unlockPriceMinor,
      currency: question.price.currency,
    };
    const parts = unlockSplit(price, ctx.config.commission.unlock, ctx.config.experts.unlockAskerShareBp);
    const entries: TransferEntry[] = [debit(walletKey(member.userId, price.currency), price)];
    if (parts.platform.amountMinor > 0) entries.push(credit(platformRevenue(price.currency), parts.platform));
    if (parts.asker.amountMinor > 0)
      entries.push(credit(walletKey(question.asker.id, price.currency), parts.asker));
    if (parts.expert.amountMinor > 0)
      entries.push(credit(walletKey(question.expert.id, price.currency), parts.expert));
    const transaction = await postTransfer(trx, {
      kind: UNLOCK_TRANSACTION_KIND,
      idempotencyKey: postingKeys.unlock(id, member.userId),
      entries,
      memo: `unlock of paid question ${id}`,
      facts: { what: 'paid_question.unlocked', paidQuestionId: id },
      metadata: { paidQuestionId: id, unlockerId: member.userId },
      now,
    });
    const unlock = await insertUnlock(trx, {
      paidQuestionId: id,
      userId: member.userId,
      price,
      transactionId: transaction.id,
      now,
    });
    await incrementUnlockCount(trx, id);
    return { unlock, charged: true };
  });
  const question = await findPaidQuestionById(ctx.db, id);
  if (!question) throw new Error(`paid question ${id} vanished`);
  return { question, unlock, charged };
}
