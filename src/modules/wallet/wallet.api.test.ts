import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildTestApp, registerMember } from '../../../test/helpers.js';
import { assertBooksBalance } from '../ledger/ledger.test-support.js';
import { parseStatementFilters } from './statement.rules.js';
import { cny, topUp, usd, walletOf } from './wallet.test-support.js';

describe('GET /api/v1/wallet', () => {
  test('401 for visitors; empty for a new member; balances per currency after top-ups', async (t) => {
    const { app, database } = await buildTestApp(t);
    const anonymous = await app.inject({ method: 'GET', url: '/api/v1/wallet' });
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.json().error.code, 'auth.required');

    const member = await registerMember(app);
    assert.deepEqual(await walletOf(member), { balances: [], held: [], pendingPayouts: [] });
    await topUp(database, member.userId, cny(10000));
    await topUp(database, member.userId, usd(250));
    await topUp(database, member.userId, cny(50));
    assert.deepEqual(await walletOf(member), {
      balances: [
        { amountMinor: 10050, currency: 'CNY' },
        { amountMinor: 250, currency: 'USD' },
      ],
      held: [],
      pendingPayouts: [],
    });
    await assertBooksBalance(database.db);
  });
});

describe('GET /api/v1/wallet/entries', () => {
  test('newest first, paged, with balance after each line; only my own lines', async (t) => {
    const { app, database, clock } = await buildTestApp(t);
    const member = await registerMember(app);
    const other = await registerMember(app);
    for (let i = 1; i <= 5; i += 1) await topUp(database, member.userId, cny(i * 100), { now: clock.now() });
    await topUp(database, other.userId, cny(999));
    const page1 = await member.inject({ method: 'GET', url: '/api/v1/wallet/entries?pageSize=2' });
    assert.equal(page1.statusCode, 200);
    const body = page1.json();
    assert.equal(body.total, 5);
    assert.equal(body.page, 1);
    assert.equal(body.pageSize, 2);
    assert.deepEqual(
      body.items.map((line: { amount: { amountMinor: number }; balanceAfter: { amountMinor: number } }) => [
        line.amount.amountMinor,
        line.balanceAfter.amountMinor,
      ]),
      [
        [500, 1500],
        [400, 1000],
      ],
    );
    const line = body.items[0];
    assert.equal(line.kind, 'topup');
    assert.equal(typeof line.transactionId, 'number');
    assert.match(line.createdAt, /^\d{4}-\d{2}-\d{2}T/);
    const page3 = await member.inject({ method: 'GET', url: '/api/v1/wallet/entries?pageSize=2&page=3' });
    assert.equal(page3.json().items.length, 1);
  });

  test('filters by kind, currency and time range', async (t) => {
    const { app, database } = await buildTestApp(t);
    const member = await registerMember(app);
    await topUp(database, member.userId, cny(100), { now: new Date('2026-01-10T12:00:00Z') });
    await topUp(database, member.userId, usd(200), { now: new Date('2026-01-20T12:00:00Z') });
    await topUp(database, member.userId, cny(300), { now: new Date('2026-02-01T00:00:00Z') });
    const amounts = async (query: string) => {
      const response = await member.inject({ method: 'GET', url: `/api/v1/wallet/entries?${query}` });
      assert.equal(response.statusCode, 200, response.body);
      return response
        .json()
        .items.map((line: { amount: { amountMinor: number } }) => line.amount.amountMinor);
    };
    assert.deepEqual(await amounts('currency=CNY'), [300, 100]);
    assert.deepEqual(await amounts('currency=usd'), [200]);
    assert.deepEqual(await amounts('kind=topup'), [300, 200, 100]);
    assert.deepEqual(await amounts('kind=payout,release'), []);
    assert.deepEqual(await amounts('from=2026-01-15'), [300, 200]);
    // A plain `to` date covers that whole day.
    assert.deepEqual(await amounts('to=2026-01-20'), [200, 100]);
    assert.deepEqual(await amounts('from=2026-01-15&to=2026-01-31'), [200]);
    assert.deepEqual(await amounts('from=2026-02-01T00:00:00Z&currency=CNY'), [300]);
  });

  test('bad filters and paging get a 422 naming the field', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    const cases: [string, string, string][] = [
      ['kind=nonsense', 'kind', 'Choose kinds from the list.'],
      ['currency=EUR', 'currency', 'The currency "EUR" is not supported.'],
      ['from=2026-02-31', 'from', 'Enter a date as YYYY-MM-DD.'],
      ['to=yesterday', 'to', 'Enter a date as YYYY-MM-DD.'],
      ['from=2026-02-01&to=2026-01-01', 'to', 'The end must be after the start.'],
      ['pageSize=101', 'querystring.pageSize', ''],
      ['page=0', 'querystring.page', ''],
    ];
    for (const [query, field, message] of cases) {
      const response = await member.inject({ method: 'GET', url: `/api/v1/wallet/entries?${query}` });
      assert.equal(response.statusCode, 422, query);
      assert.equal(response.json().error.code, 'request.invalid', query);
      assert.ok(field in response.json().error.fields, `${query}: ${response.body}`);
      if (message) assert.equal(response.json().error.fields[field], message, query);
    }
  });
});

