import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { TestContext } from 'node:test';
import type { Session } from '../../../test/helpers.js';
import { jobsTestSetUp } from '../../../test/jobs.js';
import type { ServiceContext } from '../../platform/context.js';
import type { Actor, Role } from '../../platform/http/auth.js';
import { AppError } from '../../platform/http/errors.js';
import type { JobRunner } from '../../platform/jobs/index.js';
import { getMemberBalances, platformRevenue } from '../ledger/index.js';
import { cny, insertMember, topUp } from '../ledger/ledger.test-support.js';
import { askExpert } from './ask.service.js';
import { setExpertProfile } from './expert-profile.service.js';
import type { PaidQuestion } from './experts.repository.js';
// The expiry job must be defined before a runner is made.
import './experts.jobs.js';

/** Test-only helpers of the experts module: members with money, experts, asks, balances. */

export interface ExpertsWorld {
  readonly ctx: ServiceContext;
  readonly clock: { now(): Date; advance(seconds: number): Date };
  readonly runner: JobRunner;
  member(options?: { topUpMinor?: number; role?: Role }): Promise<Actor>;
}

/** A fresh database, a clock following real time, a job runner and silent logs. */
export async function expertsWorld(t: TestContext): Promise<ExpertsWorld> {
  const { ctx, clock, runner } = await jobsTestSetUp(t);
  return {
    ctx,
    clock,
    runner: runner(),
    async member(options = {}) {
      const username = `m${randomUUID().slice(0, 10).replace(/-/g, '')}`;
      const userId = await insertMember(ctx.db, username);
      if (options.role)
        await ctx.db.updateTable('users').set({ role: options.role }).where('id', '=', userId).execute();
      if (options.topUpMinor) await topUp(ctx.db, userId, cny(options.topUpMinor));
      return { userId, username, displayName: username, role: options.role ?? 'user', via: 'token' };
    },
  };
}

/** Makes `actor` an expert at `priceMinor` CNY answering within `answerHours`. */
export async function becomeExpert(
  ctx: ServiceContext,
  actor: Actor,
  priceMinor = 5000,
  options: { answerHours?: number; accepting?: boolean; tags?: string[] } = {},
) {
  return setExpertProfile(ctx, actor, {
    bio: 'I answer database questions.',
    tags: options.tags ?? ['postgresql'],
    price: { amountMinor: priceMinor, currency: 'CNY' },
    answerHours: options.answerHours ?? 48,
    accepting: options.accepting ?? true,
  });
}

/** Asks `expert` a valid question as `asker` with a fresh request key. */
export function ask(
  ctx: ServiceContext,
  asker: Actor,
  expert: Actor,
  overrides: { visibility?: 'public' | 'private'; requestKey?: string } = {},
): Promise<PaidQuestion> {
  return askExpert(
    ctx,
    asker,
    expert.userId,
    {
      title: 'How do I tune autovacuum for a busy table?',
      body: 'The table gets millions of updates a day and bloats. What settings matter?',
      tags: ['postgresql'],
      visibility: overrides.visibility ?? 'public',
    },
    { requestKey: overrides.requestKey ?? `test:${randomUUID()}` },
  );
}

/** Makes `member` an expert through the API (`PUT /api/v1/me/expert`): a CNY 50 price unless told. */
export async function becomeExpertViaApi(
  member: Session,
  fields: Record<string, unknown> = {},
): Promise<void> {
  const response = await member.inject({
    method: 'PUT',
    url: '/api/v1/me/expert',
    payload: {
      bio: 'I answer database questions.',
      tags: ['postgresql'],
      price: { amountMinor: 5000, currency: 'CNY' },
      ...fields,
    },
  });
  assert.equal(response.statusCode, 200, response.body);
}

/** Asks `expert` a paid question through the API as `asker` (a valid one unless told); its id. */
export async function askExpertViaApi(
  asker: Session,
  expert: Session,
  fields: { title?: string; body?: string; tags?: string[]; visibility?: 'public' | 'private' } = {},
): Promise<number> {
  const response = await asker.inject({
    method: 'POST',
    url: `/api/v1/experts/${expert.userId}/questions`,
    headers: { 'idempotency-key': randomUUID() },
    payload: {
      title: 'How do I tune autovacuum for a busy table?',
      body: 'The table gets millions of updates a day and bloats. What settings matter?',
      tags: ['postgresql'],
      ...fields,
    },
  });
  assert.equal(response.statusCode, 201, response.body);
  return response.json().paidQuestion.id as number;
}

/** The expert answers paid question `id` through the API. */
export async function answerPaidViaApi(
  expert: Session,
  id: number,
  body = 'Lower the scale factor on the hot table and watch the dead tuples.',
): Promise<void> {
  const response = await expert.inject({
    method: 'POST',
    url: `/api/v1/paid-questions/${id}/answer`,
    headers: { 'idempotency-key': randomUUID() },
    payload: { body },
  });
  assert.equal(response.statusCode, 200, response.body);
}

/** A member's CNY wallet and escrow, in minor units. */
export async function moneyOf(ctx: ServiceContext, actor: Actor): Promise<{ wallet: number; held: number }> {
  const balances = await getMemberBalances(ctx.db, actor.userId);
  return {
    wallet: balances.balances.find((m) => m.currency === 'CNY')?.amountMinor ?? 0,
    held: balances.held.find((m) => m.currency === 'CNY')?.amountMinor ?? 0,
  };
}

/** The platform's CNY commission so far, in minor units. */
export async function revenueOf(ctx: ServiceContext): Promise<number> {
  const key = platformRevenue('CNY');
  const row = await ctx.db
    .selectFrom('ledger_accounts')
    .select('balance_minor')
    .where('kind', '=', key.kind)
    .where('currency', '=', key.currency)
    .executeTakeFirst();
  return Number(row?.balance_minor ?? 0);
}

/** Asserts that `promise` fails with an AppError of `status` and `code`. */
export async function refused(promise: Promise<unknown>, status: number, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, code);
    assert.equal(error.status, status);
    return true;
  });
}

/** Counts rows of a table (to show that nothing was written). */
export async function countOf(
  ctx: ServiceContext,
  table: 'paid_questions' | 'ledger_holds' | 'paid_question_unlocks' | 'ledger_transactions',
): Promise<number> {
  const row = await ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
