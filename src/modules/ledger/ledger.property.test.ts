// Random sequences of top-ups, spends, holds, releases, partial releases, refunds, reversals,
// payouts (asked for, then paid out or returned) and replays, checked against a simple model after every step: the outcome (success or error code)
// is the one the model predicts, every balance is the model's, and checkLedgerIntegrity finds
// nothing (every transaction sums to zero per currency, no wallet is negative, every balance is
// the sum of its entries). One database for all runs; each run uses fresh members.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { databaseForFile } from '../../../test/db.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/http/errors.js';
import { type Currency, money } from '../../platform/money.js';
import { placeHold, refundHold, releaseHold, releaseHoldPartially } from './holds.service.js';
import { gatewayClearing, payoutsPayable, walletKey } from './ledger.chart.js';
import { checkLedgerIntegrity } from './ledger.integrity.js';
import { getMemberBalances, getTrialBalance } from './ledger.queries.js';
import { insertMember, NOW, newKey, topUp } from './ledger.test-support.js';
import { reverseTransaction } from './reversals.service.js';
import { credit, debit, postTransfer } from './transfers.service.js';

const MEMBERS = 3;
const member = fc.integer({ min: 0, max: MEMBERS - 1 });
const currency = fc.constantFrom<Currency>('CNY', 'USD');
const amount = fc.integer({ min: 1, max: 5000 });
const pick = fc.nat();

const opArb = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('topup' as const), user: member, currency, amount }), weight: 3 },
  {
    arbitrary: fc.record({ op: fc.constant('spend' as const), from: member, to: member, currency, amount }),
    weight: 2,
  },
  { arbitrary: fc.record({ op: fc.constant('place' as const), user: member, currency, amount }), weight: 3 },
  {
    arbitrary: fc.record({
      op: fc.constant('release' as const),
      hold: pick,
      payee: member,
      bp: fc.integer({ min: 0, max: 10_000 }),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('partial' as const),
      hold: pick,
      payee: member,
      shareBp: fc.integer({ min: 0, max: 10_000 }),
      bp: fc.integer({ min: 0, max: 10_000 }),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ op: fc.constant('refund' as const), hold: pick }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('reverse' as const), topup: pick }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('payout' as const), user: member, currency, amount }), weight: 2 },
  {
    arbitrary: fc.record({ op: fc.constant('settle' as const), payout: pick, paid: fc.boolean() }),
    weight: 2,
  },
  { arbitrary: fc.record({ op: fc.constant('replay' as const), step: pick }), weight: 1 },
);
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

interface ModelHold {
  id: number;
  payer: number;
  currency: Currency;
  amount: number;
  state: 'held' | 'released' | 'partially_released' | 'refunded';
}

/** What the ledger should look like, computed without the ledger's code (fees by BigInt here). */
class Model {
  wallets = new Map<string, number>();
  holds: ModelHold[] = [];
  topups: Array<{ id: number; user: number; currency: Currency; amount: number; reversed: boolean }> = [];
  /** Withdrawals asked for (wallet → payouts payable), settled once: paid out, or back to the wallet. */
  payouts: Array<{ user: number; currency: Currency; amount: number; settled: boolean }> = [];
  /** Work already done once, to repeat with the same key. */
  done: Array<() => Promise<unknown>> = [];

  wallet(user: number, c: Currency): number {
    return this.wallets.get(`${user}:${c}`) ?? 0;
  }
  move(user: number, c: Currency, delta: number): void {
    this.wallets.set(`${user}:${c}`, this.wallet(user, c) + delta);
  }
  held(user: number, c: Currency): number {
    return this.holds
      .filter((h) => h.payer === user && h.currency === c && h.state === 'held')
      .reduce((a, h) => a + h.amount, 0);
  }
}

const fee = (gross: number, bp: number) => Number((BigInt(gross) * BigInt(bp)) / 10_000n);
const settledCode = {
  released: 'hold.already_released',
  partially_released: 'hold.already_released',
  refunded: 'hold.already_refunded',
};

