import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { AppError, ConflictError, NotFoundError } from '../../platform/http/errors.js';
import { compare, equals, type Money, MoneyError, positiveMoney, subtract } from '../../platform/money.js';
import {
  type CommissionRates,
  commissionRateFor,
  isProductKind,
  type ProductKind,
  splitCommission,
} from './commission.rules.js';
import { type HoldEvent, nextHoldState } from './hold.states.js';
import {
  findHoldByTransactionId,
  type Hold,
  insertHold,
  lockHoldById,
  setHoldSettlement,
} from './holds.repository.js';
import { escrowKey, platformRevenue, type TransactionKind, walletKey } from './ledger.chart.js';
import { findTransactionByKey, lockAccountsByIds, nextHoldId } from './ledger.repository.js';
import { checkIdempotencyKey, type StatementFacts } from './ledger.rules.js';
import {
  credit,
  debit,
  findReplay,
  type PostedTransaction,
  postTransfer,
  type TransferEntry,
  walletOf,
} from './transfers.service.js';

/** A hold after a use case, with the ledger transaction that moved its money (`replayed` on a repeat). */
export interface HoldOutcome {
  readonly hold: Hold;
  readonly transaction: PostedTransaction;
}

export interface PlaceHoldInput {
  readonly payerUserId: number;
  readonly amount: Money;
  /** What the money is held for: `{ kind: 'bounty', ref: '42' }`. */
  readonly product: { readonly kind: ProductKind; readonly ref: string };
  readonly idempotencyKey: string;
  readonly now: Date;
  /** After this the hold can be expired (refunded) and no longer released; none by default. */
  readonly expiresAt?: Date | null | undefined;
  readonly memo?: string | undefined;
  readonly facts?: StatementFacts | undefined;
}

interface SettleOptions {
  readonly idempotencyKey: string;
  readonly now: Date;
  readonly memo?: string | undefined;
  readonly facts?: StatementFacts | undefined;
}

export interface ReleaseHoldOptions extends SettleOptions {
  readonly payeeUserId: number;
  /** The platform fee; by default the rate for the hold's product kind from `rates`. */
  readonly feeBasisPoints?: number | undefined;
  readonly rates?: CommissionRates | undefined;
}

export interface ReleasePartiallyOptions extends ReleaseHoldOptions {
  /** What the payee's side gets, commission included; the rest of the hold goes back to the payer. */
  readonly payeeAmount: Money;
}

function mismatch(): AppError {
  return new AppError(422, 'ledger.idempotency_mismatch');
}

function checkProduct(product: PlaceHoldInput['product']): void {
  if (!isProductKind(product?.kind)) throw new RangeError(`not a product kind: ${String(product?.kind)}`);
  if (typeof product.ref !== 'string' || product.ref.length < 1 || product.ref.length > 200) {
    throw new RangeError('a product ref is 1–200 characters');
  }
}

/**
 * Moves `amount` from the payer's wallet into a new escrow account (409 wallet.insufficient_funds
 * if the wallet is short). Idempotent: a repeat with the same key returns the same hold.
 */
export async function placeHold(trx: Transaction<DB>, input: PlaceHoldInput): Promise<HoldOutcome> {
  const amount = positiveMoney(input.amount?.amountMinor, input.amount?.currency);
  const key = checkIdempotencyKey(input.idempotencyKey);
  checkProduct(input.product);
  const wallet = await walletOf(trx, input.payerUserId, amount.currency);
  // Locking the wallet first serialises this payer's placements, so a racing repeat of this key
  // sees the first one's hold below instead of placing a second.
  await lockAccountsByIds(trx, [wallet.id]);

  const existing = await findTransactionByKey(trx, key);
  if (existing) {
    const hold = await findHoldByTransactionId(trx, existing.id);
    const same =
      hold?.placedTransactionId === existing.id &&
      hold.payerUserId === input.payerUserId &&
      equals(hold.amount, amount) &&
      hold.product.kind === input.product.kind &&
      hold.product.ref === input.product.ref;
    if (!hold || !same) throw mismatch();
    return { hold, transaction: { ...existing, replayed: true } };
  }

  const holdId = await nextHoldId(trx);
  const escrow = escrowKey(holdId, input.payerUserId, amount.currency);
  const transaction = await postTransfer(trx, {
    kind: 'hold',
    idempotencyKey: key,
    entries: [debit({ id: wallet.id }, amount), credit(escrow, amount)],
    memo: input.memo,
    facts: input.facts,
    metadata: { holdId, product: input.product },
    now: input.now,
  });
  const escrowEntry = transaction.entries.find((entry) => entry.accountId !== wallet.id);
  if (!escrowEntry) throw new Error('hold posted without an escrow entry');
  const hold = await insertHold(trx, {
    id: holdId,
    payerUserId: input.payerUserId,
    payerAccountId: wallet.id,
    escrowAccountId: escrowEntry.accountId,
    amount,
    product: { kind: input.product.kind, ref: input.product.ref },
    placedTransactionId: transaction.id,
    expiresAt: input.expiresAt ?? null,
    createdAt: input.now,
  });
  return { hold, transaction };
}

/** How one settlement moves the money out of escrow, and what the hold records. */
interface SettlementPlan {
  readonly kind: TransactionKind;
  readonly entries: TransferEntry[];
  readonly payeeUserId: number | null;
  readonly releasedMinor: number;
  readonly feeMinor: number;
  readonly refundedMinor: number;
}

