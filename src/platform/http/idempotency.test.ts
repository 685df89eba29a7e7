// The Idempotency-Key contract (API.md "Conventions"): replays, reuse with another body, missing
// keys, per-member scope, failures, abandoned claims, expiry, and concurrent duplicates (truly
// parallel on PostgreSQL: set DATABASE_URL).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { createTestDatabase } from '../../../test/db.js';
import { buildTestApp, registerMember } from '../../../test/helpers.js';
import { jobsContext, jobsTestSetUp } from '../../../test/jobs.js';
import { insertMember } from '../../modules/ledger/ledger.test-support.js';
import { ManualClock } from '../clock.js';
import type { ServiceContext } from '../context.js';
import { AppError } from './errors.js';
import {
  CLAIM_SECONDS,
  canonicalJson,
  cleanupIdempotencyKeys,
  IDEMPOTENCY_TTL_HOURS,
  runIdempotently,
  withIdempotency,
} from './idempotency.js';

function counter() {
  let runs = 0;
  return {
    get runs() {
      return runs;
    },
    work: async () => {
      runs += 1;
      return { status: 201, body: { run: runs, at: new Date('2026-01-01T00:00:00Z') } };
    },
  };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return `${error.status} ${error.code}`;
    throw error;
  }
  return 'ok';
}

