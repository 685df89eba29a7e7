import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildTestApp, promote, registerMember, type Session } from '../../../test/helpers.js';
import { restartableApp } from '../../../test/jobs.js';
import { assertBooksBalance } from '../ledger/ledger.test-support.js';
import { cny, newKey, platformBalance, recordingDevGateway, topUp, walletOf } from './wallet.test-support.js';

function requestPayout(member: Session, body: object, key = newKey()) {
  return member.inject({
    method: 'POST',
    url: '/api/v1/payouts',
    headers: { 'idempotency-key': key },
    payload: body,
  });
}

function review(admin: Session, id: number, action: 'approve' | 'reject', key = newKey(), payload?: object) {
  return admin.inject({
    method: 'POST',
    url: `/api/v1/admin/payouts/${id}/${action}`,
    headers: { 'idempotency-key': key },
    ...(payload ? { payload } : {}),
  });
}

/**
 * An app with a member holding ¥100.00 and an admin. Payouts go through the configured dev
 * gateway (its real transfer), here wrapped to record the calls.
 */
async function setUp(t: import('node:test').TestContext) {
  const gateway = recordingDevGateway();
  const built = await buildTestApp(t, {}, { gateways: [gateway] });
  const member = await registerMember(built.app);
  const admin = await registerMember(built.app);
  await promote(built.database, admin.userId, 'admin');
  await topUp(built.database, member.userId, cny(10000));
  return { ...built, member, admin, gateway };
}

const body = (amountMinor = 3000) => ({
  amount: { amountMinor, currency: 'CNY' },
  gateway: 'dev',
  destination: 'me@example.com',
});

