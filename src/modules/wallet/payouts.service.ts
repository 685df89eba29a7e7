import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ServiceContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { runTransaction } from '../../platform/db/transaction.js';
import { type Actor, requireActor } from '../../platform/http/auth.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import { enqueueJob } from '../../platform/jobs/index.js';
import { type Money, MoneyError, positiveMoney, toDecimalString } from '../../platform/money.js';
import { breaksLine } from '../../platform/text/unsafe-chars.js';
import { credit, debit, payoutsPayable, postTransfer, walletKey } from '../ledger/index.js';
import type { PayoutState } from './payout.states.js';
import { payoutGatewayAvailable, sendPayout } from './payouts.jobs.js';
import {
  findPayoutByRequestKey,
  findPayouts,
  findPayoutsByUser,
  insertPayout,
  lockPayoutById,
  type Payout,
  type PayoutWithMember,
  setPayoutReviewed,
} from './payouts.repository.js';
import { transition } from './settle-payout.service.js';

/** Use cases of payouts: a member requests one; an admin approves or rejects it; the send job settles it. */

const MAX_DESTINATION = 200;
const MAX_NOTE = 500;

export interface PayoutRequestInput {
  readonly amount: { readonly amountMinor: unknown; readonly currency: unknown };
  readonly gateway: string;
  readonly destination: string;
}

function requireAdmin(actor: Actor | null): Actor {
  const me = requireActor(actor);
  if (me.role !== 'admin') throw new ForbiddenError();
  return me;
}

/** Checks the member's input; throws one 422 naming every bad field. */
function checkRequest(
  ctx: ServiceContext,
  input: PayoutRequestInput,
): { amount: Money; gateway: string; destination: string } {
  const fields: Record<string, { code: 'payout.gateway_unavailable' | 'payout.destination_invalid' }> = {};
  let amount: Money;
  try {
    amount = positiveMoney(input.amount.amountMinor as number, input.amount.currency as string);
  } catch (error) {
    if (error instanceof MoneyError) {
      throw new ValidationError(
        { amount: { code: error.code, ...(error.params ? { params: error.params } : {}) } },
        error.code,
      );
    }
    throw error;
  }
  const gateway = typeof input.gateway === 'string' ? input.gateway.trim() : '';
  if (!/^[a-z][a-z0-9_]{0,31}$/.test(gateway) || !payoutGatewayAvailable(ctx, gateway)) {
    fields.gateway = { code: 'payout.gateway_unavailable' };
  }
  const destination = typeof input.destination === 'string' ? input.destination.normalize('NFC').trim() : '';
  // Control and bidi characters are refused at the edge (platform/http/input-text.ts); a
  // destination is one line, so the tab or line break a body may hold is refused here.
  if (destination.length === 0 || destination.length > MAX_DESTINATION || breaksLine(destination)) {
    fields.destination = { code: 'payout.destination_invalid' };
  }
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  const min = ctx.config.payouts.minMinor[amount.currency];
  if (amount.amountMinor < min) {
    throw new ValidationError(
      {
        amount: {
          code: 'payout.below_minimum',
          params: {
            min: toDecimalString({ amountMinor: min, currency: amount.currency }),
            currency: amount.currency,
          },
        },
      },
      'payout.below_minimum',
    );
  }
  return { amount, gateway, destination };
}

/** A ledger idempotency key (≤ 200 characters) for the payout request made under `requestKey`. */
function requestPostingKey(requestKey: string): string {
  return `payout:request:${createHash('sha256').update(requestKey).digest('hex').slice(0, 40)}`;
}

/**
 * A member asks to withdraw `amount` from their wallet to `destination` at `gateway`: the money
 * moves from the wallet into payouts payable at once, and the payout waits for an admin.
 * `requestKey` (from the member's Idempotency-Key) makes a retry find the first payout.
 * 422 money.* / payout.below_minimum / payout.gateway_unavailable / payout.destination_invalid;
 * 409 wallet.insufficient_funds.
 */
