import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  buildTestApp,
  csrfFieldOf,
  form,
  idempotencyFieldOf,
  registerMember,
  type Session,
} from '../../../test/helpers.js';
import { assertBooksBalance } from '../ledger/ledger.test-support.js';
import { devGatewayOf } from './gateways/index.js';
import { orderRow, payAtCashier, walletMinor } from './payments.test-support.js';

/** Sends the top-up form on `page` as `member`: its CSRF field, its fresh key unless one is given, the dev cashier. */
function submitTopup(member: Session, page: string, fields: Record<string, string>) {
  return member.inject({
    method: 'POST',
    url: '/wallet/topup',
    ...form({
      _csrf: csrfFieldOf(page),
      idempotencyKey: idempotencyFieldOf(page),
      gateway: 'dev',
      ...fields,
    }),
  });
}

test('top-up pages without JavaScript: form, refusal beside the field, cashier, return page, refund', async (t) => {
  const { app, database } = await buildTestApp(t);
  const anonymous = await app.inject({ method: 'GET', url: '/wallet/topup' });
  assert.equal(anonymous.statusCode, 303);
  assert.equal(anonymous.headers.location, '/login?next=%2Fwallet%2Ftopup');

  const member = await registerMember(app);
  const page = await member.inject({ method: 'GET', url: '/wallet/topup' });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /data-testid="gateway-dev"/);
  assert.doesNotMatch(page.body, /data-testid="gateway-alipay"/, 'no credentials, not offered');
  const key = idempotencyFieldOf(page.body);

  const refused = await submitTopup(member, page.body, {
    idempotencyKey: key,
    amount: '-5',
    currency: 'CNY',
  });
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /data-field-error="amount"/);
  assert.match(refused.body, /name="amount"[^>]*aria-describedby="[^"]*-error"[^>]*aria-invalid="true"/);
  assert.match(refused.body, /must not be negative/);
  assert.notEqual(idempotencyFieldOf(refused.body), key, 'the form comes back with a fresh key');

  const fresh = idempotencyFieldOf(refused.body);
  const started = await submitTopup(member, page.body, {
    idempotencyKey: fresh,
    amount: '¥100',
    currency: 'CNY',
  });
  assert.equal(started.statusCode, 303, started.body);
  const payUrl = started.headers.location ?? '';
  assert.match(payUrl, /^\/dev-gateway\/orders\//);
  // A double submit of the same form: the same order, not a second one.
  const doubled = await submitTopup(member, page.body, {
    idempotencyKey: fresh,
    amount: '¥100',
    currency: 'CNY',
  });
  assert.equal(doubled.headers.location, payUrl);
  assert.equal((await database.db.selectFrom('payment_orders').selectAll().execute()).length, 1);

  const tampered = await member.inject({ method: 'GET', url: payUrl.replace(/\?t=./, '?t=x') });
  assert.equal(tampered.statusCode, 400);

  const { cashier, answered: paid } = await payAtCashier(member, payUrl);
  assert.match(cashier.body, /CN¥100\.00/);
  assert.equal(paid.statusCode, 303);
  const reference = payUrl.split('/')[3]?.split('?')[0] ?? '';
  const returnPage = await member.inject({ method: 'GET', url: paid.headers.location ?? '' });
  assert.equal(returnPage.statusCode, 200);
  assert.match(returnPage.body, /data-status="paid"/);
  assert.match(returnPage.body, /CN¥100\.00 was added to your wallet/);
  assert.match(returnPage.body, /href="\/wallet"/);

  const zh = await member.inject({ method: 'GET', url: `${paid.headers.location}?lang=zh-CN` });
  assert.match(zh.body, /支付成功/);

  const orderId = Number((paid.headers.location ?? '').split('/').pop());
  const refund = await member.inject({
    method: 'POST',
    url: `/wallet/topups/${orderId}/refunds`,
    ...form({
      _csrf: csrfFieldOf(returnPage.body),
      idempotencyKey: idempotencyFieldOf(returnPage.body),
      amount: '30',
    }),
  });
  assert.equal(refund.statusCode, 303, refund.body);
  assert.equal(await walletMinor(database.db, member.userId), 7000);
  const tooMuch = await member.inject({
    method: 'POST',
    url: `/wallet/topups/${orderId}/refunds`,
    ...form({ _csrf: csrfFieldOf(returnPage.body), idempotencyKey: 'another-key-1', amount: '500' }),
  });
  assert.equal(tooMuch.statusCode, 409);
  assert.match(tooMuch.body, /At most/);
  assert.equal((await orderRow(database.db, orderId)).status, 'paid');

  const list = await member.inject({ method: 'GET', url: '/wallet/topups' });
  assert.match(list.body, new RegExp(reference));
  const other = await registerMember(app);
  const peek = await other.inject({ method: 'GET', url: `/wallet/topups/${orderId}` });
  assert.equal(peek.statusCode, 404);
  await assertBooksBalance(database.db);
});

