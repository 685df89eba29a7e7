import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import { AbortedTransactionError, Kysely, sql } from 'kysely';
import { PGliteDialect } from './pglite-dialect.js';

interface TestDB {
  counters: { id: number; value: number };
  items: { name: string };
}

describe('PGliteDialect', () => {
  let pglite: PGlite;
  let db: Kysely<TestDB>;

  before(async () => {
    pglite = await PGlite.create({ dataDir: 'memory://' });
    db = new Kysely<TestDB>({ dialect: new PGliteDialect({ pglite, closeOnDestroy: true }) });
    await sql`create table counters (id int primary key, value int not null)`.execute(db);
    await sql`create table items (name text primary key)`.execute(db);
  });

  after(async () => {
    await db.destroy();
  });

  beforeEach(async () => {
    await db.deleteFrom('items').execute();
    await db.deleteFrom('counters').execute();
    await db.insertInto('counters').values({ id: 1, value: 0 }).execute();
  });

  const readCounter = async () =>
    (await db.selectFrom('counters').select('value').where('id', '=', 1).executeTakeFirstOrThrow()).value;

  const itemNames = async () =>
    (await db.selectFrom('items').select('name').orderBy('name').execute()).map((row) => row.name);

  test('concurrent transactions do not interleave: no lost read-modify-write', async () => {
    const increments = Array.from({ length: 5 }, () =>
      db.transaction().execute(async (trx) => {
        const { value } = await trx
          .selectFrom('counters')
          .select('value')
          .where('id', '=', 1)
          .executeTakeFirstOrThrow();
        await delay(10);
        await trx
          .updateTable('counters')
          .set({ value: value + 1 })
          .where('id', '=', 1)
          .execute();
      }),
    );
    await Promise.all(increments);
    assert.equal(await readCounter(), 5);
  });

  test("a rolled-back transaction's writes vanish while a concurrent committed one's stay", async () => {
    const failing = db.transaction().execute(async (trx) => {
      await trx.insertInto('items').values({ name: 'rolled-back' }).execute();
      await delay(20);
      throw new Error('boom');
    });
    const committed = db.transaction().execute(async (trx) => {
      await trx.insertInto('items').values({ name: 'committed' }).execute();
    });
    await assert.rejects(failing, /boom/);
    await committed;
    assert.deepEqual(await itemNames(), ['committed']);
  });

  test('a plain query issued while a transaction is open waits for it to finish', async () => {
    const events: string[] = [];
    let started!: () => void;
    const trxStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    let finish!: () => void;
    const mayFinish = new Promise<void>((resolve) => {
      finish = resolve;
    });

    const trx = db.transaction().execute(async (trx) => {
      await trx.insertInto('items').values({ name: 'inside' }).execute();
      started();
      await mayFinish;
      events.push('transaction ends');
    });
    await trxStarted;
    const query = itemNames().then((names) => {
      events.push('query');
      return names;
    });

    await delay(30);
    assert.deepEqual(events, []);
    finish();
    await trx;
    assert.deepEqual(await query, ['inside']);
    assert.deepEqual(events, ['transaction ends', 'query']);
  });

  test('an SQL error inside a transaction rolls back and releases the connection', async () => {
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('items').values({ name: 'dup' }).execute();
        await trx.insertInto('items').values({ name: 'dup' }).execute();
      }),
      /duplicate key/,
    );
    assert.deepEqual(await itemNames(), []);
    await db.insertInto('items').values({ name: 'after' }).execute();
    assert.deepEqual(await itemNames(), ['after']);
  });

  test('commit of a transaction aborted by a swallowed error throws AbortedTransactionError', async () => {
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('items').values({ name: 'lost' }).execute();
        await sql`select 1 / 0`.execute(trx).catch(() => {});
      }),
      AbortedTransactionError,
    );
    assert.deepEqual(await itemNames(), []);
  });

  test('isolation level and access mode are applied', async () => {
    const level = await db
      .transaction()
      .setIsolationLevel('serializable')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const { rows } = await sql<{ level: string; ro: string }>`
          select current_setting('transaction_isolation') as level,
                 current_setting('transaction_read_only') as ro`.execute(trx);
        return rows[0];
      });
    assert.deepEqual(level, { level: 'serializable', ro: 'on' });
  });

  test('savepoints roll back part of a transaction', async () => {
    const trx = await db.startTransaction().execute();
    await trx.insertInto('items').values({ name: 'kept' }).execute();
    const afterSavepoint = await trx.savepoint('sp1').execute();
    await afterSavepoint.insertInto('items').values({ name: 'undone' }).execute();
    await afterSavepoint.rollbackToSavepoint('sp1').execute();
    await trx.commit().execute();
    assert.deepEqual(await itemNames(), ['kept']);
  });

  test('insert, update and delete report affected rows', async () => {
    const inserted = await db
      .insertInto('items')
      .values([{ name: 'a' }, { name: 'b' }])
      .executeTakeFirst();
    assert.equal(inserted.numInsertedOrUpdatedRows, 2n);
    const updated = await db
      .updateTable('items')
      .set({ name: 'c' })
      .where('name', '=', 'a')
      .executeTakeFirst();
    assert.equal(updated.numUpdatedRows, 1n);
    const deleted = await db.deleteFrom('items').executeTakeFirst();
    assert.equal(deleted.numDeletedRows, 2n);
  });

  test('destroy leaves a PGlite instance it does not own open', async () => {
    const borrowed = new Kysely<TestDB>({ dialect: new PGliteDialect({ pglite }) });
    await sql`select 1`.execute(borrowed);
    await borrowed.destroy();
    assert.equal(pglite.closed, false);
    assert.equal(await readCounter(), 0);
  });
});
