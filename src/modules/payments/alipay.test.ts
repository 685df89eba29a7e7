import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { buildTestApp, registerMember } from '../../../test/helpers.js';
import { assertBooksBalance } from '../ledger/ledger.test-support.js';
import { gatewayFor } from './gateways/index.js';
import {
  alipayCall,
  alipayKeys,
  alipayResponse,
  countTopupPostings,
  orderRow,
  signAlipayNotice,
  startStandIn,
  topupAs,
  walletMinor,
} from './payments.test-support.js';

const APP_ID = '2021000000000001';
const SELLER = '2088000000000001';

async function alipayApp(t: Parameters<typeof buildTestApp>[0]) {
  const keys = alipayKeys();
  const standIn = await startStandIn(t);
  const testApp = await buildTestApp(t, {
    ALIPAY_APP_ID: APP_ID,
    ALIPAY_PRIVATE_KEY: keys.app.privateKey,
    ALIPAY_PUBLIC_KEY: keys.alipay.publicKey,
    ALIPAY_GATEWAY_URL: `${standIn.url}/gateway.do`,
    ALIPAY_SELLER_ID: SELLER,
  });
  /** A notification as Alipay would send it for `reference`, with any field overridden, signed by "Alipay". */
  const notice = (reference: string, fields: Record<string, string> = {}, signer = keys.alipay.privateKey) =>
    signAlipayNotice(
      {
        notify_time: '2026-11-25 12:00:00',
        notify_type: 'trade_status_sync',
        notify_id: `ntf${randomUUID().replaceAll('-', '')}`,
        app_id: APP_ID,
        charset: 'utf-8',
        version: '1.0',
        trade_no: `2026112522001${reference.slice(-8)}`,
        out_trade_no: reference,
        seller_id: SELLER,
        buyer_id: '2088102177846880',
        trade_status: 'TRADE_SUCCESS',
        total_amount: '100.00',
        subject: 'TechQ&A top-up 100% & more',
        ...fields,
      },
      signer,
    );
  const post = (body: string) =>
    testApp.app.inject({
      method: 'POST',
      url: '/api/v1/payments/notify/alipay',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      payload: body,
    });
  return { ...testApp, keys, standIn, notice, post };
}

test('alipay: page-pay URL built offline; a signed notify credits once; replays are no-ops', async (t) => {
  const { app, database, notice, post, standIn } = await alipayApp(t);
  const member = await registerMember(app);
  const created = await topupAs(member, 10000, 'alipay');
  const payUrl = new URL(created.payUrl);
  assert.equal(payUrl.origin, standIn.url);
  assert.equal(payUrl.searchParams.get('method'), 'alipay.trade.page.pay');
  assert.equal(payUrl.searchParams.get('app_id'), APP_ID);
  assert.equal(payUrl.searchParams.get('sign_type'), 'RSA2');
  assert.ok(payUrl.searchParams.get('sign'));
  assert.match(payUrl.searchParams.get('notify_url') ?? '', /\/api\/v1\/payments\/notify\/alipay$/);
  const biz = JSON.parse(payUrl.searchParams.get('biz_content') ?? '{}');
  assert.equal(biz.out_trade_no, created.order.reference);
  assert.equal(biz.total_amount, '100.00');
  assert.equal(biz.product_code, 'FAST_INSTANT_TRADE_PAY');
  assert.equal(standIn.requests.length, 0, 'building the pay URL makes no network call');

  const body = notice(created.order.reference);
  const first = await post(body);
  assert.equal(first.statusCode, 200, first.body);
  assert.equal(first.body, 'success');
  assert.equal(await walletMinor(database.db, member.userId), 10000);
  const replay = await post(body);
  assert.equal(replay.statusCode, 200);
  assert.equal(replay.body, 'success');
  assert.equal(await walletMinor(database.db, member.userId), 10000);
  assert.equal(await countTopupPostings(database.db), 1);
  const row = await orderRow(database.db, created.order.id);
  assert.equal(row.status, 'paid');
  assert.match(row.external_id ?? '', /^2026112522001/);
  await assertBooksBalance(database.db);
});

