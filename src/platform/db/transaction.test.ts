import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { insertMember } from '../../modules/ledger/ledger.test-support.js';
import { AppError } from '../http/errors.js';
import { runTransaction, TRANSACTION_ATTEMPTS } from './transaction.js';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.close());

/** A context whose logger keeps what it was told. */
function context() {
  const warnings: Array<Record<string, unknown>> = [];
  return { ctx: { db: database.db, log: { warn: (obj: object) => warnings.push({ ...obj }) } }, warnings };
}

const noWait = async () => {};

function conflict(code: '40001' | '40P01' | '23505'): Error {
  return Object.assign(new Error(`simulated ${code}`), { code });
}

async function membersNamed(prefix: string): Promise<number> {
  const row = await database.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('username', 'like', `${prefix}%`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

test('a deadlock or serialization failure rolls the try back and runs the work again, logged', async () => {
  const { ctx, warnings } = context();
  let tries = 0;
  const result = await runTransaction(
    ctx,
    async (trx) => {
      tries += 1;
      await insertMember(trx, `retry${tries}`);
      if (tries === 1) throw conflict('40P01');
      if (tries === 2) throw conflict('40001');
      return 'done';
    },
    { backoff: noWait },
  );
  assert.equal(result, 'done');
  assert.equal(tries, 3);
  // Only the third try's write is left: the first two were rolled back.
  assert.equal(await membersNamed('retry'), 1);
  assert.equal(await membersNamed('retry3'), 1);
  assert.deepEqual(warnings, [
    { code: '40P01', attempt: 1 },
    { code: '40001', attempt: 2 },
  ]);
});

test('after the last try the caller gets 503 server.unavailable with Retry-After, and nothing is written', async () => {
  const { ctx, warnings } = context();
  let tries = 0;
  await assert.rejects(
    runTransaction(
      ctx,
      async (trx) => {
        tries += 1;
        await insertMember(trx, `giveup${tries}`);
        throw conflict('40P01');
      },
      { backoff: noWait },
    ),
    (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.status, 503);
      assert.equal(error.code, 'server.unavailable');
      assert.deepEqual(error.headers, { 'retry-after': '1' });
      return true;
    },
  );
  assert.equal(tries, TRANSACTION_ATTEMPTS);
  assert.equal(await membersNamed('giveup'), 0);
  assert.equal(warnings.length, TRANSACTION_ATTEMPTS);
});

test('any other error ends the work at once, as thrown', async () => {
  const { ctx, warnings } = context();
  let tries = 0;
  const refusal = new AppError(409, 'wallet.insufficient_funds');
  await assert.rejects(
    runTransaction(ctx, async () => {
      tries += 1;
      throw refusal;
    }),
    (error) => error === refusal,
  );
  await assert.rejects(
    runTransaction(ctx, async () => {
      tries += 1;
      throw conflict('23505');
    }),
    { code: '23505' },
  );
  assert.equal(tries, 2);
  assert.deepEqual(warnings, []);
});

test('a real deadlock between two transactions: one is retried, both finish (PostgreSQL)', async (t) => {
  if (database.kind !== 'postgres') {
    t.skip('PGlite runs one transaction at a time: it cannot deadlock');
    return;
  }
  const { ctx, warnings } = context();
  await database.db.transaction().execute(async (trx) => {
    await insertMember(trx, 'lockA');
    await insertMember(trx, 'lockB');
  });
  // Both take their first lock, then each waits for the other's.
  let arrived = 0;
  let release: () => void = () => {};
  const bothLocked = new Promise<void>((resolve) => {
    release = resolve;
  });
  const crosswise = (first: string, second: string) =>
    runTransaction(ctx, async (trx) => {
      const lock = (name: string) =>
        sql`select id from users where username = ${name} for no key update`.execute(trx);
      await lock(first);
      arrived += 1;
      if (arrived === 2) release();
      await bothLocked;
      await lock(second);
      await sql`update users set reputation = reputation + 1 where username = ${first}`.execute(trx);
      return first;
    });
  const results = await Promise.all([crosswise('lockA', 'lockB'), crosswise('lockB', 'lockA')]);
  assert.deepEqual(results, ['lockA', 'lockB']);
  assert.deepEqual(warnings, [{ code: '40P01', attempt: 1 }]);
  const reputations = await database.db
    .selectFrom('users')
    .select('reputation')
    .where('username', 'in', ['lockA', 'lockB'])
    .execute();
  assert.deepEqual(
    reputations.map((row) => row.reputation),
    [2, 2],
  );
});