describe('runIdempotently', () => {
  test('same key and request: the first result is replayed, the work runs once', async (t) => {
    const { database, ctx } = await jobsTestSetUp(t);
    const userId = await insertMember(database.db);
    const c = counter();
    const request = { userId, key: 'k-1', requestHash: 'h1' };
    const first = await runIdempotently(ctx, request, c.work);
    const second = await runIdempotently(ctx, request, c.work);
    assert.equal(c.runs, 1);
    assert.deepEqual(first, {
      status: 201,
      body: { run: 1, at: '2026-01-01T00:00:00.000Z' },
      replayed: false,
    });
    assert.deepEqual(second, { ...first, replayed: true });
  });

  test('same key, another request: 422 idempotency.key_reused, nothing runs', async (t) => {
    const { database, ctx } = await jobsTestSetUp(t);
    const userId = await insertMember(database.db);
    const c = counter();
    await runIdempotently(ctx, { userId, key: 'k', requestHash: 'h1' }, c.work);
    assert.equal(
      await codeOf(runIdempotently(ctx, { userId, key: 'k', requestHash: 'h2' }, c.work)),
      '422 idempotency.key_reused',
    );
    assert.equal(c.runs, 1);
  });

  test('keys are per member: another member with the same key runs their own request', async (t) => {
    const { database, ctx } = await jobsTestSetUp(t);
    const [a, b] = [await insertMember(database.db), await insertMember(database.db)];
    const c = counter();
    await runIdempotently(ctx, { userId: a, key: 'same', requestHash: 'h' }, c.work);
    const other = await runIdempotently(ctx, { userId: b, key: 'same', requestHash: 'h' }, c.work);
    assert.equal(c.runs, 2);
    assert.equal(other.replayed, false);
  });

  test('a malformed key is a 400 idempotency.key_invalid and claims nothing', async (t) => {
    const { database, ctx } = await jobsTestSetUp(t);
    const userId = await insertMember(database.db);
    const c = counter();
    for (const key of ['', 'has space', 'x'.repeat(201), 'ключ']) {
      assert.equal(
        await codeOf(runIdempotently(ctx, { userId, key, requestHash: 'h' }, c.work)),
        '400 idempotency.key_invalid',
      );
    }
    assert.equal(c.runs, 0);
    assert.equal((await database.db.selectFrom('idempotency_keys').selectAll().execute()).length, 0);
  });

  test('a refusal (4xx) is stored and thrown again to repeats; a crash (5xx) releases the key', async (t) => {
    const { database, ctx } = await jobsTestSetUp(t);
    const userId = await insertMember(database.db);
    let runs = 0;
    const refuse = async () => {
      runs += 1;
      throw new AppError(409, 'wallet.insufficient_funds', { params: { n: 1 } });
    };
    const request = { userId, key: 'refused', requestHash: 'h' };
    assert.equal(await codeOf(runIdempotently(ctx, request, refuse)), '409 wallet.insufficient_funds');
    assert.equal(await codeOf(runIdempotently(ctx, request, refuse)), '409 wallet.insufficient_funds');
    assert.equal(runs, 1);

    const crashing = { userId, key: 'crash', requestHash: 'h' };
    await assert.rejects(
      runIdempotently(ctx, crashing, async () => {
        throw new Error('database went away');
      }),
      /database went away/,
    );
    const c = counter();
    const retried = await runIdempotently(ctx, crashing, c.work);
    assert.equal(retried.replayed, false);
    assert.equal(c.runs, 1);
  });

  test('a repeat while the first still runs gets 409 idempotency.in_progress; afterwards the replay', async (t) => {
    const { database, ctx } = await jobsTestSetUp(t);
    const userId = await insertMember(database.db);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let runs = 0;
    const slow = async () => {
      runs += 1;
      await gate;
      return { status: 201, body: { ok: true } };
    };
    const request = { userId, key: 'busy', requestHash: 'h' };
    const first = runIdempotently(ctx, request, slow);
    // Let the first claim commit before the repeat arrives.
    while ((await database.db.selectFrom('idempotency_keys').select('id').execute()).length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.equal(await codeOf(runIdempotently(ctx, request, slow)), '409 idempotency.in_progress');
    release();
    assert.equal((await first).replayed, false);
    assert.equal((await runIdempotently(ctx, request, slow)).replayed, true);
    assert.equal(runs, 1);
  });

  test('a claim abandoned for longer than CLAIM_SECONDS is taken over by a repeat', async (t) => {
    const { database, ctx, clock } = await jobsTestSetUp(t);
    const userId = await insertMember(database.db);
    const request = { userId, key: 'orphan', requestHash: 'h' };
    // A process that died mid-work leaves an in-progress claim behind.
    await database.db
      .insertInto('idempotency_keys')
      .values({
        user_id: userId,
        key: 'orphan',
        request_hash: 'h',
        status: 'in_progress',
        locked_until: new Date(clock.now().getTime() + CLAIM_SECONDS * 1000),
        created_at: clock.now(),
        expires_at: new Date(clock.now().getTime() + 24 * 3600_000),
      })
      .execute();
    const c = counter();
    assert.equal(await codeOf(runIdempotently(ctx, request, c.work)), '409 idempotency.in_progress');
    clock.advance(CLAIM_SECONDS + 1);
    const taken = await runIdempotently(ctx, request, c.work);
    assert.equal(taken.replayed, false);
    assert.equal(c.runs, 1);
    assert.equal((await runIdempotently(ctx, request, c.work)).replayed, true);
  });

  test('keys expire after the TTL: the key may be used again, and the cleanup job deletes old keys', async (t) => {
    const { database, ctx, clock, runner } = await jobsTestSetUp(t);
    const userId = await insertMember(database.db);
    const c = counter();
    await runIdempotently(ctx, { userId, key: 'old', requestHash: 'h1' }, c.work);
    const jobs = await database.db
      .selectFrom('jobs')
      .selectAll()
      .where('name', '=', cleanupIdempotencyKeys.name)
      .execute();
    assert.equal(jobs.length, 1, 'one cleanup job per day of keys');
    await runIdempotently(ctx, { userId, key: 'old2', requestHash: 'h1' }, c.work);
    assert.equal(
      (
        await database.db
          .selectFrom('jobs')
          .select('id')
          .where('name', '=', cleanupIdempotencyKeys.name)
          .execute()
      ).length,
      1,
    );

    clock.advance(IDEMPOTENCY_TTL_HOURS * 3600 + 1);
    // Expired: a new request may use it, even with another body.
    const again = await runIdempotently(ctx, { userId, key: 'old', requestHash: 'h2' }, c.work);
    assert.equal(again.replayed, false);
    assert.equal(c.runs, 3);

    clock.advance(2 * 24 * 3600);
    const summary = await runner().runDueJobs();
    assert.ok(summary.done >= 1);
    const left = await database.db.selectFrom('idempotency_keys').select('key').execute();
    assert.deepEqual(left, []);
  });

  test('canonicalJson ignores key order and undefined fields', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } }),
      canonicalJson({ a: { d: [1, { y: 2, z: 1 }] }, b: 1 }),
    );
    assert.notEqual(canonicalJson({ a: 1 }), canonicalJson({ a: '1' }));
  });
});

