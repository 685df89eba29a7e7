import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { TestContext } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { answerViaApi, askViaApi } from '../../../test/community.js';
import { buildTestApp, registerMember, type Session, type TestApp } from '../../../test/helpers.js';
import { jobsContext } from '../../../test/jobs.js';
import type { ServiceContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { Actor } from '../../platform/http/auth.js';
import { AppError } from '../../platform/http/errors.js';
import type { Currency, Money } from '../../platform/money.js';
import { cny, topUp, walletBalance } from '../ledger/ledger.test-support.js';
import { grantReputation } from '../reputation/reputation.test-support.js';

/** Test-only helpers of the bounties module: a world with members, money, questions and answers. */

export const DAY = 86_400;
export const HOUR = 3_600;

export interface BountyWorld extends TestApp {
  ctx: ServiceContext;
}

/** The real app on a fresh database, and a service context on the same database and clock. */
export async function bountyWorld(t: TestContext, env: Record<string, string> = {}): Promise<BountyWorld> {
  const world = await buildTestApp(t, env);
  return { ...world, ctx: jobsContext(world.database, world.clock, world.config) };
}

/** A registered member with reputation (100 unless given) and, if asked, money in their wallet. */
export async function member(
  world: TestApp,
  options: { reputation?: number; wallet?: number; currency?: Currency } = {},
): Promise<Session & { actor: Actor }> {
  const session = await registerMember(world.app);
  // Earned as a real event, so the total stays the replay of the member's events.
  const reputation = options.reputation ?? 100;
  if (reputation > 1) await grantReputation(world.database.db, session.userId, reputation - 1);
  if (options.wallet) {
    await topUp(world.database.db, session.userId, {
      amountMinor: options.wallet,
      currency: options.currency ?? 'CNY',
    });
  }
  return {
    ...session,
    actor: {
      userId: session.userId,
      username: session.username,
      displayName: session.username,
      role: 'user',
      via: 'session',
    },
  };
}

/** A question asked by `asker` and then left to age `days` days (3 by default: old enough for a bounty). */
export async function oldQuestion(world: TestApp, asker: Session, days = 3): Promise<number> {
  const question = await askViaApi(asker);
  world.clock.advance(days * DAY);
  return question.id;
}

/** An answer by `author`, with its score set directly (votes need voters; the score is what counts). */
export async function answerWithScore(
  world: TestApp,
  author: Session,
  questionId: number,
  score = 0,
): Promise<number> {
  const id = await answerViaApi(author, questionId);
  if (score !== 0) {
    await world.database.db.updateTable('answers').set({ score }).where('id', '=', id).execute();
  }
  return id;
}

/** The code of the AppError a promise rejects with (fails the test on anything else). */
export async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return { status: error.status, code: error.code };
    throw error;
  }
  assert.fail('expected a refusal');
}

/** Wallet balances of several members, in minor units of one currency. */
export async function wallets(db: Kysely<DB>, ids: readonly number[], currency: Currency = 'CNY') {
  return Promise.all(ids.map((id) => walletBalance(db, id, currency)));
}

/** The platform's commission income in one currency (0 before the first fee). */
export async function platformRevenueMinor(db: Kysely<DB>, currency: Currency = 'CNY'): Promise<number> {
  const row = await db
    .selectFrom('ledger_accounts')
    .select('balance_minor')
    .where('kind', '=', 'platform_revenue')
    .where('currency', '=', currency)
    .executeTakeFirst();
  return row?.balance_minor ?? 0;
}

/** Money held in escrow for a member, in minor units. */
export async function heldMinor(db: Kysely<DB>, userId: number, currency: Currency = 'CNY'): Promise<number> {
  const row = await db
    .selectFrom('ledger_accounts')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('balance_minor'), eb.lit(0)).as('held'))
    .where('kind', '=', 'escrow')
    .where('owner_user_id', '=', userId)
    .where('currency', '=', currency)
    .executeTakeFirstOrThrow();
  return Number(row.held);
}

/** Counts of rows that a refused request must not have written. */
export async function footprint(
  db: Kysely<DB>,
): Promise<{ bounties: number; transactions: number; holds: number }> {
  const count = async (table: 'bounties' | 'ledger_transactions' | 'ledger_holds') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    bounties: await count('bounties'),
    transactions: await count('ledger_transactions'),
    holds: await count('ledger_holds'),
  };
}

/** A fresh request key, as the API derives one from a member's Idempotency-Key. */
export function requestKey(): string {
  return `idem:test:${randomUUID()}`;
}

/** CNY in tests. */
export function yuan(amountMinor: number): Money {
  return cny(amountMinor);
}

/** POST /api/v1/questions/:id/bounties as `member`, with a fresh Idempotency-Key unless given. */
export function postOffer(
  member: Session,
  questionId: number,
  body: unknown,
  key: string = randomUUID(),
): Promise<LightMyRequestResponse> {
  return member.inject({
    method: 'POST',
    url: `/api/v1/questions/${questionId}/bounties`,
    headers: { 'idempotency-key': key },
    payload: body as Record<string, unknown>,
  });
}

/** POST /api/v1/bounties/:id/award as `member`, with a fresh Idempotency-Key unless given. */
export function postAward(
  member: Session,
  bountyId: number,
  answerId: unknown,
  key: string = randomUUID(),
): Promise<LightMyRequestResponse> {
  return member.inject({
    method: 'POST',
    url: `/api/v1/bounties/${bountyId}/award`,
    headers: { 'idempotency-key': key },
    payload: { answerId },
  });
}