describe('GET /api/v1/wallet/entries.csv', () => {
  test('the filtered statement as CSV; cells that could be formulas are defused', async (t) => {
    const { app, database } = await buildTestApp(t);
    const member = await registerMember(app);
    await topUp(database, member.userId, cny(12345), { memo: '=HYPERLINK("http://evil","x")' });
    await topUp(database, member.userId, cny(1), { memo: '-2+3' });
    await topUp(database, member.userId, cny(2), { memo: '@SUM(1)' });
    await topUp(database, member.userId, usd(700), { memo: '+1, "quoted"' });
    const response = await member.inject({ method: 'GET', url: '/api/v1/wallet/entries.csv?currency=CNY' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/csv; charset=utf-8/);
    assert.match(String(response.headers['content-disposition']), /attachment; filename="statement.csv"/);
    const lines = response.body.trimEnd().split('\r\n');
    assert.equal(
      lines[0],
      'entry_id,created_at_utc,transaction_id,kind,currency,amount,balance_after,memo,details',
    );
    assert.equal(lines.length, 4, 'three CNY lines under the header');
    assert.match(lines[1] ?? '', /,topup,CNY,0\.02,123\.48,'@SUM\(1\),$/);
    assert.match(lines[2] ?? '', /,topup,CNY,0\.01,123\.46,'-2\+3,$/);
    assert.match(lines[3] ?? '', /,topup,CNY,123\.45,123\.45,"'=HYPERLINK\(""http:\/\/evil"",""x""\)",$/);
    for (const line of lines.slice(1)) assert.doesNotMatch(line, /,[=+@]/);

    const usdOnly = await member.inject({ method: 'GET', url: '/api/v1/wallet/entries.csv?currency=USD' });
    assert.match(usdOnly.body, /,7\.00,7\.00,"'\+1, ""quoted""",\r\n$/);

    const bad = await member.inject({ method: 'GET', url: '/api/v1/wallet/entries.csv?kind=bogus' });
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().error.code, 'request.invalid');
    const anonymous = await app.inject({ method: 'GET', url: '/api/v1/wallet/entries.csv' });
    assert.equal(anonymous.statusCode, 401);
  });
});

describe('statement filters (pure)', () => {
  test('empty values mean no filter; kinds are de-duplicated', () => {
    assert.deepEqual(
      parseStatementFilters({ kind: ' topup, topup ,payout', currency: '', from: ' ', to: '' }),
      {
        kinds: ['topup', 'payout'],
        currency: undefined,
        from: undefined,
        to: undefined,
      },
    );
  });
  test('a plain date is a whole day in the given zone (UTC by default); an instant keeps its own offset', () => {
    const range = (raw: { from?: string; to?: string; timeZone?: string }) => {
      const { from, to } = parseStatementFilters(raw);
      return [from?.toISOString(), to?.toISOString()];
    };
    assert.deepEqual(range({ from: '2026-12-08', to: '2026-12-08' }), [
      '2026-12-08T00:00:00.000Z',
      '2026-12-09T00:00:00.000Z',
    ]);
    assert.deepEqual(range({ from: '2026-12-08', to: '2026-12-08', timeZone: 'Asia/Shanghai' }), [
      '2026-12-07T16:00:00.000Z',
      '2026-12-08T16:00:00.000Z',
    ]);
    // The day New York's clocks spring forward is 23 hours long.
    assert.deepEqual(range({ from: '2026-03-08', to: '2026-03-08', timeZone: 'America/New_York' }), [
      '2026-03-08T05:00:00.000Z',
      '2026-03-09T04:00:00.000Z',
    ]);
    assert.deepEqual(range({ from: '2026-12-08T10:00:00+08:00', timeZone: 'America/New_York' }), [
      '2026-12-08T02:00:00.000Z',
      undefined,
    ]);
    assert.throws(
      () => parseStatementFilters({ from: '2026-12-08', timeZone: 'Mars/Base' }),
      (error: { fields?: Record<string, { code: string }> }) =>
        error.fields?.timeZone?.code === 'wallet.filter.time_zone_unknown',
    );
    assert.throws(() => parseStatementFilters({ to: '2026-02-31', timeZone: 'Asia/Shanghai' }));
  });
});