describe('requesting a payout', () => {
  test('201: the amount leaves the wallet for payouts payable; a retry with the same key returns the same payout', async (t) => {
    const { app, database, member } = await setUp(t);
    const key = newKey();
    const first = await requestPayout(member, body(), key);
    assert.equal(first.statusCode, 201, first.body);
    const { payout } = first.json();
    assert.equal(payout.status, 'requested');
    assert.deepEqual(payout.amount, { amountMinor: 3000, currency: 'CNY' });
    assert.equal(payout.gateway, 'dev');
    assert.equal(payout.destination, 'me@example.com');

    const again = await requestPayout(member, body(), key);
    assert.equal(again.statusCode, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(again.json().payout.id, payout.id);

    const reused = await requestPayout(member, body(4000), key);
    assert.equal(reused.statusCode, 422);
    assert.equal(reused.json().error.code, 'idempotency.key_reused');

    assert.deepEqual(await walletOf(member), {
      balances: [{ amountMinor: 7000, currency: 'CNY' }],
      held: [],
      pendingPayouts: [{ amountMinor: 3000, currency: 'CNY' }],
    });
    assert.equal(await platformBalance(database, 'payouts_payable', 'CNY'), 3000);
    const mine = await member.inject({ method: 'GET', url: '/api/v1/payouts' });
    assert.deepEqual(
      mine.json().items.map((p: { id: number }) => p.id),
      [payout.id],
    );
    const statement = await member.inject({ method: 'GET', url: '/api/v1/wallet/entries?kind=payout' });
    assert.deepEqual(statement.json().items[0].amount, { amountMinor: -3000, currency: 'CNY' });
    await assertBooksBalance(database.db);
    void app;
  });

  test('refused: below the minimum, more than the balance, bad amounts, gateway, destination, no key', async (t) => {
    const { database, member } = await setUp(t);
    const cases: [object, number, string, string?][] = [
      [body(999), 422, 'payout.below_minimum', 'amount'],
      [body(10001), 409, 'wallet.insufficient_funds'],
      [body(-500), 422, 'money.negative', 'amount'],
      [body(0), 422, 'money.not_positive', 'amount'],
      [
        { ...body(), amount: { amountMinor: 10.5, currency: 'CNY' } },
        422,
        'request.invalid',
        'amount.amountMinor',
      ],
      [{ ...body(), amount: { amountMinor: 1e20, currency: 'CNY' } }, 422, 'money.invalid_amount', 'amount'],
      [
        { ...body(), amount: { amountMinor: 3000, currency: 'EUR' } },
        422,
        'money.unknown_currency',
        'amount',
      ],
      [{ ...body(), amount: { amountMinor: 3000, currency: 'USD' } }, 409, 'wallet.insufficient_funds'],
      [{ ...body(), gateway: 'paypal' }, 422, 'request.invalid', 'gateway'],
      [{ ...body(), destination: '   ' }, 422, 'request.invalid', 'destination'],
      [{ ...body(), destination: 'a\u0007b' }, 422, 'request.invalid', 'destination'],
      [{ amount: { amountMinor: 3000, currency: 'CNY' } }, 422, 'request.invalid', 'gateway'],
    ];
    for (const [payload, status, code, field] of cases) {
      const response = await requestPayout(member, payload);
      assert.equal(response.statusCode, status, `${JSON.stringify(payload)}: ${response.body}`);
      assert.equal(response.json().error.code, code, JSON.stringify(payload));
      if (field) assert.ok(field in (response.json().error.fields ?? {}), `${field}: ${response.body}`);
    }
    const below = await requestPayout(member, body(999));
    assert.equal(below.json().error.fields.amount, 'The smallest payout is 10.00 CNY.');

    const noKey = await member.inject({ method: 'POST', url: '/api/v1/payouts', payload: body() });
    assert.equal(noKey.statusCode, 400);
    assert.equal(noKey.json().error.code, 'idempotency.key_required');

    assert.deepEqual((await walletOf(member)).balances, [{ amountMinor: 10000, currency: 'CNY' }]);
    assert.equal(await database.db.selectFrom('payouts').select('id').executeTakeFirst(), undefined);
    await assertBooksBalance(database.db);
  });
});

describe('reviewing a payout', () => {
  test('approve → the job transfers through the gateway → paid; payouts payable → gateway clearing', async (t) => {
    const { app, database, member, admin, gateway } = await setUp(t);
    const { payout } = (await requestPayout(member, body(3000))).json();
    const approved = await review(admin, payout.id, 'approve');
    assert.equal(approved.statusCode, 200, approved.body);
    assert.equal(approved.json().payout.status, 'approved');
    assert.equal(approved.json().payout.reviewedBy, admin.userId);
    assert.equal(gateway.transfers.length, 0, 'no gateway call inside the approval');

    await app.jobs.runDueJobs();
    assert.equal(gateway.transfers.length, 1);
    assert.deepEqual(gateway.transfers[0], {
      reference: `payout_${payout.id}`,
      amount: { amountMinor: 3000, currency: 'CNY' },
      destination: 'me@example.com',
      memo: `TechQ&A payout #${payout.id}`,
    });
    const mine = (await member.inject({ method: 'GET', url: '/api/v1/payouts' })).json().items[0];
    assert.equal(mine.status, 'paid');
    assert.ok(mine.settledAt);
    assert.deepEqual(await walletOf(member), {
      balances: [{ amountMinor: 7000, currency: 'CNY' }],
      held: [],
      pendingPayouts: [],
    });
    assert.equal(await platformBalance(database, 'payouts_payable', 'CNY'), 0);
    // Topped up 100.00 through dev, paid 30.00 out through it: dev holds 70.00 for us.
    assert.equal(await platformBalance(database, 'gateway_clearing', 'CNY', 'dev'), 7000);
    await assertBooksBalance(database.db);

    const listed = await admin.inject({ method: 'GET', url: '/api/v1/admin/payouts?status=paid' });
    // The dev gateway's own transfer id for our reference.
    assert.equal(listed.json().items[0].externalId, `dev_tr_payout_${payout.id}`);
    assert.equal(listed.json().items[0].username, member.username);

    await app.jobs.runDueJobs();
    assert.equal(gateway.transfers.length, 1, 'a paid payout is never sent again');
  });

  test('approve → the gateway refuses → failed; the money is back in the wallet', async (t) => {
    // No stand-in at all: the app's own resolver, and the dev gateway refusing a `fail…` destination.
    const { app, database } = await buildTestApp(t);
    const member = await registerMember(app);
    const admin = await registerMember(app);
    await promote(database, admin.userId, 'admin');
    await topUp(database, member.userId, cny(10000));
    const { payout } = (
      await requestPayout(member, { ...body(5000), destination: 'fail-closed@example.com' })
    ).json();
    await review(admin, payout.id, 'approve');
    assert.deepEqual(await app.jobs.runDueJobs(), { done: 1, retried: 0, failed: 0 });
    const listed = (await admin.inject({ method: 'GET', url: '/api/v1/admin/payouts' })).json().items[0];
    assert.equal(listed.status, 'failed');
    assert.equal(listed.failure, 'dev: the destination refused the transfer');
    const mine = (await member.inject({ method: 'GET', url: '/api/v1/payouts' })).json().items[0];
    assert.equal(mine.status, 'failed');
    assert.equal('failure' in mine, false, 'the gateway’s words are for admins');
    assert.deepEqual((await walletOf(member)).balances, [{ amountMinor: 10000, currency: 'CNY' }]);
    assert.equal(await platformBalance(database, 'payouts_payable', 'CNY'), 0);
    assert.equal(await platformBalance(database, 'gateway_clearing', 'CNY', 'dev'), 10000);
    const statement = await member.inject({
      method: 'GET',
      url: '/api/v1/wallet/entries?kind=payout_failed',
    });
    assert.deepEqual(statement.json().items[0].amount, { amountMinor: 5000, currency: 'CNY' });
    await assertBooksBalance(database.db);
  });

  test('a gateway error or a pending transfer leaves it approved and the job retries with the same reference', async (t) => {
    const { app, database, clock, member, admin, gateway } = await setUp(t);
    gateway.interrupt = new Error('connection reset');
    const { payout } = (await requestPayout(member, body(3000))).json();
    await review(admin, payout.id, 'approve');
    const first = await app.jobs.runDueJobs();
    assert.equal(first.retried, 1);
    gateway.interrupt = { status: 'pending', externalId: 'x' };
    clock.advance(3600);
    await app.jobs.runDueJobs();
    const mine = (await member.inject({ method: 'GET', url: '/api/v1/payouts' })).json().items[0];
    assert.equal(mine.status, 'approved');
    gateway.interrupt = undefined;
    clock.advance(3 * 3600);
    await app.jobs.runDueJobs();
    assert.equal(
      (await member.inject({ method: 'GET', url: '/api/v1/payouts' })).json().items[0].status,
      'paid',
    );
    assert.deepEqual(
      gateway.transfers.map((transfer) => transfer.reference),
      Array(3).fill(`payout_${payout.id}`),
    );
    const listed = await admin.inject({ method: 'GET', url: '/api/v1/admin/payouts?status=paid' });
    assert.equal(listed.json().items[0].externalId, `dev_tr_payout_${payout.id}`);
    await assertBooksBalance(database.db);
  });

  test('the process dies after the gateway paid and before settling: the next run settles it once', async (t) => {
    const gateway = recordingDevGateway();
    gateway.crashAfterTransfer = true;
    const first = await restartableApp(t, {}, { gateways: [gateway] });
    const firstDatabase = first.database;
    const member = await registerMember(first.app);
    const admin = await registerMember(first.app);
    await promote(firstDatabase, admin.userId, 'admin');
    await topUp(firstDatabase, member.userId, cny(10000));
    const { payout } = (await requestPayout(member, body(3000))).json();
    assert.equal((await review(admin, payout.id, 'approve')).statusCode, 200);
    assert.deepEqual(await first.app.jobs.runDueJobs(), { done: 0, retried: 1, failed: 0 });
    assert.equal(gateway.transfers.length, 1, 'the gateway was paid');
    const status = async (database: typeof firstDatabase) =>
      database.db
        .selectFrom('payouts')
        .select(['status', 'external_id'])
        .where('id', '=', payout.id)
        .executeTakeFirstOrThrow();
    assert.deepEqual(await status(firstDatabase), { status: 'approved', external_id: null });

    // A new process on the same data, with the configured dev gateway and nothing standing in.
    const second = await first.restart();
    const secondDatabase = second.database;
    const later = new Date(Date.now() + 3600_000);
    assert.deepEqual(await second.app.jobs.runDueJobs(later), { done: 1, retried: 0, failed: 0 });
    // The same reference, so the dev gateway answers with the first transfer's id.
    assert.deepEqual(await status(secondDatabase), {
      status: 'paid',
      external_id: `dev_tr_payout_${payout.id}`,
    });
    const postings = await secondDatabase.db
      .selectFrom('ledger_transactions')
      .select('kind')
      .where('kind', 'like', 'payout%')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      postings.map((row) => row.kind),
      ['payout', 'payout_paid'],
    );
    assert.equal(await platformBalance(secondDatabase, 'payouts_payable', 'CNY'), 0);
    assert.equal(await platformBalance(secondDatabase, 'gateway_clearing', 'CNY', 'dev'), 7000);
    assert.deepEqual(await second.app.jobs.runDueJobs(later), { done: 0, retried: 0, failed: 0 });
    await assertBooksBalance(secondDatabase.db);
  });

  test('reject: the money goes back to the wallet; the note is kept', async (t) => {
    const { app, database, member, admin, gateway } = await setUp(t);
    const { payout } = (await requestPayout(member, body(3000))).json();
    const rejected = await review(admin, payout.id, 'reject', newKey(), { note: 'Destination unverified' });
    assert.equal(rejected.statusCode, 200, rejected.body);
    assert.equal(rejected.json().payout.status, 'rejected');
    assert.equal(rejected.json().payout.reviewNote, 'Destination unverified');
    await app.jobs.runDueJobs();
    assert.equal(gateway.transfers.length, 0);
    assert.deepEqual(await walletOf(member), {
      balances: [{ amountMinor: 10000, currency: 'CNY' }],
      held: [],
      pendingPayouts: [],
    });
    assert.equal(await platformBalance(database, 'payouts_payable', 'CNY'), 0);
    await assertBooksBalance(database.db);
  });

  test('only admins review (403); unknown payout 404; double approve or reject-after-approve 409; same key replays', async (t) => {
    const { app, database, member, admin } = await setUp(t);
    const { payout } = (await requestPayout(member, body(3000))).json();
    for (const who of [member, await registerMember(app)]) {
      const response = await review(who, payout.id, 'approve');
      assert.equal(response.statusCode, 403, response.body);
      assert.equal(response.json().error.code, 'auth.forbidden');
    }
    const moderator = await registerMember(app);
    await promote(database, moderator.userId, 'moderator');
    assert.equal((await review(moderator, payout.id, 'reject')).statusCode, 403);
    assert.equal(
      (
        await app.inject({
          method: 'POST',
          url: `/api/v1/admin/payouts/${payout.id}/approve`,
          headers: { 'idempotency-key': 'x' },
        })
      ).statusCode,
      401,
    );

    const missing = await review(admin, 999999, 'approve');
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'payout.not_found');

    const key = newKey();
    assert.equal((await review(admin, payout.id, 'approve', key)).statusCode, 200);
    const replay = await review(admin, payout.id, 'approve', key);
    assert.equal(replay.statusCode, 200);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    const twice = await review(admin, payout.id, 'approve');
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().error.code, 'payout.already_approved');
    const rejectLate = await review(admin, payout.id, 'reject');
    assert.equal(rejectLate.statusCode, 409);
    assert.equal(rejectLate.json().error.code, 'payout.already_approved');
    assert.equal(
      (await database.db.selectFrom('jobs').select('id').where('name', '=', 'wallet.send_payout').execute())
        .length,
      1,
    );

    await app.jobs.runDueJobs();
    const afterPaid = await review(admin, payout.id, 'reject');
    assert.equal(afterPaid.json().error.code, 'payout.already_paid');
    assert.equal((await member.inject({ method: 'GET', url: '/api/v1/admin/payouts' })).statusCode, 403);
    await assertBooksBalance(database.db);
  });
});
