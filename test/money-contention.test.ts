// One member spending through three money use cases at once: bounty offers, paid questions and
// payout requests. On PostgreSQL (DATABASE_URL) the 30 run truly in parallel on a wide pool; on
// PGlite they run one at a time. Either way no racer may fail with anything but a rule's own code
// (no 500 for a deadlock or a serialisation failure), and the books must balance afterwards.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { offerBounty } from '../src/modules/bounties/offer-bounty.service.js';
import { askExpert } from '../src/modules/experts/ask.service.js';
import { setExpertProfile } from '../src/modules/experts/expert-profile.service.js';
import { checkLedgerIntegrity, getMemberBalances, getTrialBalance } from '../src/modules/ledger/index.js';
import { cny, topUp } from '../src/modules/ledger/ledger.test-support.js';
import { requestPayout } from '../src/modules/wallet/payouts.service.js';
import { IN_MEMORY, openDatabase } from '../src/platform/db/index.js';
import type { Actor } from '../src/platform/http/auth.js';
import { AppError } from '../src/platform/http/errors.js';
import { askViaApi } from './community.js';
import { createTestDatabase } from './db.js';
import { buildTestApp, registerMember } from './helpers.js';
import { jobsContext } from './jobs.js';

const EACH = 10;
const DAY = 86_400;

test(`${EACH} bounty offers, ${EACH} paid questions and ${EACH} payouts by one member at once: no 500, books balance`, async (t) => {
  const database = await createTestDatabase();
  const world = await buildTestApp(t, {}, { database });
  const wide = database.url
    ? await openDatabase({ databaseUrl: database.url, dataDir: IN_MEMORY, poolSize: 3 * EACH + 2 })
    : database;
  t.after(() => (wide === database ? undefined : wide.close()));
  const retries: object[] = [];
  const base = jobsContext(wide, world.clock, world.config);
  const log = Object.assign(Object.create(base.log) as typeof base.log, {
    warn: (obj: object) => retries.push(obj),
  });
  const ctx = { ...base, log };

  const spender = await registerMember(world.app);
  const expertSession = await registerMember(world.app);
  await database.db
    .updateTable('users')
    .set({ reputation: 1_000 })
    .where('id', '=', spender.userId)
    .execute();
  const actorOf = (userId: number, username: string): Actor => ({
    userId,
    username,
    displayName: username,
    role: 'user',
    via: 'session',
  });
  const me = actorOf(spender.userId, spender.username);
  const expert = actorOf(expertSession.userId, expertSession.username);
  await setExpertProfile(ctx, expert, {
    bio: 'I answer database questions.',
    tags: ['postgresql'],
    price: { amountMinor: 1_000, currency: 'CNY' },
    answerHours: 48,
    accepting: true,
  });
  const questions: number[] = [];
  for (let i = 0; i < EACH; i += 1) questions.push((await askViaApi(spender)).id);
  world.clock.advance(3 * DAY);
  await topUp(database.db, spender.userId, cny(100_000));

  const racers: Promise<unknown>[] = [];
  for (let i = 0; i < EACH; i += 1) {
    racers.push(
      offerBounty(
        ctx,
        me,
        questions[i] as number,
        { amount: { amountMinor: 1_000, currency: 'CNY' } },
        `b:${i}`,
      ),
      askExpert(
        ctx,
        me,
        expert.userId,
        {
          title: `How do I tune autovacuum for busy table number ${i}?`,
          body: 'The table gets millions of updates a day and bloats. What settings matter?',
          tags: ['postgresql'],
          visibility: 'public',
        },
        { requestKey: `q:${i}` },
      ),
      requestPayout(
        ctx,
        me,
        { amount: { amountMinor: 1_000, currency: 'CNY' }, gateway: 'dev', destination: 'me@example.com' },
        `p:${i}`,
      ),
    );
  }
  const results = await Promise.allSettled(racers);
  const codes = results.flatMap((r) => {
    if (r.status === 'fulfilled') return [];
    if (r.reason instanceof AppError && r.reason.status < 500) return [r.reason.code];
    return [`unexpected: ${String((r.reason as { code?: string }).code ?? '')} ${String(r.reason)}`];
  });
  // At most three open bounties per member: the other seven offers are refused by that rule alone.
  assert.deepEqual(codes.sort(), Array(EACH - 3).fill('bounty.too_many_active'));

  // One lock order for every money use case: nothing even had to be retried.
  assert.deepEqual(retries, []);

  // 3 bounties + 10 questions held; 10 payouts waiting in payouts payable: ¥230 of ¥1,000 gone.
  const balances = await getMemberBalances(database.db, spender.userId);
  assert.deepEqual(
    balances.balances.map((m) => [m.currency, m.amountMinor]),
    [['CNY', 100_000 - 23 * 1_000]],
  );
  assert.deepEqual(
    balances.held.map((m) => [m.currency, m.amountMinor]),
    [['CNY', 13 * 1_000]],
  );
  const trial = await getTrialBalance(database.db);
  assert.equal(trial.balanced, true, JSON.stringify(trial));
  assert.deepEqual(await checkLedgerIntegrity(database.db), []);
});
