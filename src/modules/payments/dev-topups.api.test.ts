import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { buildTestApp, registerMember } from '../../../test/helpers.js';
import { assertBooksBalance } from '../ledger/ledger.test-support.js';
import {
  alipayKeys,
  countTopupPostings,
  devGateway,
  devNotice,
  notify,
  orderRow,
  payAtCashier,
  postTopup,
  topupAs,
  walletMinor,
} from './payments.test-support.js';

test('dev top-up: create, pay at the cashier, credited once; replays change nothing', async (t) => {
  const { app, database } = await buildTestApp(t);
  const member = await registerMember(app);
  const created = await topupAs(member, 10000);
  assert.equal(created.order.status, 'created');
  assert.match(created.payUrl, /^\/dev-gateway\/orders\/tu[0-9a-f]{20}\?t=/);

  // The cashier page, then "pay": the cashier notifies the app and sends the payer back.
  const { cashier, answered: paid } = await payAtCashier(member, created.payUrl);
  assert.equal(cashier.statusCode, 200);
  assert.match(cashier.body, /data-testid="dev-cashier"/);
  assert.equal(paid.statusCode, 303, paid.body);
  assert.equal(paid.headers.location, `/wallet/topups/${created.order.id}`);

  const order = await member.inject({ method: 'GET', url: `/api/v1/wallet/topups/${created.order.id}` });
  assert.equal(order.statusCode, 200);
  assert.equal(order.json().order.status, 'paid');
  assert.deepEqual(order.json().refundable, { amountMinor: 10000, currency: 'CNY' });
  assert.equal(await walletMinor(database.db, member.userId), 10000);

  // The same notification again (a double click, the provider retrying): acknowledged, nothing moves.
  const { answered: again } = await payAtCashier(member, created.payUrl);
  assert.equal(again.statusCode, 303);
  // Another genuine payment event for the same order (a different event id): still one credit.
  const second = await notify(
    app,
    'dev',
    devGateway().signNotice(devNotice({ reference: created.order.reference, amountMinor: 10000 })),
  );
  assert.equal(second.statusCode, 200);
  assert.equal(second.body, 'success');
  assert.equal(await walletMinor(database.db, member.userId), 10000);
  assert.equal(await countTopupPostings(database.db), 1);
  const row = await orderRow(database.db, created.order.id);
  assert.equal(row.status, 'paid');
  assert.ok(row.ledger_transaction_id);
  const events = await database.db.selectFrom('payment_events').selectAll().orderBy('id').execute();
  assert.deepEqual(
    events.map((event) => event.outcome),
    ['credited', 'ignored: already_paid'],
  );
  // The order's expiry job was cancelled when it was paid.
  const job = await database.db
    .selectFrom('jobs')
    .select('state')
    .where('dedupe_key', '=', `payments.expire_order:${created.order.id}`)
    .executeTakeFirstOrThrow();
  assert.equal(job.state, 'cancelled');
  await assertBooksBalance(database.db);
});

test('dev top-up: the payer makes it fail; a late success still credits (money was taken)', async (t) => {
  const { app, database } = await buildTestApp(t);
  const member = await registerMember(app);
  const created = await topupAs(member, 2500);
  const dev = devGateway();
  const failed = await notify(
    app,
    'dev',
    dev.signNotice(
      devNotice({ reference: created.order.reference, amountMinor: 2500, type: 'payment.failed' }),
    ),
  );
  assert.equal(failed.statusCode, 200);
  assert.equal((await orderRow(database.db, created.order.id)).status, 'failed');
  assert.equal(await walletMinor(database.db, member.userId), 0);

  const late = await notify(
    app,
    'dev',
    dev.signNotice(devNotice({ reference: created.order.reference, amountMinor: 2500 })),
  );
  assert.equal(late.statusCode, 200);
  const row = await orderRow(database.db, created.order.id);
  assert.equal(row.status, 'paid');
  assert.equal(row.paid_late, true);
  assert.equal(await walletMinor(database.db, member.userId), 2500);

  // Failure after payment: recorded, ignored.
  const failAgain = await notify(
    app,
    'dev',
    dev.signNotice(
      devNotice({ reference: created.order.reference, amountMinor: 2500, type: 'payment.failed' }),
    ),
  );
  assert.equal(failAgain.statusCode, 200);
  assert.equal((await orderRow(database.db, created.order.id)).status, 'paid');
  await assertBooksBalance(database.db);
});

