import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import Stripe from 'stripe';
import { buildTestApp, registerMember } from '../../../test/helpers.js';
import { assertBooksBalance } from '../ledger/ledger.test-support.js';
import { gatewayFor } from './gateways/index.js';
import { countTopupPostings, orderRow, startStandIn, topupAs, walletMinor } from './payments.test-support.js';

const WEBHOOK_SECRET = 'whsec_test_techqa';
const stripe = new Stripe('sk_test_techqa');

function json(response: import('node:http').ServerResponse, status: number, body: unknown) {
  response
    .writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_test' })
    .end(JSON.stringify(body));
}

async function stripeApp(t: Parameters<typeof buildTestApp>[0]) {
  const standIn = await startStandIn(t);
  const sessions = new Map<string, Record<string, unknown>>();
  let refundAnswer: (body: URLSearchParams) => [number, unknown] = () => [
    200,
    { id: 're_1', object: 'refund', status: 'succeeded' },
  ];
  standIn.handle = (request, response) => {
    const form = new URLSearchParams(request.body);
    if (request.method === 'POST' && request.url === '/v1/checkout/sessions') {
      const id = `cs_test_${sessions.size + 1}`;
      const session = {
        id,
        object: 'checkout.session',
        url: `https://checkout.stripe.com/c/pay/${id}`,
        client_reference_id: form.get('client_reference_id'),
        amount_total: Number(form.get('line_items[0][price_data][unit_amount]')),
        currency: form.get('line_items[0][price_data][currency]'),
        payment_status: 'unpaid',
        status: 'open',
        payment_intent: null,
      };
      sessions.set(id, session);
      return json(response, 200, session);
    }
    if (request.method === 'GET' && request.url.startsWith('/v1/checkout/sessions/')) {
      const session = sessions.get(request.url.split('/').pop() ?? '');
      return session
        ? json(response, 200, session)
        : json(response, 404, { error: { type: 'invalid_request_error' } });
    }
    if (request.method === 'POST' && request.url === '/v1/refunds') {
      const [status, body] = refundAnswer(form);
      return json(response, status, body);
    }
    if (request.method === 'POST' && request.url === '/v1/transfers') {
      return json(response, 200, { id: 'tr_1', object: 'transfer', amount: Number(form.get('amount')) });
    }
    json(response, 404, { error: { type: 'invalid_request_error', message: 'no such route' } });
  };
  const testApp = await buildTestApp(t, {
    STRIPE_SECRET_KEY: 'sk_test_techqa',
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_HOST: standIn.url,
  });
  const webhook = (event: Record<string, unknown>, secret = WEBHOOK_SECRET) => {
    const payload = JSON.stringify({
      object: 'event',
      api_version: '2025-01-01',
      created: 1764000000,
      ...event,
    });
    return {
      rawBody: payload,
      headers: {
        'content-type': 'application/json',
        'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret }),
      },
    };
  };
  const post = (notice: { rawBody: string; headers: Record<string, string> }) =>
    testApp.app.inject({
      method: 'POST',
      url: '/api/v1/payments/notify/stripe',
      headers: notice.headers,
      payload: notice.rawBody,
    });
  const completed = (
    reference: string,
    fields: Record<string, unknown> = {},
    type = 'checkout.session.completed',
  ) =>
    webhook({
      id: `evt_${randomUUID().replaceAll('-', '')}`,
      type,
      data: {
        object: {
          id: 'cs_test_1',
          object: 'checkout.session',
          client_reference_id: reference,
          payment_status: 'paid',
          status: 'complete',
          amount_total: 2000,
          currency: 'usd',
          payment_intent: 'pi_test_1',
          ...fields,
        },
      },
    });
  return {
    ...testApp,
    standIn,
    sessions,
    webhook,
    post,
    completed,
    answerRefunds(answer: typeof refundAnswer) {
      refundAnswer = answer;
    },
  };
}

