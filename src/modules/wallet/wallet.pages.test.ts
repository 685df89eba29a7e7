import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  buildTestApp,
  csrfFieldOf,
  form,
  idempotencyFieldOf,
  registerMember,
} from '../../../test/helpers.js';
import { assertBooksBalance } from '../ledger/ledger.test-support.js';
import { cny, topUp, usd, walletOf } from './wallet.test-support.js';

describe('/wallet', () => {
  test('visitors are sent to log in; members see balances, the statement, filters, CSV and links', async (t) => {
    const { app, database } = await buildTestApp(t);
    const visitor = await app.inject({ method: 'GET', url: '/wallet' });
    assert.equal(visitor.statusCode, 303);
    assert.equal(visitor.headers.location, '/login?next=%2Fwallet');

    const member = await registerMember(app);
    const empty = await member.inject({ method: 'GET', url: '/wallet' });
    assert.equal(empty.statusCode, 200);
    assert.match(empty.body, /data-testid="statement-empty"/);
    assert.match(empty.body, /data-testid="nav-wallet"/);
    // An empty wallet holds nothing: ¥0.00 in the default currency, in either language.
    assert.match(empty.body, /data-testid="wallet-balances"><li><span class="money text-nowrap">CN¥0\.00</);
    const emptyZh = await member.inject({ method: 'GET', url: '/wallet?lang=zh-CN' });
    assert.match(emptyZh.body, /data-testid="wallet-balances"><li><span class="money text-nowrap">¥0\.00</);
    // The payout page's minimums stand apart, one per currency.
    const payouts = await member.inject({ method: 'GET', url: '/wallet/payouts' });
    assert.match(
      payouts.body,
      /data-testid="payout-balances">[^<]*<span class="money text-nowrap">CN¥0\.00</,
    );
    assert.match(
      payouts.body,
      /data-testid="payout-minimums">[^<]*<span class="money text-nowrap">CN¥[\d.]+<\/span><span class="text-body-secondary"> · <\/span><span class="money text-nowrap">\$[\d.]+</,
    );

    await topUp(database, member.userId, cny(10000), { memo: '<script>alert(1)</script>' });
    await topUp(database, member.userId, usd(500));
    const page = await member.inject({ method: 'GET', url: '/wallet' });
    assert.match(page.body, /data-testid="wallet-balances"[\s\S]*CN¥100\.00[\s\S]*\$5\.00/);
    assert.match(page.body, /data-testid="statement"/);
    assert.doesNotMatch(page.body, /<script>alert/);
    assert.match(page.body, /&lt;script>alert\(1\)&lt;\/script>/);
    assert.match(page.body, /href="\/wallet\/topup"/);
    assert.match(page.body, /href="\/wallet\/payouts"/);
    assert.match(page.body, /href="\/api\/v1\/wallet\/entries.csv"/);

    const filtered = await member.inject({ method: 'GET', url: '/wallet?currency=USD&kind=topup' });
    assert.equal((filtered.body.match(/<tr id="entry-/g) ?? []).length, 1);
    assert.match(filtered.body, /href="\/api\/v1\/wallet\/entries.csv\?kind=topup&currency=USD"/);

    const bad = await member.inject({ method: 'GET', url: '/wallet?from=nonsense' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /data-field-error="from"/);

    const zh = await member.inject({ method: 'GET', url: '/wallet?lang=zh-CN' });
    assert.match(zh.body, /账单明细/);
  });

  test('pages through the statement 25 lines at a time', async (t) => {
    const { app, database } = await buildTestApp(t);
    const member = await registerMember(app);
    for (let i = 0; i < 27; i += 1) await topUp(database, member.userId, cny(100));
    const first = await member.inject({ method: 'GET', url: '/wallet' });
    assert.equal((first.body.match(/<tr id="entry-/g) ?? []).length, 25);
    assert.match(first.body, /href="\/wallet\?page=2"/);
    const second = await member.inject({ method: 'GET', url: '/wallet?page=2' });
    assert.equal((second.body.match(/<tr id="entry-/g) ?? []).length, 2);
  });
});

describe('/wallet/payouts', () => {
  test('the form requests a payout once, even when submitted twice; errors come back beside the fields', async (t) => {
    const { app, database } = await buildTestApp(t);
    const member = await registerMember(app);
    await topUp(database, member.userId, cny(10000));
    const page = await member.inject({ method: 'GET', url: '/wallet/payouts' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /data-testid="payout-form"/);
    assert.match(page.body, /<option value="dev"/);
    const fields = {
      _csrf: csrfFieldOf(page.body),
      idempotencyKey: idempotencyFieldOf(page.body),
      amount: '30.00',
      currency: 'CNY',
      gateway: 'dev',
      destination: 'alice@example.com',
    };
    const submit = () => member.inject({ method: 'POST', url: '/wallet/payouts', ...form(fields) });
    const first = await submit();
    assert.equal(first.statusCode, 303, first.body);
    assert.match(String(first.headers.location), /^\/wallet\/payouts\?requested=\d+#payout-\d+$/);
    const second = await submit();
    assert.equal(second.statusCode, 303);
    assert.equal(second.headers.location, first.headers.location);
    assert.deepEqual((await walletOf(member)).balances, [{ amountMinor: 7000, currency: 'CNY' }]);

    const after = await member.inject({ method: 'GET', url: String(first.headers.location) });
    assert.match(after.body, /data-status="requested"/);
    assert.match(after.body, /alice@example.com/);

    const fresh = await member.inject({ method: 'GET', url: '/wallet/payouts' });
    const tooSmall = await member.inject({
      method: 'POST',
      url: '/wallet/payouts',
      ...form({ ...fields, idempotencyKey: idempotencyFieldOf(fresh.body), amount: '5' }),
    });
    assert.equal(tooSmall.statusCode, 422);
    assert.match(tooSmall.body, /data-field-error="amount"/);
    assert.match(tooSmall.body, /name="amount"[^>]*aria-describedby="[^"]*-error"[^>]*aria-invalid="true"/);
    assert.notEqual(
      idempotencyFieldOf(tooSmall.body),
      fields.idempotencyKey,
      'a fresh key with the re-rendered form',
    );

    const tooMuch = await member.inject({
      method: 'POST',
      url: '/wallet/payouts',
      ...form({ ...fields, idempotencyKey: `${idempotencyFieldOf(fresh.body)}x`, amount: '1000' }),
    });
    assert.equal(tooMuch.statusCode, 409);
    assert.match(tooMuch.body, /does not have enough money/);

    const noKey = await member.inject({
      method: 'POST',
      url: '/wallet/payouts',
      ...form({ ...fields, idempotencyKey: '' }),
    });
    assert.equal(noKey.statusCode, 400);
    await assertBooksBalance(database.db);
  });
});

describe('statement dates in the reader’s zone', () => {
  test('a plain date filters the reader’s day, as the page shows it; the CSV link carries the zone', async (t) => {
    const { app, database } = await buildTestApp(t);
    const member = await registerMember(app);
    // 20:00 UTC on Dec 7 is 04:00 on Dec 8 in Shanghai.
    await topUp(database, member.userId, cny(700), { now: new Date('2026-12-07T20:00:00Z') });
    const lines = async (query: string, headers: Record<string, string> = {}) => {
      const page = await member.inject({ method: 'GET', url: `/wallet?${query}`, headers });
      assert.equal(page.statusCode, 200, page.body.slice(0, 300));
      return { count: (page.body.match(/<tr id="entry-/g) ?? []).length, body: page.body };
    };
    const zh = { 'accept-language': 'zh-CN' };

    const shanghaiDay = await lines('from=2026-12-08&to=2026-12-08', zh);
    assert.equal(shanghaiDay.count, 1, 'Dec 8 in Shanghai holds it');
    assert.match(
      shanghaiDay.body,
      /<time datetime="2026-12-07T20:00:00.000Z" title="2026-12-07 20:00 UTC">2026年12月8日 04:00<\/time>/,
    );
    assert.equal((await lines('from=2026-12-07&to=2026-12-07', zh)).count, 0, 'Dec 7 in Shanghai does not');
    assert.equal(
      (await lines('from=2026-12-07&to=2026-12-07', { 'accept-language': 'en' })).count,
      1,
      'Dec 7 in UTC',
    );
    const newYork = { 'accept-language': 'en', cookie: `${member.cookie}; tz=America%2FNew_York` };
    assert.equal(
      (await lines('from=2026-12-07&to=2026-12-07', newYork)).count,
      1,
      'Dec 7, 15:00 in New York',
    );

    // The CSV link names the zone, so the file holds the lines the page shows (its times in UTC).
    const csvHref = /href="(\/api\/v1\/wallet\/entries\.csv[^"]*)"/
      .exec(shanghaiDay.body)?.[1]
      ?.replaceAll('&amp;', '&');
    assert.equal(
      csvHref,
      '/api/v1/wallet/entries.csv?from=2026-12-08&to=2026-12-08&timeZone=Asia%2FShanghai',
    );
    const csv = await member.inject({ method: 'GET', url: csvHref });
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /\r\n\d+,2026-12-07T20:00:00\.000Z,/);
    const utcCsv = await member.inject({
      method: 'GET',
      url: '/api/v1/wallet/entries.csv?from=2026-12-08&to=2026-12-08',
    });
    assert.equal(utcCsv.body.trimEnd().split('\r\n').length, 1, 'without a zone the API reads UTC days');

    const badZone = await member.inject({
      method: 'GET',
      url: '/api/v1/wallet/entries?from=2026-12-08&timeZone=Mars%2FBase',
    });
    assert.equal(badZone.statusCode, 422);
    assert.equal(badZone.json().error.fieldProblems.timeZone.code, 'wallet.filter.time_zone_unknown');
  });
});