test('the cashier can fail a payment; abandoning leaves the order awaiting payment', async (t) => {
  const { app, database } = await buildTestApp(t);
  const member = await registerMember(app);
  const page = await member.inject({ method: 'GET', url: '/wallet/topup' });
  const started = await submitTopup(member, page.body, { amount: '20', currency: 'USD' });
  const payUrl = started.headers.location ?? '';
  const cashier = await member.inject({ method: 'GET', url: payUrl });
  const returnPath =
    /data-testid="cashier-abandon" href="([^"]+)"|href="([^"]+)"[^>]*data-testid="cashier-abandon"/.exec(
      cashier.body,
    );
  const abandonTo = returnPath?.[1] ?? returnPath?.[2] ?? '';
  assert.match(abandonTo, /^\/wallet\/topups\/\d+$/);
  const waiting = await member.inject({ method: 'GET', url: abandonTo });
  assert.match(waiting.body, /data-status="created"/);
  assert.match(waiting.body, /data-testid="pay-now"/);

  const { answered: failed } = await payAtCashier(member, payUrl, 'failed');
  assert.equal(failed.statusCode, 303);
  const after = await member.inject({ method: 'GET', url: failed.headers.location ?? '' });
  assert.match(after.body, /data-status="failed"/);
  assert.equal(await walletMinor(database.db, member.userId, 'USD'), 0);
});

test('the cashier links and returns only to a path of this site, whatever its token names', async (t) => {
  const { app, config, clock } = await buildTestApp(t);
  const dev = devGatewayOf(config);
  assert.ok(dev);
  const member = await registerMember(app);
  const reference = 'topup_offsite_1';
  // A browser drops the tab and reads `\` as `/`: each of these would leave the site.
  for (const returnPath of ['/\t/evil.example', '/\\evil.example', '/.//evil.example']) {
    const token = dev.checkoutToken({
      reference,
      amount: { amountMinor: 100, currency: 'CNY' },
      subject: 'x',
      returnPath,
      expiresAt: new Date(clock.now().getTime() + 3_600_000),
    });
    const cashier = await member.inject({
      method: 'GET',
      url: `/dev-gateway/orders/${reference}?t=${token}`,
    });
    assert.equal(cashier.statusCode, 200, JSON.stringify(returnPath));
    assert.match(cashier.body, /href="\/" data-testid="cashier-abandon"/, JSON.stringify(returnPath));
    const paid = await member.inject({
      method: 'POST',
      url: `/dev-gateway/orders/${reference}/pay`,
      ...form({ _csrf: csrfFieldOf(cashier.body), t: token, outcome: 'paid' }),
    });
    assert.equal(paid.statusCode, 303, JSON.stringify(returnPath));
    assert.equal(paid.headers.location, '/', JSON.stringify(returnPath));
  }
});

test('a top-up for a shortfall comes back to the page it was for once paid', async (t) => {
  const { app } = await buildTestApp(t);
  const member = await registerMember(app);
  const back = '/paid-questions/7?x=1';
  const page = await member.inject({
    method: 'GET',
    url: `/wallet/topup?amount=30.00&currency=CNY&next=${encodeURIComponent(back)}`,
  });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /name="amount"[^>]*value="30.00"/);
  assert.match(page.body, /<input type="hidden" name="next" value="\/paid-questions\/7\?x=1"\/>/);
  const started = await submitTopup(member, page.body, { amount: '30.00', currency: 'CNY', next: back });
  assert.equal(started.statusCode, 303, started.body);
  const { answered: paid } = await payAtCashier(member, started.headers.location ?? '');
  assert.equal(paid.statusCode, 303);
  assert.match(paid.headers.location ?? '', /^\/wallet\/topups\/\d+\?next=%2Fpaid-questions%2F7%3Fx%3D1$/);
  const order = await member.inject({ method: 'GET', url: paid.headers.location ?? '' });
  assert.match(order.body, /href="\/paid-questions\/7\?x=1" data-testid="order-continue"/);

  // Only a path of this site is carried, and only a paid order offers to go on.
  const offsite = await member.inject({ method: 'GET', url: '/wallet/topup?next=%2F%2Fevil.example' });
  assert.doesNotMatch(offsite.body, /name="next"/);
  const orderId = (paid.headers.location ?? '').split('/')[3]?.split('?')[0];
  const odd = await member.inject({
    method: 'GET',
    url: `/wallet/topups/${orderId}?next=%2F%5Cevil.example`,
  });
  assert.doesNotMatch(odd.body, /data-testid="order-continue"/);
});
