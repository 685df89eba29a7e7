import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import {
  buildTestApp,
  registerMember,
  type Session,
  TEST_DEV_GATEWAY_SECRET,
} from '../../../test/helpers.js';
import { restartableApp } from '../../../test/jobs.js';
import { assertBooksBalance } from '../ledger/ledger.test-support.js';
import type { ProviderResult, RefundRequest } from './gateway.port.js';
import { DevGateway } from './gateways/dev.gateway.js';
import {
  devGateway,
  devNotice,
  notify,
  orderRow,
  payAtCashier,
  topupAs,
  walletMinor,
} from './payments.test-support.js';

function requestRefundAs(
  member: Session,
  orderId: number,
  amount?: { amountMinor: number; currency: string },
) {
  return member.inject({
    method: 'POST',
    url: `/api/v1/wallet/topups/${orderId}/refunds`,
    headers: { 'idempotency-key': randomUUID() },
    ...(amount ? { payload: { amount } } : {}),
  });
}

async function paidTopup(app: Parameters<typeof notify>[0], member: Session, amountMinor: number) {
  const created = await topupAs(member, amountMinor);
  const paid = await notify(
    app,
    'dev',
    devGateway().signNotice(devNotice({ reference: created.order.reference, amountMinor })),
  );
  assert.equal(paid.statusCode, 200);
  return created.order;
}

/** A dev gateway whose refunds answer as told (and count the calls). */
class ScriptedDev extends DevGateway {
  calls = 0;
  constructor(private readonly answer: () => Promise<ProviderResult>) {
    super({ secret: TEST_DEV_GATEWAY_SECRET });
  }
  override async refund(_request: RefundRequest): Promise<ProviderResult> {
    this.calls += 1;
    return this.answer();
  }
}

test('an unpaid order expires by its job at expiresAt (test clock); a payment after that still credits', async (t) => {
  const { app, database, clock } = await buildTestApp(t);
  const member = await registerMember(app);
  const created = await topupAs(member, 5000);
  // Not due yet: the job waits.
  clock.advance(29 * 60);
  assert.equal((await app.jobs.runDueJobs()).done, 0);
  assert.equal((await orderRow(database.db, created.order.id)).status, 'created');

  clock.advance(2 * 60);
  const run = await app.jobs.runDueJobs();
  assert.equal(run.done, 1);
  const expired = await orderRow(database.db, created.order.id);
  assert.equal(expired.status, 'expired');
  assert.ok(expired.closed_at);

  // The cashier link no longer pays...
  const { cashier, answered: refused } = await payAtCashier(member, created.payUrl);
  assert.match(cashier.body, /payment link has expired/);
  assert.equal(refused.statusCode, 400);
  // ...but money a gateway took after expiry is credited (paid late), never lost.
  const late = await notify(
    app,
    'dev',
    devGateway().signNotice(devNotice({ reference: created.order.reference, amountMinor: 5000 })),
  );
  assert.equal(late.statusCode, 200);
  const row = await orderRow(database.db, created.order.id);
  assert.equal(row.status, 'paid');
  assert.equal(row.paid_late, true);
  assert.equal(await walletMinor(database.db, member.userId), 5000);
  await assertBooksBalance(database.db);
});

test('refund of an unspent top-up: money leaves the wallet at once, the job refunds through the gateway', async (t) => {
  const { app, database } = await buildTestApp(t);
  const member = await registerMember(app);
  const order = await paidTopup(app, member, 10000);

  const partial = await requestRefundAs(member, order.id, { amountMinor: 3000, currency: 'CNY' });
  assert.equal(partial.statusCode, 201, partial.body);
  assert.equal(partial.json().refund.status, 'requested');
  assert.equal(await walletMinor(database.db, member.userId), 7000);
  // More than is left to refund: refused, nothing moves.
  const tooMuch = await requestRefundAs(member, order.id, { amountMinor: 7001, currency: 'CNY' });
  assert.equal(tooMuch.statusCode, 409);
  assert.equal(tooMuch.json().error.code, 'payments.refund_too_large');
  const wrongCurrency = await requestRefundAs(member, order.id, { amountMinor: 100, currency: 'USD' });
  assert.equal(wrongCurrency.statusCode, 422);
  assert.equal(wrongCurrency.json().error.code, 'money.currency_mismatch');
  for (const amountMinor of [0, -5, 1.5]) {
    const bad = await requestRefundAs(member, order.id, { amountMinor, currency: 'CNY' });
    assert.equal(bad.statusCode, 422, String(amountMinor));
  }
  assert.equal(await walletMinor(database.db, member.userId), 7000);

  assert.equal((await app.jobs.runDueJobs()).done, 1);
  let details = (await member.inject({ method: 'GET', url: `/api/v1/wallet/topups/${order.id}` })).json();
  assert.equal(details.order.status, 'paid');
  assert.deepEqual(details.order.refunded, { amountMinor: 3000, currency: 'CNY' });
  assert.equal(details.refunds[0].status, 'succeeded');

  // The rest (no amount: all that is refundable).
  const rest = await requestRefundAs(member, order.id);
  assert.equal(rest.statusCode, 201);
  assert.deepEqual(rest.json().refund.amount, { amountMinor: 7000, currency: 'CNY' });
  await app.jobs.runDueJobs();
  details = (await member.inject({ method: 'GET', url: `/api/v1/wallet/topups/${order.id}` })).json();
  assert.equal(details.order.status, 'refunded');
  assert.equal(await walletMinor(database.db, member.userId), 0);
  const again = await requestRefundAs(member, order.id);
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().error.code, 'payments.refund_not_paid');
  await assertBooksBalance(database.db);
});