test('alipay: forged or altered notifications get 400 and post nothing', async (t) => {
  const { app, database, notice, post, keys } = await alipayApp(t);
  const member = await registerMember(app);
  const { order } = await topupAs(member, 10000, 'alipay');
  const reference = order.reference;
  const genuine = notice(reference);
  const cases: Array<[string, string]> = [
    ['amount changed after signing', genuine.replace('total_amount=100.00', 'total_amount=1.00')],
    ['signed with another key (not Alipay)', notice(reference, {}, keys.app.privateKey)],
    ['no signature', genuine.replace(/&sign=[^&]*/, '')],
    ['another app id', notice(reference, { app_id: '2021000000009999' })],
    ['another seller', notice(reference, { seller_id: '2088000000009999' })],
    ['amount differs from the order', notice(reference, { total_amount: '99.99' })],
    ['currency differs from the order', notice(reference, { trans_currency: 'USD' })],
    ['unknown currency', notice(reference, { trans_currency: 'XXX' })],
  ];
  for (const [name, body] of cases) {
    const response = await post(body);
    assert.equal(response.statusCode, 400, `${name}: ${response.body}`);
    assert.equal(response.json().error.code, 'payments.notification_rejected', name);
  }
  assert.equal(await walletMinor(database.db, member.userId), 0);
  assert.equal(await countTopupPostings(database.db), 0);
  assert.equal((await database.db.selectFrom('payment_events').selectAll().execute()).length, 0);
  // Genuine but not actionable: waiting for the buyer; a closed trade fails the order.
  assert.equal((await post(notice(reference, { trade_status: 'WAIT_BUYER_PAY' }))).statusCode, 200);
  assert.equal((await orderRow(database.db, order.id)).status, 'created');
  assert.equal((await post(notice(reference, { trade_status: 'TRADE_CLOSED' }))).statusCode, 200);
  assert.equal((await orderRow(database.db, order.id)).status, 'failed');
  await assertBooksBalance(database.db);
});

test('alipay: the expiry job queries the trade: a lost notification is credited, an unknown trade expires', async (t) => {
  const { app, database, clock, keys, standIn } = await alipayApp(t);
  const member = await registerMember(app);
  const paid = await topupAs(member, 10000, 'alipay');
  const abandoned = await topupAs(member, 20000, 'alipay');
  standIn.handle = (request, response) => {
    const { method, biz } = alipayCall(request);
    assert.equal(method, 'alipay.trade.query');
    const content =
      biz.out_trade_no === paid.order.reference
        ? {
            code: '10000',
            msg: 'Success',
            trade_no: '2026112500001',
            out_trade_no: biz.out_trade_no,
            trade_status: 'TRADE_SUCCESS',
            total_amount: '100.00',
          }
        : { code: '40004', msg: 'Business Failed', sub_code: 'ACQ.TRADE_NOT_EXIST', sub_msg: '交易不存在' };
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(alipayResponse(method, content, keys.alipay.privateKey));
  };
  clock.advance(31 * 60);
  const run = await app.jobs.runDueJobs();
  assert.equal(run.done, 2);
  assert.equal((await orderRow(database.db, paid.order.id)).status, 'paid');
  assert.equal((await orderRow(database.db, abandoned.order.id)).status, 'expired');
  assert.equal(await walletMinor(database.db, member.userId), 10000);
  assert.equal(standIn.requests.length, 2);
  await assertBooksBalance(database.db);
});