/** An app with one money-moving test route (`POST /api/v1/test/pay`) that counts its runs. */
async function appWithPayRoute(t: import('node:test').TestContext) {
  const database = await createTestDatabase();
  const ctx: ServiceContext = jobsContext(database, new ManualClock());
  let runs = 0;
  const extraRoutes = (app: FastifyInstance) => {
    app.post(
      '/api/v1/test/pay',
      {
        config: { scope: 'money' },
        schema: { body: Type.Object({ amountMinor: Type.Integer(), note: Type.Optional(Type.String()) }) },
      },
      async (request, reply) =>
        withIdempotency(ctx, request, reply, async () => {
          runs += 1;
          // Long enough for concurrent duplicates to overlap.
          await new Promise((resolve) => setTimeout(resolve, 50));
          return {
            status: 201,
            body: { paid: (request.body as { amountMinor: number }).amountMinor, run: runs },
          };
        }),
    );
  };
  const built = await buildTestApp(t, {}, { database, extraRoutes });
  return { ...built, runs: () => runs };
}

describe('withIdempotency over HTTP', () => {
  test('missing or bad header: 400 with a code; replay carries Idempotent-Replayed; other body 422', async (t) => {
    const { app, runs } = await appWithPayRoute(t);
    const member = await registerMember(app);
    const pay = (headers: Record<string, string>, payload: object) =>
      member.inject({ method: 'POST', url: '/api/v1/test/pay', headers, payload });

    const missing = await pay({}, { amountMinor: 100 });
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().error.code, 'idempotency.key_required');
    const bad = await pay({ 'idempotency-key': 'a b' }, { amountMinor: 100 });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'idempotency.key_invalid');

    const first = await pay({ 'idempotency-key': 'pay-1' }, { amountMinor: 100, note: 'x' });
    assert.equal(first.statusCode, 201);
    assert.equal(first.headers['idempotent-replayed'], undefined);
    // Same body with its keys in another order is the same request.
    const again = await member.inject({
      method: 'POST',
      url: '/api/v1/test/pay',
      headers: { 'idempotency-key': 'pay-1', 'content-type': 'application/json' },
      payload: '{"note":"x","amountMinor":100}',
    });
    assert.equal(again.statusCode, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(again.body, first.body);

    const other = await pay({ 'idempotency-key': 'pay-1' }, { amountMinor: 200 });
    assert.equal(other.statusCode, 422);
    assert.equal(other.json().error.code, 'idempotency.key_reused');
    assert.equal(runs(), 1);

    const anonymous = await app.inject({
      method: 'POST',
      url: '/api/v1/test/pay',
      headers: { 'idempotency-key': 'pay-1' },
      payload: { amountMinor: 100 },
    });
    assert.equal(anonymous.statusCode, 401);
  });

  test('20 concurrent duplicates: the work runs once; every answer is that result or 409 in_progress', async (t) => {
    const { app, runs } = await appWithPayRoute(t);
    const member = await registerMember(app);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        member.inject({
          method: 'POST',
          url: '/api/v1/test/pay',
          headers: { 'idempotency-key': 'race' },
          payload: { amountMinor: 100 },
        }),
      ),
    );
    assert.equal(runs(), 1);
    const winners = responses.filter((r) => r.statusCode === 201);
    const busy = responses.filter((r) => r.statusCode === 409);
    assert.equal(winners.length + busy.length, 20);
    assert.ok(winners.length >= 1);
    for (const r of winners) assert.deepEqual(r.json(), { paid: 100, run: 1 });
    for (const r of busy) assert.equal(r.json().error.code, 'idempotency.in_progress');
    const after = await member.inject({
      method: 'POST',
      url: '/api/v1/test/pay',
      headers: { 'idempotency-key': 'race' },
      payload: { amountMinor: 100 },
    });
    assert.equal(after.statusCode, 201);
    assert.deepEqual(after.json(), { paid: 100, run: 1 });
  });
});
