// Races where a top-up or a refund could move money twice. On PostgreSQL (DATABASE_URL) the
// requests run truly in parallel on the app's pool; on PGlite one transaction at a time, and the
// outcome must be the same.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { buildTestApp, registerMember, type Session } from '../../../test/helpers.js';
import { assertBooksBalance } from '../ledger/ledger.test-support.js';
import {
  countTopupPostings,
  devGateway,
  devNotice,
  notify,
  orderRow,
  topupAs,
  walletMinor,
} from './payments.test-support.js';

function requestRefundAs(member: Session, orderId: number) {
  return member.inject({
    method: 'POST',
    url: `/api/v1/wallet/topups/${orderId}/refunds`,
    headers: { 'idempotency-key': randomUUID() },
  });
}

async function count(db: Parameters<typeof walletMinor>[0], table: 'payment_events' | 'payment_refunds') {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

test('one payment notification delivered twice at once: credited once, both acknowledged', async (t) => {
  const { app, database } = await buildTestApp(t);
  const member = await registerMember(app);
  const created = await topupAs(member, 7000);
  const notice = devGateway().signNotice(
    devNotice({ reference: created.order.reference, amountMinor: 7000 }),
  );

  const answers = await Promise.all([notify(app, 'dev', notice), notify(app, 'dev', notice)]);
  assert.deepEqual(
    answers.map((answer) => [answer.statusCode, answer.body]),
    [
      [200, 'success'],
      [200, 'success'],
    ],
  );
  assert.equal(await walletMinor(database.db, member.userId), 7000);
  assert.equal(await countTopupPostings(database.db), 1);
  assert.equal(await count(database.db, 'payment_events'), 1);
  assert.equal((await orderRow(database.db, created.order.id)).status, 'paid');
  await assertBooksBalance(database.db);
});

test('two refunds of one order at once: one is taken, the other is 409; the money leaves once', async (t) => {
  const { app, database } = await buildTestApp(t);
  const member = await registerMember(app);
  const created = await topupAs(member, 10000);
  const paid = await notify(
    app,
    'dev',
    devGateway().signNotice(devNotice({ reference: created.order.reference, amountMinor: 10000 })),
  );
  assert.equal(paid.statusCode, 200);

  const answers = await Promise.all([
    requestRefundAs(member, created.order.id),
    requestRefundAs(member, created.order.id),
  ]);
  assert.deepEqual(answers.map((answer) => answer.statusCode).sort(), [201, 409]);
  const refused = answers.find((answer) => answer.statusCode === 409);
  assert.equal(refused?.json().error.code, 'payments.refund_too_large');
  assert.equal(await walletMinor(database.db, member.userId), 0);
  assert.equal(await count(database.db, 'payment_refunds'), 1);

  // The refund job, and the gateway's notification of the same refund, at once.
  const refund = await database.db.selectFrom('payment_refunds').selectAll().executeTakeFirstOrThrow();
  const refundNotice = devGateway().signNotice(
    JSON.stringify({
      ...JSON.parse(devNotice({ reference: created.order.reference, amountMinor: 10000 })),
      type: 'refund.succeeded',
      refundReference: refund.reference,
    }),
  );
  const [run, notified] = await Promise.all([app.jobs.runDueJobs(), notify(app, 'dev', refundNotice)]);
  assert.deepEqual(run, { done: 1, retried: 0, failed: 0 });
  assert.equal(notified.statusCode, 200);
  const settled = await database.db.selectFrom('payment_refunds').selectAll().executeTakeFirstOrThrow();
  assert.equal(settled.status, 'succeeded');
  const order = await orderRow(database.db, created.order.id);
  assert.equal(order.status, 'refunded');
  assert.equal(Number(order.refunded_minor), 10000, 'counted once');
  assert.equal(await walletMinor(database.db, member.userId), 0);
  await assertBooksBalance(database.db);
});
