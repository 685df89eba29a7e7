import type { Payout } from './payouts.repository.js';

/** Payouts as the JSON API shows them: to their member, and to admins (who asked, why it failed). */

export function presentPayout(payout: Payout) {
  return {
    id: payout.id,
    status: payout.status,
    amount: payout.amount,
    gateway: payout.gateway,
    destination: payout.destination,
    createdAt: payout.createdAt,
    reviewedAt: payout.reviewedAt,
    settledAt: payout.settledAt,
  };
}

export function presentAdminPayout(payout: Payout, username?: string) {
  return {
    ...presentPayout(payout),
    userId: payout.userId,
    ...(username === undefined ? {} : { username }),
    reviewedBy: payout.reviewedBy,
    reviewNote: payout.reviewNote,
    externalId: payout.externalId,
    failure: payout.failure,
    requestTransactionId: payout.requestTransactionId,
    settledTransactionId: payout.settledTransactionId,
  };
}