test('forged and altered dev notifications: 400, nothing recorded or posted', async (t) => {
  const { app, database } = await buildTestApp(t);
  const member = await registerMember(app);
  const created = await topupAs(member, 10000);
  const reference = created.order.reference;
  const dev = devGateway();
  const forger = devGateway('someone-elses-secret-0123456789');

  const genuine = devNotice({ reference, amountMinor: 10000 });
  const cases = [
    ['no signature', { rawBody: genuine, headers: { 'content-type': 'application/json' } }],
    ['wrong secret', forger.signNotice(genuine)],
    [
      'body altered after signing',
      { ...dev.signNotice(genuine), rawBody: genuine.replace('10000', '99999') },
    ],
    ['amount altered (re-signed)', dev.signNotice(devNotice({ reference, amountMinor: 1 }))],
    ['currency altered', dev.signNotice(devNotice({ reference, amountMinor: 10000, currency: 'USD' }))],
    ['other merchant', dev.signNotice(devNotice({ reference, amountMinor: 10000, merchant: 'evil' }))],
    ['not JSON', dev.signNotice('amount=10000')],
  ] as const;
  for (const [name, notice] of cases) {
    const response = await notify(app, 'dev', notice);
    assert.equal(response.statusCode, 400, name);
    assert.equal(response.json().error.code, 'payments.notification_rejected', name);
  }
  assert.equal(await walletMinor(database.db, member.userId), 0);
  assert.equal(await countTopupPostings(database.db), 0);
  const events = await database.db.selectFrom('payment_events').selectAll().execute();
  assert.equal(events.length, 0);
  assert.equal((await orderRow(database.db, created.order.id)).status, 'created');

  // A notification for a gateway this server does not offer, or no gateway at all.
  assert.equal((await notify(app, 'paypal', dev.signNotice(genuine))).statusCode, 404);
  await assertBooksBalance(database.db);
});

test('bad top-up input: a clear error naming the field, nothing written', async (t) => {
  const { app, database } = await buildTestApp(t);
  const member = await registerMember(app);
  const cases: Array<[string, unknown, number, string]> = [
    ['negative', { amount: { amountMinor: -100, currency: 'CNY' }, gateway: 'dev' }, 422, 'money.negative'],
    ['zero', { amount: { amountMinor: 0, currency: 'CNY' }, gateway: 'dev' }, 422, 'money.not_positive'],
    [
      'fractional',
      { amount: { amountMinor: 100.5, currency: 'CNY' }, gateway: 'dev' },
      422,
      'money.invalid_amount',
    ],
    ['huge', { amount: { amountMinor: 1e20, currency: 'CNY' }, gateway: 'dev' }, 422, 'money.invalid_amount'],
    [
      'too large',
      { amount: { amountMinor: 1e12 + 1, currency: 'CNY' }, gateway: 'dev' },
      422,
      'money.too_large',
    ],
    [
      'above max',
      { amount: { amountMinor: 5_000_001, currency: 'CNY' }, gateway: 'dev' },
      422,
      'payments.amount_above_maximum',
    ],
    [
      'below min',
      { amount: { amountMinor: 99, currency: 'CNY' }, gateway: 'dev' },
      422,
      'payments.amount_below_minimum',
    ],
    [
      'unknown currency',
      { amount: { amountMinor: 1000, currency: 'EUR' }, gateway: 'dev' },
      422,
      'money.unknown_currency',
    ],
    [
      'unknown gateway',
      { amount: { amountMinor: 1000, currency: 'CNY' }, gateway: 'paypal' },
      422,
      'payments.gateway_unknown',
    ],
    // Alipay and Stripe have no credentials in the test config: not offered.
    [
      'gateway without credentials',
      { amount: { amountMinor: 1000, currency: 'CNY' }, gateway: 'alipay' },
      422,
      'payments.gateway_unavailable',
    ],
    [
      'string amount',
      { amount: { amountMinor: '1000', currency: 'CNY' }, gateway: 'dev' },
      422,
      'request.invalid',
    ],
    ['missing gateway', { amount: { amountMinor: 1000, currency: 'CNY' } }, 422, 'request.invalid'],
  ];
  for (const [name, body, status, code] of cases) {
    const response = await postTopup(member, body);
    assert.equal(response.statusCode, status, `${name}: ${response.body}`);
    assert.equal(response.json().error.code, code, name);
  }
  const fields = (
    await postTopup(member, { amount: { amountMinor: -1, currency: 'CNY' }, gateway: 'dev' })
  ).json().error.fields;
  assert.ok(fields?.amount, 'the amount field is named');
  const noKey = await member.inject({
    method: 'POST',
    url: '/api/v1/wallet/topups',
    payload: { amount: { amountMinor: 1000, currency: 'CNY' }, gateway: 'dev' },
  });
  assert.equal(noKey.statusCode, 400);
  assert.equal(noKey.json().error.code, 'idempotency.key_required');
  const anonymous = await app.inject({
    method: 'POST',
    url: '/api/v1/wallet/topups',
    headers: { 'idempotency-key': randomUUID() },
    payload: { amount: { amountMinor: 1000, currency: 'CNY' }, gateway: 'dev' },
  });
  assert.equal(anonymous.statusCode, 401);
  const orders = await database.db.selectFrom('payment_orders').selectAll().execute();
  assert.equal(orders.length, 0);
  const jobs = await database.db
    .selectFrom('jobs')
    .selectAll()
    .where('name', '=', 'payments.expire_order')
    .execute();
  assert.equal(jobs.length, 0);
});