/** Locks the hold, replays a repeat, checks the state machine, posts the plan, records the new state. */
async function settle(
  trx: Transaction<DB>,
  holdId: number,
  event: HoldEvent,
  options: SettleOptions,
  plan: (hold: Hold) => SettlementPlan,
): Promise<HoldOutcome> {
  const key = checkIdempotencyKey(options.idempotencyKey);
  const hold = Number.isSafeInteger(holdId) ? await lockHoldById(trx, holdId) : undefined;
  if (!hold) throw new NotFoundError('hold.not_found');
  const planned = plan(hold);

  const replay = await findReplay(trx, { kind: planned.kind, idempotencyKey: key, entries: planned.entries });
  if (replay) {
    if (replay.id !== hold.resolvedTransactionId) throw mismatch();
    return { hold, transaction: replay };
  }
  const move = nextHoldState(hold, event, options.now);
  if (!move.ok) throw new ConflictError(move.reason);

  const transaction = await postTransfer(trx, {
    kind: planned.kind,
    idempotencyKey: key,
    entries: planned.entries,
    memo: options.memo,
    facts: options.facts,
    metadata: { holdId: hold.id, event },
    now: options.now,
  });
  const settled = await setHoldSettlement(trx, hold.id, {
    state: move.next,
    payeeUserId: planned.payeeUserId,
    releasedMinor: planned.releasedMinor,
    feeMinor: planned.feeMinor,
    refundedMinor: planned.refundedMinor,
    resolvedTransactionId: transaction.id,
    resolvedAt: options.now,
  });
  return { hold: settled, transaction };
}

/** Escrow → payee (net) and platform revenue (fee); zero lines are left out. */
function payoutEntries(
  hold: Hold,
  gross: Money,
  options: ReleaseHoldOptions,
): { entries: TransferEntry[]; fee: Money } {
  const rate = options.feeBasisPoints ?? commissionRateFor(hold.product.kind, options.rates);
  const parts = splitCommission(gross, rate);
  const entries: TransferEntry[] = [];
  if (parts.payee.amountMinor > 0)
    entries.push(credit(walletKey(options.payeeUserId, gross.currency), parts.payee));
  if (parts.platform.amountMinor > 0) entries.push(credit(platformRevenue(gross.currency), parts.platform));
  return { entries, fee: parts.platform };
}

/** Pays the whole hold to the payee, less the platform's commission (409 if already settled or expired). */
export function releaseHold(
  trx: Transaction<DB>,
  holdId: number,
  options: ReleaseHoldOptions,
): Promise<HoldOutcome> {
  return settle(trx, holdId, 'release', options, (hold) => {
    const { entries, fee } = payoutEntries(hold, hold.amount, options);
    return {
      kind: 'release',
      entries: [debit({ id: hold.escrowAccountId }, hold.amount), ...entries],
      payeeUserId: options.payeeUserId,
      releasedMinor: hold.amount.amountMinor,
      feeMinor: fee.amountMinor,
      refundedMinor: 0,
    };
  });
}

/**
 * Pays `payeeAmount` (0 < it < the hold) to the payee, less commission, and refunds the rest to
 * the payer, in one transaction. A bounty's automatic half award:
 * `split(hold.amount, { payee: 1, payer: 1 }, 'payer').payee`.
 */
export function releaseHoldPartially(
  trx: Transaction<DB>,
  holdId: number,
  options: ReleasePartiallyOptions,
): Promise<HoldOutcome> {
  return settle(trx, holdId, 'release_partially', options, (hold) => {
    const share = positiveMoney(options.payeeAmount?.amountMinor, options.payeeAmount?.currency);
    if (share.currency !== hold.amount.currency) {
      throw new MoneyError('money.currency_mismatch', {
        expected: hold.amount.currency,
        actual: share.currency,
      });
    }
    if (compare(share, hold.amount) >= 0) throw new AppError(422, 'hold.partial_amount_invalid');
    const refund = subtract(hold.amount, share);
    const { entries, fee } = payoutEntries(hold, share, options);
    return {
      kind: 'partial_release',
      entries: [
        debit({ id: hold.escrowAccountId }, hold.amount),
        ...entries,
        credit({ id: hold.payerAccountId }, refund),
      ],
      payeeUserId: options.payeeUserId,
      releasedMinor: share.amountMinor,
      feeMinor: fee.amountMinor,
      refundedMinor: refund.amountMinor,
    };
  });
}

function refundPlan(hold: Hold): SettlementPlan {
  return {
    kind: 'refund',
    entries: [
      debit({ id: hold.escrowAccountId }, hold.amount),
      credit({ id: hold.payerAccountId }, hold.amount),
    ],
    payeeUserId: null,
    releasedMinor: 0,
    feeMinor: 0,
    refundedMinor: hold.amount.amountMinor,
  };
}

/** Returns the whole hold to the payer's wallet (409 if already settled). */
export function refundHold(
  trx: Transaction<DB>,
  holdId: number,
  options: SettleOptions,
): Promise<HoldOutcome> {
  return settle(trx, holdId, 'refund', options, refundPlan);
}

/** Refunds a hold whose `expiresAt` has passed (409 hold.not_expired before then): for jobs. */
export function expireHold(
  trx: Transaction<DB>,
  holdId: number,
  options: SettleOptions,
): Promise<HoldOutcome> {
  return settle(trx, holdId, 'expire', options, refundPlan);
}
