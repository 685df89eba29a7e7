import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildTestApp, csrfFieldOf, form, promote, registerMember } from '../../../test/helpers.js';
import { translate } from '../../platform/i18n/index.js';
import { devGateway, devNotice, notify, topupAs } from '../payments/payments.test-support.js';
import { describeStatementLine } from './statement.present.js';
import { newKey } from './wallet.test-support.js';

/** The text of each statement line's details cell, in page order. */
function detailsOf(html: string): string[] {
  return [...html.matchAll(/data-testid="statement-details"[^>]*>([^<]*)</g)].map((m) => (m[1] ?? '').trim());
}

describe('statement lines in the reader’s language', () => {
  test('a top-up and a payout read as facts, in zh-CN and in English; the CSV says them too', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    const { order } = await topupAs(member, 10000);
    const paid = await notify(
      app,
      'dev',
      devGateway().signNotice(devNotice({ reference: order.reference, amountMinor: 10000 })),
    );
    assert.equal(paid.statusCode, 200, paid.body);
    const payoutsPage = await member.inject({ method: 'GET', url: '/wallet/payouts' });
    const requested = await member.inject({
      method: 'POST',
      url: '/wallet/payouts',
      ...form({
        _csrf: csrfFieldOf(payoutsPage.body),
        idempotencyKey: newKey(),
        amount: '20',
        currency: 'CNY',
        gateway: 'dev',
        destination: 'me@example.com',
      }),
    });
    assert.equal(requested.statusCode, 303, requested.body);

    const zh = await member.inject({ method: 'GET', url: '/wallet?lang=zh-CN' });
    assert.deepEqual(detailsOf(zh.body), [
      '提现到测试收银台（不涉及真实资金）',
      `通过测试收银台（不涉及真实资金）充值 ${order.reference}`,
    ]);
    assert.doesNotMatch(zh.body, /Top-up|payout to|via dev/);

    const en = await member.inject({ method: 'GET', url: '/wallet?lang=en' });
    assert.deepEqual(detailsOf(en.body), [
      'Payout through Test cashier (no real money)',
      `Top-up ${order.reference} via Test cashier (no real money)`,
    ]);

    const csv = await member.inject({
      method: 'GET',
      url: '/api/v1/wallet/entries.csv',
      headers: { 'accept-language': 'zh-CN' },
    });
    assert.match(csv.body, new RegExp(`,通过测试收银台（不涉及真实资金）充值 ${order.reference}\\r\\n`));
    const json = await member.inject({ method: 'GET', url: '/api/v1/wallet/entries' });
    assert.deepEqual(json.json().items[1].facts, {
      what: 'topup',
      reference: order.reference,
      gateway: 'dev',
    });
  });

  test('the admin journal names kinds, accounts and order states in zh-CN', async (t) => {
    const { app, database } = await buildTestApp(t);
    const member = await registerMember(app);
    const { order } = await topupAs(member, 5000);
    await notify(
      app,
      'dev',
      devGateway().signNotice(devNotice({ reference: order.reference, amountMinor: 5000 })),
    );
    const admin = await registerMember(app);
    await promote(database, admin.userId, 'admin');

    const journal = await admin.inject({ method: 'GET', url: '/admin/finance/journal?lang=zh-CN' });
    assert.equal(journal.statusCode, 200);
    assert.match(journal.body, /<span data-kind="topup">充值<\/span>/);
    assert.match(journal.body, new RegExp(`通过测试收银台（不涉及真实资金）充值 ${order.reference}`));
    assert.match(journal.body, /#\d+ 钱包/);
    assert.match(journal.body, /#\d+ 支付渠道清算<\/a> <code class="small">dev<\/code>/);
    assert.doesNotMatch(journal.body, /gateway_clearing|>topup<|Top-up/);

    const orders = await admin.inject({ method: 'GET', url: '/admin/finance/orders?lang=zh-CN' });
    assert.match(orders.body, /data-status="paid">\s*已支付/);
    assert.doesNotMatch(orders.body, />\s*paid\s*</);
  });

  test('lines without facts show their memo; unknown facts fall back to it too', () => {
    const text = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
      translate('zh-CN', key, params);
    assert.equal(describeStatementLine({ facts: null, memo: 'old note' }, text), 'old note');
    assert.equal(describeStatementLine({ facts: { what: 'no.such_thing' }, memo: 'note' }, text), 'note');
    assert.equal(
      describeStatementLine({ facts: { what: 'bounty.awarded', bountyId: 4, answerId: 9 }, memo: 'x' }, text),
      '悬赏 4 授予回答 9',
    );
  });
});