test('a disabled gateway is not offered', async (t) => {
  const { app } = await buildTestApp(t, { PAYMENTS_GATEWAYS: 'alipay' });
  const member = await registerMember(app);
  const response = await postTopup(member, {
    amount: { amountMinor: 1000, currency: 'CNY' },
    gateway: 'dev',
  });
  assert.equal(response.statusCode, 422);
  assert.equal(response.json().error.code, 'payments.gateway_unavailable');
  const options = await app.inject({ method: 'GET', url: '/api/v1/wallet/topups/options' });
  assert.deepEqual(options.json().gateways, []);
});

test('a currency the gateway does not take is refused, naming the amount; no order is made', async (t) => {
  // Alipay takes CNY only; configured (keys) but never reached: the refusal comes first.
  const keys = alipayKeys();
  const { app, database } = await buildTestApp(t, {
    ALIPAY_APP_ID: '2021000000000001',
    ALIPAY_PRIVATE_KEY: keys.app.privateKey,
    ALIPAY_PUBLIC_KEY: keys.alipay.publicKey,
    ALIPAY_GATEWAY_URL: 'http://127.0.0.1:9/gateway.do',
  });
  const member = await registerMember(app);
  const response = await postTopup(member, {
    amount: { amountMinor: 1000, currency: 'USD' },
    gateway: 'alipay',
  });
  assert.equal(response.statusCode, 422);
  const { error } = response.json();
  assert.equal(error.code, 'payments.currency_not_accepted');
  assert.deepEqual(Object.keys(error.fields), ['amount']);
  assert.equal((await database.db.selectFrom('payment_orders').selectAll().execute()).length, 0);
  // The same amount in a currency it takes goes through to the gateway's form (a 201 with the pay URL).
  const accepted = await postTopup(member, {
    amount: { amountMinor: 1000, currency: 'CNY' },
    gateway: 'alipay',
  });
  assert.equal(accepted.statusCode, 201, accepted.body);
});

test('Idempotency-Key: a repeat returns the first order; another body with the key is 422', async (t) => {
  const { app, database } = await buildTestApp(t);
  const member = await registerMember(app);
  const key = randomUUID();
  const body = { amount: { amountMinor: 10000, currency: 'CNY' }, gateway: 'dev' };
  const first = await postTopup(member, body, key);
  const second = await postTopup(member, body, key);
  assert.equal(first.statusCode, 201);
  assert.equal(second.statusCode, 201);
  assert.equal(second.headers['idempotent-replayed'], 'true');
  assert.equal(second.json().order.id, first.json().order.id);
  const other = await postTopup(member, { ...body, amount: { amountMinor: 20000, currency: 'CNY' } }, key);
  assert.equal(other.statusCode, 422);
  assert.equal(other.json().error.code, 'idempotency.key_reused');
  const orders = await database.db.selectFrom('payment_orders').selectAll().execute();
  assert.equal(orders.length, 1);
});

test('orders are private: another member gets 404; lists show only my own', async (t) => {
  const { app } = await buildTestApp(t);
  const owner = await registerMember(app);
  const other = await registerMember(app);
  const created = await topupAs(owner, 1000);
  await topupAs(owner, 2000);
  await topupAs(other, 3000);
  const peek = await other.inject({ method: 'GET', url: `/api/v1/wallet/topups/${created.order.id}` });
  assert.equal(peek.statusCode, 404);
  assert.equal(peek.json().error.code, 'payments.order_not_found');
  const refund = await other.inject({
    method: 'POST',
    url: `/api/v1/wallet/topups/${created.order.id}/refunds`,
    headers: { 'idempotency-key': randomUUID() },
  });
  assert.equal(refund.statusCode, 404);
  const list = await owner.inject({ method: 'GET', url: '/api/v1/wallet/topups' });
  assert.equal(list.statusCode, 200);
  assert.equal(list.json().total, 2);
  assert.deepEqual(
    list.json().items.map((order: { amount: { amountMinor: number } }) => order.amount.amountMinor),
    [2000, 1000],
  );
  const missing = await owner.inject({ method: 'GET', url: '/api/v1/wallet/topups/999999' });
  assert.equal(missing.statusCode, 404);
});