test('stripe: a Checkout Session through the stand-in; a signed completed event credits once', async (t) => {
  const { app, database, standIn, post, completed } = await stripeApp(t);
  const member = await registerMember(app);
  const created = await topupAs(member, 2000, 'stripe', 'USD');
  assert.equal(created.payUrl, 'https://checkout.stripe.com/c/pay/cs_test_1');
  const call = standIn.requests[0];
  assert.ok(call);
  const form = new URLSearchParams(call.body);
  assert.equal(form.get('client_reference_id'), created.order.reference);
  assert.equal(form.get('mode'), 'payment');
  assert.equal(form.get('line_items[0][price_data][currency]'), 'usd');
  assert.equal(call.headers['idempotency-key'], `checkout:${created.order.reference}`);
  assert.equal((await orderRow(database.db, created.order.id)).checkout_id, 'cs_test_1');

  const event = completed(created.order.reference);
  const first = await post(event);
  assert.equal(first.statusCode, 200, first.body);
  assert.deepEqual(first.json(), { received: true });
  assert.equal((await post(event)).statusCode, 200, 'a replay is acknowledged');
  assert.equal(await walletMinor(database.db, member.userId, 'USD'), 2000);
  assert.equal(await countTopupPostings(database.db), 1);
  const row = await orderRow(database.db, created.order.id);
  assert.equal(row.status, 'paid');
  assert.equal(row.external_id, 'pi_test_1');
  await assertBooksBalance(database.db);
});

test('stripe: forged and altered webhooks get 400; unpaid, failed and expired sessions are handled', async (t) => {
  const { app, database, post, completed, webhook } = await stripeApp(t);
  const member = await registerMember(app);
  const { order } = await topupAs(member, 2000, 'stripe', 'USD');
  const genuine = completed(order.reference);
  const cases: Array<[string, { rawBody: string; headers: Record<string, string> }]> = [
    [
      'payload altered after signing',
      { ...genuine, rawBody: genuine.rawBody.replace('"amount_total":2000', '"amount_total":20') },
    ],
    ['signed with another secret', completed(order.reference, {}, 'checkout.session.completed')],
    ['no signature header', { ...genuine, headers: { 'content-type': 'application/json' } }],
    ['amount differs', completed(order.reference, { amount_total: 1999 })],
    ['currency differs', completed(order.reference, { currency: 'cny' })],
    ['unknown currency', completed(order.reference, { currency: 'eur' })],
  ];
  // The second case is re-signed with a wrong secret.
  const wrong = cases[1];
  if (wrong) {
    const event = JSON.parse(genuine.rawBody) as Record<string, unknown>;
    wrong[1] = webhook(event, 'whsec_someone_else');
  }
  for (const [name, notice] of cases) {
    const response = await post(notice);
    assert.equal(response.statusCode, 400, `${name}: ${response.body}`);
    assert.equal(response.json().error.code, 'payments.notification_rejected', name);
  }
  assert.equal(await walletMinor(database.db, member.userId, 'USD'), 0);
  assert.equal((await database.db.selectFrom('payment_events').selectAll().execute()).length, 0);

  // Completed but not yet paid (an async method): nothing yet.
  assert.equal((await post(completed(order.reference, { payment_status: 'unpaid' }))).statusCode, 200);
  assert.equal((await orderRow(database.db, order.id)).status, 'created');
  // An event type we do not use is acknowledged.
  assert.equal(
    (await post(webhook({ id: 'evt_other', type: 'customer.created', data: { object: {} } }))).statusCode,
    200,
  );
  // The async payment fails.
  assert.equal(
    (await post(completed(order.reference, {}, 'checkout.session.async_payment_failed'))).statusCode,
    200,
  );
  assert.equal((await orderRow(database.db, order.id)).status, 'failed');

  const second = await topupAs(member, 2000, 'stripe', 'USD');
  assert.equal(
    (await post(completed(second.order.reference, { id: 'cs_test_2' }, 'checkout.session.expired')))
      .statusCode,
    200,
  );
  assert.equal((await orderRow(database.db, second.order.id)).status, 'expired');
  // Paid after the session expired (out of order): still credited.
  assert.equal(
    (await post(completed(second.order.reference, { id: 'cs_test_2', payment_intent: 'pi_test_2' })))
      .statusCode,
    200,
  );
  const late = await orderRow(database.db, second.order.id);
  assert.equal(late.status, 'paid');
  assert.equal(late.paid_late, true);
  assert.equal(await walletMinor(database.db, member.userId, 'USD'), 2000);
  await assertBooksBalance(database.db);
});

