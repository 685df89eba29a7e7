import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { appendEvent, lockMembers } from './reputation.repository.js';

/**
 * Test-only: gives a member `points` of reputation as one real, uncapped event (kind `imported`),
 * so their total stays the replay of their events. For tests whose members vote, comment or offer
 * bounties: they earn the privileges instead of the privileges being switched off.
 */
export async function grantReputation(
  db: Kysely<DB>,
  userId: number,
  points: number,
  at: Date = new Date(),
): Promise<void> {
  if (!Number.isSafeInteger(points) || points < 1) throw new Error(`grant a positive number, not ${points}`);
  await db.transaction().execute(async (trx) => {
    // appendEvent moves the total by what the event did; the lock only makes sure the member exists.
    if (!(await lockMembers(trx, [userId])).has(userId))
      throw new Error(`no member ${userId} to grant reputation to`);
    await appendEvent(trx, {
      userId,
      kind: 'imported',
      points,
      applied: points,
      capUsed: 0,
      editCapUsed: 0,
      postType: null,
      postId: null,
      actorId: null,
      reverses: null,
      createdAt: at,
    });
  });
}