export async function requestPayout(
  ctx: ServiceContext,
  actor: Actor | null,
  input: PayoutRequestInput,
  requestKey: string,
): Promise<Payout> {
  const me = requireActor(actor);
  const { amount, gateway, destination } = checkRequest(ctx, input);
  const now = ctx.clock.now();
  return runTransaction(ctx, async (trx) => {
    const existing = await findPayoutByRequestKey(trx, requestKey);
    if (existing) return existing;
    const posted = await postTransfer(trx, {
      kind: 'payout',
      idempotencyKey: requestPostingKey(requestKey),
      entries: [
        debit(walletKey(me.userId, amount.currency), amount),
        credit(payoutsPayable(amount.currency), amount),
      ],
      memo: `payout to ${gateway}`,
      facts: { what: 'payout.requested', gateway },
      metadata: { gateway },
      now,
    });
    return insertPayout(trx, {
      userId: me.userId,
      amount,
      gateway,
      destination,
      requestKey,
      requestTransactionId: posted.id,
      now,
    });
  });
}

/**
 * An admin approves a requested payout; the transfer through its gateway is enqueued in the same
 * transaction (an outbox) and runs later, outside any transaction. 403, 404 payout.not_found,
 * 409 payout.already_*.
 */
export async function approvePayout(
  ctx: ServiceContext,
  actor: Actor | null,
  payoutId: number,
): Promise<Payout> {
  const admin = requireAdmin(actor);
  const now = ctx.clock.now();
  return runTransaction(ctx, async (trx) => {
    const payout = await lockExisting(trx, payoutId);
    const next = transition(payout, 'approve');
    await setPayoutReviewed(trx, payout.id, { status: next, reviewedBy: admin.userId, note: null, now });
    await enqueueJob(trx, sendPayout, {
      payload: { payoutId: payout.id },
      runAt: now,
      dedupeKey: `wallet.send_payout:${payout.id}`,
    });
    return { ...payout, status: next, reviewedBy: admin.userId, reviewedAt: now, updatedAt: now };
  });
}

/** An admin rejects a requested payout: its money goes back to the member's wallet. 403, 404, 409. */
export async function rejectPayout(
  ctx: ServiceContext,
  actor: Actor | null,
  payoutId: number,
  input: { note?: string | undefined } = {},
): Promise<Payout> {
  const admin = requireAdmin(actor);
  const note = input.note?.trim() ? input.note.trim() : null;
  if (note !== null && note.length > MAX_NOTE) {
    throw new ValidationError({ note: { code: 'validation.too_long', params: { max: MAX_NOTE } } });
  }
  const now = ctx.clock.now();
  return runTransaction(ctx, async (trx) => {
    const payout = await lockExisting(trx, payoutId);
    const next = transition(payout, 'reject');
    const posted = await postTransfer(trx, {
      kind: 'payout_rejected',
      idempotencyKey: `payout:${payout.id}:rejected`,
      entries: [
        debit(payoutsPayable(payout.amount.currency), payout.amount),
        credit(walletKey(payout.userId, payout.amount.currency), payout.amount),
      ],
      memo: `payout #${payout.id} rejected`,
      facts: { what: 'payout.rejected', payoutId: payout.id },
      now,
    });
    await setPayoutReviewed(trx, payout.id, {
      status: next,
      reviewedBy: admin.userId,
      note,
      now,
      settledTransactionId: posted.id,
    });
    return {
      ...payout,
      status: next,
      reviewedBy: admin.userId,
      reviewedAt: now,
      reviewNote: note,
      settledTransactionId: posted.id,
      settledAt: now,
      updatedAt: now,
    };
  });
}

async function lockExisting(trx: Kysely<DB>, payoutId: number): Promise<Payout> {
  const payout = await lockPayoutById(trx, payoutId);
  if (!payout) throw new NotFoundError('payout.not_found');
  return payout;
}

/** The member's own payouts, newest first. */
export async function listMyPayouts(
  ctx: ServiceContext,
  actor: Actor | null,
  page: { page: number; pageSize: number },
): Promise<{ items: Payout[]; total: number; page: number; pageSize: number }> {
  const me = requireActor(actor);
  return { ...(await findPayoutsByUser(ctx.db, me.userId, page)), ...page };
}

/** Every payout, for admins; `requested` ones oldest first (the review queue). */
export async function listPayoutsForAdmin(
  ctx: ServiceContext,
  actor: Actor | null,
  query: { status?: PayoutState | undefined; page: number; pageSize: number },
): Promise<{ items: PayoutWithMember[]; total: number; page: number; pageSize: number }> {
  requireAdmin(actor);
  return { ...(await findPayouts(ctx.db, query)), page: query.page, pageSize: query.pageSize };
}
