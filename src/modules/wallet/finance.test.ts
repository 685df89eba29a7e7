import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  buildTestApp,
  csrfFieldOf,
  form,
  idempotencyFieldOf,
  promote,
  registerMember,
} from '../../../test/helpers.js';
import type { Database } from '../../platform/db/index.js';
import { translate } from '../../platform/i18n/index.js';
import {
  credit,
  debit,
  gatewayClearing,
  postTransfer,
  reverseTransaction,
  walletKey,
} from '../ledger/index.js';
import { cny, newKey, topUp } from './wallet.test-support.js';

/** A paid dev order and its top-up posting (or a posting of `kind`), as the payments module records them. */
async function paidOrder(
  database: Database,
  userId: number,
  amountMinor: number,
  ledgerAmount = amountMinor,
  kind: 'topup' | 'adjustment' = 'topup',
) {
  const reference = `T${randomBytes(8).toString('hex')}`;
  return database.db.transaction().execute(async (trx) => {
    const posted = await postTransfer(trx, {
      kind,
      idempotencyKey: `topup:${reference}`,
      entries: [
        debit(gatewayClearing('dev', 'CNY'), cny(ledgerAmount)),
        credit(walletKey(userId, 'CNY'), cny(ledgerAmount)),
      ],
      now: new Date(),
    });
    const order = await trx
      .insertInto('payment_orders')
      .values({
        reference,
        user_id: userId,
        gateway: 'dev',
        amount_minor: amountMinor,
        currency: 'CNY',
        status: 'paid',
        expires_at: new Date(Date.now() + 3600_000),
        paid_at: new Date(),
        ledger_transaction_id: posted.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { orderId: order.id, transactionId: posted.id, reference };
  });
}

async function setUp(t: import('node:test').TestContext) {
  const built = await buildTestApp(t);
  const member = await registerMember(built.app);
  const admin = await registerMember(built.app);
  await promote(built.database, admin.userId, 'admin');
  return { ...built, member, admin };
}

describe('admin finance JSON', () => {
  test('trial balance: admins only, balanced, debits = credits per currency', async (t) => {
    const { app, database, member, admin } = await setUp(t);
    await topUp(database, member.userId, cny(10000));
    await paidOrder(database, member.userId, 2500);
    assert.equal(
      (await app.inject({ method: 'GET', url: '/api/v1/admin/ledger/trial-balance' })).statusCode,
      401,
    );
    const refused = await member.inject({ method: 'GET', url: '/api/v1/admin/ledger/trial-balance' });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error.code, 'auth.forbidden');
    const trial = await admin.inject({ method: 'GET', url: '/api/v1/admin/ledger/trial-balance' });
    assert.deepEqual(trial.json(), {
      balanced: true,
      totals: [
        {
          currency: 'CNY',
          debits: { amountMinor: 12500, currency: 'CNY' },
          credits: { amountMinor: 12500, currency: 'CNY' },
        },
      ],
    });
  });

  test('journal: filters by kind, account, member and time; a transaction links to its reversal', async (t) => {
    const { database, member, admin } = await setUp(t);
    const first = await topUp(database, member.userId, cny(1000));
    const second = await topUp(database, admin.userId, cny(2000));
    const reversal = await database.db
      .transaction()
      .execute((trx) => reverseTransaction(trx, second, { idempotencyKey: 'fix:1', now: new Date() }));
    const ids = async (query: string) => {
      const response = await admin.inject({
        method: 'GET',
        url: `/api/v1/admin/ledger/transactions${query}`,
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json().items.map((tx: { id: number }) => tx.id);
    };
    assert.deepEqual(await ids(''), [reversal.id, second, first]);
    assert.deepEqual(await ids('?kind=reversal'), [reversal.id]);
    assert.deepEqual(await ids(`?member=${member.userId}`), [first]);
    assert.deepEqual(await ids('?from=2000-01-01&to=2000-01-02'), []);
    const wallet = (await admin.inject({ method: 'GET', url: `/api/v1/admin/ledger/transactions/${first}` }))
      .json()
      .transaction.entries.find((e: { accountKind: string }) => e.accountKind === 'wallet');
    assert.deepEqual(await ids(`?account=${wallet.accountId}`), [first]);

    const one = (
      await admin.inject({ method: 'GET', url: `/api/v1/admin/ledger/transactions/${second}` })
    ).json();
    assert.equal(one.transaction.reversedById, reversal.id);
    assert.equal(one.transaction.entries.length, 2);
    const bad = await admin.inject({
      method: 'GET',
      url: '/api/v1/admin/ledger/transactions?kind=DROP%20TABLE',
    });
    assert.equal(bad.statusCode, 422);
    const missing = await admin.inject({ method: 'GET', url: '/api/v1/admin/ledger/transactions/999999' });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'ledger.transaction_not_found');
  });

  test('reconciliation: clean when orders and top-ups agree; lists each difference otherwise', async (t) => {
    const { database, member, admin } = await setUp(t);
    await paidOrder(database, member.userId, 5000);
    const clean = (
      await admin.inject({ method: 'GET', url: '/api/v1/admin/payments/reconciliation' })
    ).json();
    assert.deepEqual(clean, { ordersChecked: 1, topupsChecked: 1, problems: [] });

    const stray = await topUp(database, member.userId, cny(100));
    const wrong = await paidOrder(database, member.userId, 3000, 2999);
    const report = (
      await admin.inject({ method: 'GET', url: '/api/v1/admin/payments/reconciliation' })
    ).json();
    assert.deepEqual(
      report.problems.map((p: { problem: string; orderId: number | null; transactionId: number | null }) => [
        p.problem,
        p.orderId,
        p.transactionId,
      ]),
      [
        ['amount_mismatch', wrong.orderId, wrong.transactionId],
        ['gateway_mismatch', wrong.orderId, wrong.transactionId],
        ['topup_without_order', null, stray],
      ],
    );
    const [amount, gateway, topup] = report.problems;
    assert.deepEqual(amount.facts, {
      order: { amount: { amountMinor: 3000, currency: 'CNY' }, memberId: member.userId },
      credited: { amount: { amountMinor: 2999, currency: 'CNY' }, memberId: member.userId },
    });
    assert.equal(
      amount.detail,
      `Order: CN¥30.00 to member #${member.userId} · ledger: CN¥29.99 to member #${member.userId}`,
    );
    assert.deepEqual(gateway.facts, {
      order: { amount: { amountMinor: 3000, currency: 'CNY' }, gateway: 'dev' },
      cleared: { amount: { amountMinor: 2999, currency: 'CNY' }, gateway: 'dev' },
    });
    assert.deepEqual(topup.facts, {
      credited: { amount: { amountMinor: 100, currency: 'CNY' }, memberId: member.userId },
    });
    // The same report in the reader's language.
    const zh = (
      await admin.inject({
        method: 'GET',
        url: '/api/v1/admin/payments/reconciliation',
        headers: { 'accept-language': 'zh-CN' },
      })
    ).json();
    assert.equal(
      zh.problems[0].detail,
      `订单：¥30.00 记给会员 #${member.userId} · 账本：¥29.99 记给会员 #${member.userId}`,
    );
    assert.equal(
      zh.problems[1].detail,
      '订单：¥30.00，经测试收银台（不涉及真实资金） · 账本：¥29.99，经测试收银台（不涉及真实资金）',
    );
    const page = await admin.inject({ method: 'GET', url: '/admin/finance/reconciliation?lang=zh-CN' });
    assert.match(page.body, /订单：¥30\.00 记给会员/);
    assert.doesNotMatch(page.body, /to member|ledger:|Order:/);
    const orders = (await admin.inject({ method: 'GET', url: '/api/v1/admin/payments/orders' })).json();
    assert.equal(orders.total, 2);
    assert.equal(orders.items[0].ledgerTransactionId, wrong.transactionId);
    assert.equal(
      (await member.inject({ method: 'GET', url: '/api/v1/admin/payments/orders' })).statusCode,
      403,
    );
  });
});

describe('reconciliation of an order whose transaction is not a top-up', () => {
  test('the order is reported with the kind it claims; the transaction is not a stray top-up', async (t) => {
    const { database, member, admin } = await setUp(t);
    await paidOrder(database, member.userId, 5000);
    const odd = await paidOrder(database, member.userId, 2000, 2000, 'adjustment');
    const report = (
      await admin.inject({ method: 'GET', url: '/api/v1/admin/payments/reconciliation' })
    ).json();
    assert.equal(report.ordersChecked, 2);
    assert.equal(report.topupsChecked, 1);
    assert.deepEqual(report.problems, [
      {
        problem: 'transaction_not_a_topup',
        orderId: odd.orderId,
        transactionId: odd.transactionId,
        facts: { kind: 'adjustment' },
        detail: 'Transaction kind: Adjustment',
      },
    ]);
    const page = await admin.inject({ method: 'GET', url: '/admin/finance/reconciliation?lang=zh-CN' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /data-problem="transaction_not_a_topup"/);
    assert.match(page.body, /交易类型：调整/);
  });
});

describe('admin finance pages', () => {
  test('every page renders for admins; members get 403, visitors are sent to log in', async (t) => {
    const { app, database, member, admin } = await setUp(t);
    const { transactionId } = await paidOrder(database, member.userId, 5000);
    const pages = [
      '/admin/finance',
      '/admin/finance/journal',
      `/admin/finance/journal?member=${member.userId}&kind=topup`,
      `/admin/finance/journal/${transactionId}`,
      '/admin/finance/payouts',
      '/admin/finance/payouts?status=requested',
      '/admin/finance/orders',
      '/admin/finance/reconciliation',
    ];
    for (const url of pages) {
      const response = await admin.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 200, `${url}: ${response.body.slice(0, 300)}`);
      assert.equal((await member.inject({ method: 'GET', url })).statusCode, 403, url);
      const visitor = await app.inject({ method: 'GET', url });
      assert.equal(visitor.statusCode, 303, url);
    }
    const trial = await admin.inject({ method: 'GET', url: '/admin/finance' });
    assert.match(trial.body, /data-balanced="true"/);
    const reconciled = await admin.inject({ method: 'GET', url: '/admin/finance/reconciliation' });
    assert.match(reconciled.body, /data-testid="reconciled"/);
    const orders = await admin.inject({ method: 'GET', url: '/admin/finance/orders' });
    assert.match(orders.body, new RegExp(`href="/admin/finance/journal/${transactionId}"`));
    const badFilter = await admin.inject({ method: 'GET', url: '/admin/finance/journal?account=abc' });
    assert.equal(badFilter.statusCode, 422);
    const zh = await admin.inject({ method: 'GET', url: '/admin/finance?lang=zh-CN' });
    assert.match(zh.body, /试算平衡/);
  });

  test('an admin approves and rejects payouts from the review page', async (t) => {
    const { app, database, member, admin } = await setUp(t);
    await topUp(database, member.userId, cny(10000));
    const ids: number[] = [];
    for (const amountMinor of [2000, 3000]) {
      const response = await member.inject({
        method: 'POST',
        url: '/api/v1/payouts',
        headers: { 'idempotency-key': newKey() },
        payload: { amount: { amountMinor, currency: 'CNY' }, gateway: 'dev', destination: 'acct' },
      });
      ids.push(response.json().payout.id);
    }
    const list = await admin.inject({ method: 'GET', url: '/admin/finance/payouts?status=requested' });
    // Approving takes a confirmation step: the list links to it, and only it holds the form that sends.
    assert.match(
      list.body,
      new RegExp(
        `href="/admin/finance/payouts\\?confirm=${ids[0]}&status=requested#confirm" data-testid="approve-${ids[0]}"`,
      ),
    );
    assert.doesNotMatch(list.body, /action="\/admin\/finance\/payouts\/\d+\/approve"/);
    assert.doesNotMatch(list.body, /data-testid="confirm-/);
    const page = await admin.inject({
      method: 'GET',
      url: `/admin/finance/payouts?confirm=${ids[0]}&status=requested`,
    });
    assert.match(page.body, new RegExp(`data-testid="confirm-${ids[0]}"`));
    assert.match(page.body, new RegExp(`data-testid="confirm-approve-${ids[0]}"`));
    assert.match(page.body, /CN¥20\.00/);
    const zhConfirm = await admin.inject({
      method: 'GET',
      url: `/admin/finance/payouts?confirm=${ids[0]}&status=requested&lang=zh-CN`,
    });
    assert.match(zhConfirm.body, /批准并转出 ¥20\.00/);
    const keyOf = (html: string, id: number, action: string) =>
      idempotencyFieldOf(html, `/admin/finance/payouts/${id}/${action}`);
    const approve = await admin.inject({
      method: 'POST',
      url: `/admin/finance/payouts/${ids[0]}/approve`,
      ...form({ _csrf: csrfFieldOf(page.body), idempotencyKey: keyOf(page.body, ids[0] ?? 0, 'approve') }),
    });
    assert.equal(approve.statusCode, 303, approve.body);
    const reject = await admin.inject({
      method: 'POST',
      url: `/admin/finance/payouts/${ids[1]}/reject`,
      ...form({ _csrf: csrfFieldOf(page.body), idempotencyKey: keyOf(page.body, ids[1] ?? 0, 'reject') }),
    });
    assert.equal(reject.statusCode, 303);
    await app.jobs.runDueJobs();
    const listed = await admin.inject({ method: 'GET', url: '/admin/finance/payouts' });
    assert.match(listed.body, new RegExp(`id="payout-${ids[0]}"[\\s\\S]*?data-status="paid"`));
    assert.match(listed.body, new RegExp(`id="payout-${ids[1]}"[\\s\\S]*?data-status="rejected"`));
    const again = await admin.inject({
      method: 'POST',
      url: `/admin/finance/payouts/${ids[1]}/approve`,
      ...form({ _csrf: csrfFieldOf(page.body), idempotencyKey: newKey() }),
    });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /already been rejected/);
  });

  test('staff reach finance, payouts to review and disputes from every page; members do not see them', async (t) => {
    const { app, database, member, admin } = await setUp(t);
    const moderator = await registerMember(app);
    await promote(database, moderator.userId, 'moderator');
    const links = (html: string) =>
      ['nav-admin-finance', 'nav-admin-payouts', 'nav-disputes'].filter((id) =>
        html.includes(`data-testid="${id}"`),
      );
    assert.deepEqual(links((await admin.inject({ method: 'GET', url: '/questions' })).body), [
      'nav-admin-finance',
      'nav-admin-payouts',
      'nav-disputes',
    ]);
    assert.deepEqual(links((await moderator.inject({ method: 'GET', url: '/tags' })).body), ['nav-disputes']);
    assert.deepEqual(links((await member.inject({ method: 'GET', url: '/questions' })).body), []);
    assert.deepEqual(links((await app.inject({ method: 'GET', url: '/questions' })).body), []);
    const zh = await admin.inject({ method: 'GET', url: '/wallet?lang=zh-CN' });
    assert.match(zh.body, /data-testid="nav-admin-payouts"[^>]*>待审核的提现</);
    // The gateway column of the orders table is the payment method, not the payout's wording.
    const orders = await admin.inject({ method: 'GET', url: '/admin/finance/orders' });
    assert.match(
      orders.body,
      new RegExp(`<th scope="col">${translate('en', 'payments.order.gateway')}</th>`),
    );
    assert.doesNotMatch(orders.body, new RegExp(translate('en', 'payout.field.gateway')));
  });
});