test('stripe: a pending refund settles on charge.refunded; a refused one returns the money', async (t) => {
  const { app, database, post, completed, webhook, answerRefunds, standIn, config } = await stripeApp(t);
  const member = await registerMember(app);
  const { order } = await topupAs(member, 2000, 'stripe', 'USD');
  assert.equal((await post(completed(order.reference))).statusCode, 200);

  answerRefunds(() => [200, { id: 're_1', object: 'refund', status: 'pending' }]);
  const ask = (amountMinor: number) =>
    member.inject({
      method: 'POST',
      url: `/api/v1/wallet/topups/${order.id}/refunds`,
      headers: { 'idempotency-key': randomUUID() },
      payload: { amount: { amountMinor, currency: 'USD' } },
    });
  assert.equal((await ask(500)).statusCode, 201);
  await app.jobs.runDueJobs();
  const call = standIn.requests.at(-1);
  assert.equal(call?.url, '/v1/refunds');
  assert.equal(new URLSearchParams(call?.body).get('payment_intent'), 'pi_test_1');
  assert.equal(call?.headers['idempotency-key'], `refund:${order.reference}_r1`);
  let refund = await database.db.selectFrom('payment_refunds').selectAll().executeTakeFirstOrThrow();
  assert.equal(refund.status, 'pending');

  const refunded = webhook({
    id: 'evt_refund_1',
    type: 'charge.refunded',
    data: {
      object: {
        id: 'ch_1',
        object: 'charge',
        amount_refunded: 500,
        currency: 'usd',
        payment_intent: 'pi_test_1',
        metadata: {},
      },
    },
  });
  assert.equal((await post(refunded)).statusCode, 200);
  refund = await database.db.selectFrom('payment_refunds').selectAll().executeTakeFirstOrThrow();
  assert.equal(refund.status, 'succeeded');
  assert.equal((await orderRow(database.db, order.id)).refunded_minor, 500);

  answerRefunds(() => [
    400,
    { error: { type: 'invalid_request_error', message: 'Charge has been disputed' } },
  ]);
  assert.equal((await ask(1500)).statusCode, 201);
  assert.equal(await walletMinor(database.db, member.userId, 'USD'), 0);
  await app.jobs.runDueJobs();
  assert.equal(await walletMinor(database.db, member.userId, 'USD'), 1500);
  const failed = await database.db
    .selectFrom('payment_refunds')
    .selectAll()
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  assert.equal(failed.status, 'failed');
  assert.match(failed.failure ?? '', /disputed/);

  const gateway = gatewayFor(config, 'stripe');
  const transfer = await gateway?.transfer({
    reference: 'payout_7',
    amount: { amountMinor: 1000, currency: 'USD' },
    destination: 'acct_123',
    memo: 'TechQ&A payout #7',
  });
  assert.deepEqual(transfer, { status: 'succeeded', externalId: 'tr_1' });
  assert.equal(standIn.requests.at(-1)?.headers['idempotency-key'], 'transfer:payout_7');
  await assertBooksBalance(database.db);
});

test('stripe: the expiry job asks for the session: paid is credited, open expires', async (t) => {
  const { app, database, clock, sessions } = await stripeApp(t);
  const member = await registerMember(app);
  const paid = await topupAs(member, 2000, 'stripe', 'USD');
  const open = await topupAs(member, 3000, 'stripe', 'USD');
  const session = sessions.get('cs_test_1');
  assert.ok(session);
  Object.assign(session, { payment_status: 'paid', status: 'complete', payment_intent: 'pi_test_9' });
  clock.advance(31 * 60);
  assert.equal((await app.jobs.runDueJobs()).done, 2);
  assert.equal((await orderRow(database.db, paid.order.id)).status, 'paid');
  assert.equal((await orderRow(database.db, open.order.id)).status, 'expired');
  assert.equal(await walletMinor(database.db, member.userId, 'USD'), 2000);
  await assertBooksBalance(database.db);
});