test('alipay: a response not signed by Alipay is not believed (the job retries)', async (t) => {
  const { app, database, clock, keys, standIn } = await alipayApp(t);
  const member = await registerMember(app);
  const created = await topupAs(member, 10000, 'alipay');
  standIn.handle = (request, response) => {
    const { method } = alipayCall(request);
    const content = {
      code: '10000',
      msg: 'Success',
      trade_no: '1',
      trade_status: 'TRADE_SUCCESS',
      total_amount: '100.00',
    };
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(alipayResponse(method, content, keys.app.privateKey));
  };
  clock.advance(31 * 60);
  const run = await app.jobs.runDueJobs();
  assert.equal(run.retried, 1);
  assert.equal((await orderRow(database.db, created.order.id)).status, 'created');
  assert.equal(await walletMinor(database.db, member.userId), 0);
});

test('alipay: refunds and transfers go through the OpenAPI gateway; a refusal returns the money', async (t) => {
  const { app, database, config, notice, post, keys, standIn } = await alipayApp(t);
  const member = await registerMember(app);
  const { order } = await topupAs(member, 10000, 'alipay');
  assert.equal((await post(notice(order.reference))).statusCode, 200);

  let refuse = false;
  standIn.handle = (request, response) => {
    const { method, biz } = alipayCall(request);
    const content =
      method === 'alipay.trade.refund'
        ? refuse
          ? {
              code: '40004',
              msg: 'Business Failed',
              sub_code: 'ACQ.TRADE_STATUS_ERROR',
              sub_msg: '交易状态不合法',
            }
          : {
              code: '10000',
              msg: 'Success',
              trade_no: '2026112500001',
              out_trade_no: biz.out_trade_no,
              refund_fee: biz.refund_amount,
              fund_change: 'Y',
            }
        : {
            code: '10000',
            msg: 'Success',
            out_biz_no: biz.out_biz_no,
            order_id: '20261125110070000006',
            status: 'SUCCESS',
          };
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(alipayResponse(method, content, keys.alipay.privateKey));
  };
  const ask = (amountMinor: number) =>
    member.inject({
      method: 'POST',
      url: `/api/v1/wallet/topups/${order.id}/refunds`,
      headers: { 'idempotency-key': randomUUID() },
      payload: { amount: { amountMinor, currency: 'CNY' } },
    });
  assert.equal((await ask(4000)).statusCode, 201);
  await app.jobs.runDueJobs();
  const call = alipayCall(standIn.requests.at(-1) ?? { url: '', body: '' });
  assert.equal(call.method, 'alipay.trade.refund');
  assert.equal(call.biz.refund_amount, '40.00');
  assert.equal(call.biz.out_request_no, `${order.reference}_r1`);
  assert.equal(await walletMinor(database.db, member.userId), 6000);

  refuse = true;
  assert.equal((await ask(6000)).statusCode, 201);
  assert.equal(await walletMinor(database.db, member.userId), 0);
  await app.jobs.runDueJobs();
  assert.equal(await walletMinor(database.db, member.userId), 6000, 'the refused refund came back');
  const refunds = await database.db
    .selectFrom('payment_refunds')
    .select(['status', 'failure'])
    .orderBy('id')
    .execute();
  assert.deepEqual(
    refunds.map((refund) => refund.status),
    ['succeeded', 'failed'],
  );
  assert.match(refunds[1]?.failure ?? '', /ACQ.TRADE_STATUS_ERROR/);

  const alipay = gatewayFor(config, 'alipay');
  assert.ok(alipay);
  const transfer = await alipay.transfer({
    reference: 'payout_1',
    amount: { amountMinor: 5000, currency: 'CNY' },
    destination: 'payee@example.com',
    memo: 'TechQ&A payout #1',
  });
  assert.deepEqual(transfer, { status: 'succeeded', externalId: '20261125110070000006' });
  const sent = alipayCall(standIn.requests.at(-1) ?? { url: '', body: '' });
  assert.equal(sent.method, 'alipay.fund.trans.uni.transfer');
  assert.equal(sent.biz.trans_amount, '50.00');
  await assertBooksBalance(database.db);
});