test('refund of money already spent: 409 wallet.insufficient_funds, nothing written', async (t) => {
  const { app, database } = await buildTestApp(t);
  const member = await registerMember(app);
  const order = await paidTopup(app, member, 10000);
  // Spend some of it (a hold: money moves into escrow).
  const { placeHold } = await import('../ledger/index.js');
  await database.db.transaction().execute((trx) =>
    placeHold(trx, {
      payerUserId: member.userId,
      amount: { amountMinor: 6000, currency: 'CNY' },
      product: { kind: 'bounty', ref: 'q:1' },
      idempotencyKey: 'test:hold:1',
      now: new Date(),
    }),
  );
  const refund = await requestRefundAs(member, order.id);
  assert.equal(refund.statusCode, 409);
  assert.equal(refund.json().error.code, 'wallet.insufficient_funds');
  const rows = await database.db.selectFrom('payment_refunds').selectAll().execute();
  assert.equal(rows.length, 0);
  assert.equal(await walletMinor(database.db, member.userId), 4000);
  const unpaid = await topupAs(member, 1000);
  const notPaid = await requestRefundAs(member, unpaid.order.id);
  assert.equal(notPaid.statusCode, 409);
  assert.equal(notPaid.json().error.code, 'payments.refund_not_paid');
  await assertBooksBalance(database.db);
});

test('refund refused by the gateway: the money returns to the wallet (a reversal); errors retry', async (t) => {
  let answers = 0;
  const gateway = new ScriptedDev(async () => {
    answers += 1;
    if (answers === 1) throw new Error('connection reset');
    return { status: 'failed', externalId: null, failure: 'ACQ.TRADE_HAS_FINISHED' };
  });
  const { app, database } = await buildTestApp(t, {}, { gateways: [gateway] });
  const member = await registerMember(app);
  const order = await paidTopup(app, member, 8000);

  assert.equal((await requestRefundAs(member, order.id)).statusCode, 201);
  assert.equal(await walletMinor(database.db, member.userId), 0);
  const first = await app.jobs.runDueJobs();
  assert.equal(first.retried, 1, 'a network error retries the job');
  const refundRow = await database.db.selectFrom('payment_refunds').selectAll().executeTakeFirstOrThrow();
  assert.equal(refundRow.status, 'requested');

  await app.jobs.runDueJobs(new Date(Date.now() + 3600_000));
  const failed = await database.db.selectFrom('payment_refunds').selectAll().executeTakeFirstOrThrow();
  assert.equal(failed.status, 'failed');
  assert.equal(failed.failure, 'ACQ.TRADE_HAS_FINISHED');
  assert.ok(failed.reversal_transaction_id);
  assert.equal(await walletMinor(database.db, member.userId), 8000);
  assert.equal((await orderRow(database.db, order.id)).status, 'paid');
  assert.equal(gateway.calls, 2);
  // The member may ask again.
  assert.equal((await requestRefundAs(member, order.id)).statusCode, 201);
  await assertBooksBalance(database.db);
});

test('crash between the ledger write and the gateway call: the next process finishes the refund', async (t) => {
  const first = await restartableApp(t);
  const member = await registerMember(first.app);
  const order = await paidTopup(first.app, member, 10000);
  assert.equal((await requestRefundAs(member, order.id)).statusCode, 201);
  // The refund is written (money out of the wallet) and its job enqueued, but the process dies
  // before any runner calls the gateway: its app and database handle are gone. A new process: a
  // new handle on the same data (a data dir on disk on PGlite).
  const second = await first.restart();
  const { database } = second;
  assert.equal(await walletMinor(database.db, member.userId), 0);
  const pending = await database.db.selectFrom('payment_refunds').selectAll().executeTakeFirstOrThrow();
  assert.equal(pending.status, 'requested');
  const run = await second.app.jobs.runDueJobs();
  assert.equal(run.done, 1);
  const done = await database.db.selectFrom('payment_refunds').selectAll().executeTakeFirstOrThrow();
  assert.equal(done.status, 'succeeded');
  assert.equal((await orderRow(database.db, order.id)).status, 'refunded');
  await assertBooksBalance(database.db);
});

test('an order created before a restart expires after it, when the next process reaches expiresAt', async (t) => {
  const first = await restartableApp(t);
  const member = await registerMember(first.app);
  const created = await topupAs(member, 5000);
  assert.equal((await first.app.jobs.runDueJobs()).done, 0, 'not due in the first run');

  const second = await first.restart();
  const { database } = second;
  assert.equal((await orderRow(database.db, created.order.id)).status, 'created');
  second.clock.advance(29 * 60);
  assert.equal((await second.app.jobs.runDueJobs()).done, 0, 'a minute early, nothing expires');
  second.clock.advance(2 * 60);
  assert.deepEqual(await second.app.jobs.runDueJobs(), { done: 1, retried: 0, failed: 0 });
  const expired = await orderRow(database.db, created.order.id);
  assert.equal(expired.status, 'expired');
  assert.ok(expired.closed_at);
  assert.equal(await walletMinor(database.db, member.userId), 0);
  await assertBooksBalance(database.db);
});