let db: Kysely<DB>;
databaseForFile((database) => {
  db = database.db;
});

/** Runs one op, checks its outcome (success or error code) against the model's prediction, and updates the model. */
async function step(model: Model, users: number[], op: Op): Promise<void> {
  const run = async (
    expected: string | undefined,
    work: () => Promise<unknown>,
    onSuccess: (result: never) => void,
  ) => {
    let code: string | undefined;
    let result: unknown;
    try {
      result = await work();
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      code = error.code;
    }
    assert.equal(
      code,
      expected,
      `${JSON.stringify(op)}: expected ${expected ?? 'success'}, got ${code ?? 'success'}`,
    );
    if (code === undefined) {
      onSuccess(result as never);
      model.done.push(work);
    }
  };
  const user = (i: number) => users[i] as number;

  switch (op.op) {
    case 'topup': {
      const key = newKey();
      return run(
        undefined,
        () => topUp(db, user(op.user), money(op.amount, op.currency), { idempotencyKey: key }),
        (t: { id: number }) => {
          model.move(op.user, op.currency, op.amount);
          model.topups.push({
            id: t.id,
            user: op.user,
            currency: op.currency,
            amount: op.amount,
            reversed: false,
          });
        },
      );
    }
    case 'spend': {
      // The debit comes first, so even a transfer to oneself needs the money for a moment.
      const ok = model.wallet(op.from, op.currency) >= op.amount;
      const key = newKey();
      const value = money(op.amount, op.currency);
      return run(
        ok ? undefined : 'wallet.insufficient_funds',
        () =>
          db.transaction().execute((trx) =>
            postTransfer(trx, {
              kind: 'adjustment',
              idempotencyKey: key,
              entries: [
                debit(walletKey(user(op.from), op.currency), value),
                credit(walletKey(user(op.to), op.currency), value),
              ],
              now: NOW,
            }),
          ),
        () => {
          model.move(op.from, op.currency, -op.amount);
          model.move(op.to, op.currency, op.amount);
        },
      );
    }
    case 'place': {
      const ok = model.wallet(op.user, op.currency) >= op.amount;
      const input = {
        payerUserId: user(op.user),
        amount: money(op.amount, op.currency),
        product: { kind: 'bounty' as const, ref: 'q' },
        idempotencyKey: newKey(),
        now: NOW,
      };
      return run(
        ok ? undefined : 'wallet.insufficient_funds',
        () => db.transaction().execute((trx) => placeHold(trx, input)),
        (o: { hold: { id: number } }) => {
          model.move(op.user, op.currency, -op.amount);
          model.holds.push({
            id: o.hold.id,
            payer: op.user,
            currency: op.currency,
            amount: op.amount,
            state: 'held',
          });
        },
      );
    }
    case 'release':
    case 'refund':
    case 'partial': {
      const hold = model.holds[op.hold % Math.max(1, model.holds.length)];
      if (!hold) return;
      const options = { idempotencyKey: newKey(), now: NOW };
      const blocked = hold.state === 'held' ? undefined : settledCode[hold.state];
      if (op.op === 'refund') {
        return run(
          blocked,
          () => db.transaction().execute((trx) => refundHold(trx, hold.id, options)),
          () => {
            model.move(hold.payer, hold.currency, hold.amount);
            hold.state = 'refunded';
          },
        );
      }
      const payee = { payeeUserId: user(op.payee), feeBasisPoints: op.bp };
      if (op.op === 'release') {
        return run(
          blocked,
          () => db.transaction().execute((trx) => releaseHold(trx, hold.id, { ...options, ...payee })),
          () => {
            model.move(op.payee, hold.currency, hold.amount - fee(hold.amount, op.bp));
            hold.state = 'released';
          },
        );
      }
      const share = fee(hold.amount, op.shareBp);
      const invalid =
        share === 0 ? 'money.not_positive' : share >= hold.amount ? 'hold.partial_amount_invalid' : undefined;
      return run(
        invalid ?? blocked,
        () =>
          db.transaction().execute((trx) =>
            releaseHoldPartially(trx, hold.id, {
              ...options,
              ...payee,
              payeeAmount: money(share, hold.currency),
            }),
          ),
        () => {
          model.move(op.payee, hold.currency, share - fee(share, op.bp));
          model.move(hold.payer, hold.currency, hold.amount - share);
          hold.state = 'partially_released';
        },
      );
    }
    case 'reverse': {
      const topup = model.topups[op.topup % Math.max(1, model.topups.length)];
      if (!topup) return;
      const expected = topup.reversed
        ? 'ledger.already_reversed'
        : model.wallet(topup.user, topup.currency) < topup.amount
          ? 'wallet.insufficient_funds'
          : undefined;
      const options = { idempotencyKey: newKey(), now: NOW };
      return run(
        expected,
        () => db.transaction().execute((trx) => reverseTransaction(trx, topup.id, options)),
        () => {
          model.move(topup.user, topup.currency, -topup.amount);
          topup.reversed = true;
        },
      );
    }
    case 'payout': {
      const ok = model.wallet(op.user, op.currency) >= op.amount;
      const key = newKey();
      const value = money(op.amount, op.currency);
      return run(
        ok ? undefined : 'wallet.insufficient_funds',
        () =>
          db.transaction().execute((trx) =>
            postTransfer(trx, {
              kind: 'payout',
              idempotencyKey: key,
              entries: [
                debit(walletKey(user(op.user), op.currency), value),
                credit(payoutsPayable(op.currency), value),
              ],
              now: NOW,
            }),
          ),
        () => {
          model.move(op.user, op.currency, -op.amount);
          model.payouts.push({ user: op.user, currency: op.currency, amount: op.amount, settled: false });
        },
      );
    }
    case 'settle': {
      const open = model.payouts.filter((p) => !p.settled);
      const payout = open[op.payout % Math.max(1, open.length)];
      if (!payout) return;
      const key = newKey();
      const value = money(payout.amount, payout.currency);
      const to = op.paid
        ? gatewayClearing('dev', payout.currency)
        : walletKey(user(payout.user), payout.currency);
      return run(
        undefined,
        () =>
          db.transaction().execute((trx) =>
            postTransfer(trx, {
              kind: op.paid ? 'payout_paid' : 'payout_rejected',
              idempotencyKey: key,
              entries: [debit(payoutsPayable(payout.currency), value), credit(to, value)],
              now: NOW,
            }),
          ),
        () => {
          payout.settled = true;
          if (!op.paid) model.move(payout.user, payout.currency, payout.amount);
        },
      );
    }
    case 'replay': {
      const work = model.done[op.step % Math.max(1, model.done.length)];
      if (!work) return;
      const result = (await work()) as { replayed?: boolean; transaction?: { replayed: boolean } };
      assert.equal(
        result.replayed ?? result.transaction?.replayed,
        true,
        'a repeat with the same key is a replay',
      );
      return;
    }
  }
}

async function assertMatches(model: Model, users: number[]): Promise<void> {
  assert.deepEqual(await checkLedgerIntegrity(db), []);
  for (const [i, id] of users.entries()) {
    const { balances, held } = await getMemberBalances(db, id);
    for (const c of ['CNY', 'USD'] as const) {
      assert.equal(
        balances.find((b) => b.currency === c)?.amountMinor ?? 0,
        model.wallet(i, c),
        `wallet ${i} ${c}`,
      );
      assert.equal(held.find((b) => b.currency === c)?.amountMinor ?? 0, model.held(i, c), `held ${i} ${c}`);
      assert.ok(model.wallet(i, c) >= 0);
    }
  }
}

test('random money flows keep every ledger invariant and match the model', { timeout: 120_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 15 }), async (ops) => {
      const users = [await insertMember(db), await insertMember(db), await insertMember(db)];
      const model = new Model();
      for (const op of ops) {
        await step(model, users, op);
        await assertMatches(model, users);
      }
      assert.ok((await getTrialBalance(db)).balanced);
    }),
    { numRuns: 30 },
  );
});
