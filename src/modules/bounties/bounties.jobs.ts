import { defineJob, PermanentJobError } from '../../platform/jobs/index.js';
import { settleBounty } from './settle-bounty.service.js';

/**
 * The bounty's deadline job: enqueued with the offer (in its transaction) at the end of grace, and
 * cancelled by an award. Settling is idempotent (a settled bounty is left alone), so a job that runs
 * twice, or after an award that raced it, moves nothing twice.
 */

/** The dedupe key of a bounty's settlement job. */
export function settleJobKey(bountyId: number): string {
  return `bounties.settle:${bountyId}`;
}

/** At the end of grace: half to the best new answer and the rest back, or everything back. */
export const settleBountyJob = defineJob<{ bountyId: number }>(
  'bounties.settle',
  async ({ bountyId }, { ctx }) => {
    if (!Number.isSafeInteger(bountyId)) throw new PermanentJobError(`bad bounty id ${String(bountyId)}`);
    await settleBounty(ctx, bountyId);
  },
);
