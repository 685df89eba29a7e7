import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { AppError, ConflictError } from '../../platform/http/errors.js';
import { negate } from '../../platform/money.js';
import { findHoldByTransactionId } from './holds.repository.js';
import { findReversalOf, lockTransactionById } from './ledger.repository.js';
import { checkIdempotencyKey, type StatementFacts } from './ledger.rules.js';
import { findReplay, type PostedTransaction, post, type TransferEntry } from './transfers.service.js';

export interface ReverseOptions {
  readonly idempotencyKey: string;
  readonly now: Date;
  readonly memo?: string | undefined;
  readonly facts?: StatementFacts | undefined;
  readonly metadata?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Corrects a posted transaction by posting its mirror image (every entry negated) as a `reversal`
 * pointing back at it. A transaction is reversed at most once (409 ledger.already_reversed); one
 * that placed or settled a hold is not reversible (409 ledger.not_reversible: refund the hold);
 * a reversal that would overdraw a wallet is a 409 wallet.insufficient_funds.
 */
export async function reverseTransaction(
  trx: Transaction<DB>,
  transactionId: number,
  options: ReverseOptions,
): Promise<PostedTransaction> {
  const key = checkIdempotencyKey(options.idempotencyKey);
  // Locking the original serialises racing reversals of it: the second sees the first's row.
  const original = Number.isSafeInteger(transactionId)
    ? await lockTransactionById(trx, transactionId)
    : undefined;
  if (!original) throw new AppError(404, 'ledger.transaction_not_found');
  const entries: TransferEntry[] = original.entries.map((entry) => ({
    account: { id: entry.accountId },
    amount: negate(entry.amount),
  }));

  const replay = await findReplay(trx, {
    kind: 'reversal',
    idempotencyKey: key,
    entries,
    reversesTransactionId: original.id,
  });
  if (replay) return replay;
  if (await findHoldByTransactionId(trx, original.id)) throw new ConflictError('ledger.not_reversible');
  if (await findReversalOf(trx, original.id)) throw new ConflictError('ledger.already_reversed');

  return post(
    trx,
    {
      kind: 'reversal',
      idempotencyKey: key,
      entries,
      memo: options.memo,
      facts: options.facts,
      metadata: { ...(options.metadata ?? {}), reverses: original.id },
      now: options.now,
    },
    original.id,
  );
}
