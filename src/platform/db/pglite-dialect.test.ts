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

  const nestedMisuse = /query on db inside a transaction: use the transaction handle \(trx\)/;

  test('a query on db inside a transaction callback throws instead of deadlocking; the transaction rolls back', async () => {
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('items').values({ name: 'rolled-back' }).execute();
        await db.selectFrom('items').selectAll().execute();
      }),
      nestedMisuse,
    );
    assert.deepEqual(await itemNames(), []);
    await db.insertInto('items').values({ name: 'after' }).execute();
    assert.deepEqual(await itemNames(), ['after']);
  });

  test('the misuse is caught as the first statement, in a Promise.all, and in a controlled transaction', async () => {
    const committed = await db.transaction().execute(async (trx) => {
      await assert.rejects(db.selectFrom('counters').selectAll().execute(), nestedMisuse);
      await trx.insertInto('items').values({ name: 'kept' }).execute();
      const [, escaped] = await Promise.allSettled([
        trx.selectFrom('items').selectAll().execute(),
        db.insertInto('items').values({ name: 'escaped' }).execute(),
      ]);
      assert.equal(escaped.status, 'rejected');
      return 'committed';
    });
    assert.equal(committed, 'committed', 'a caught misuse leaves the transaction able to commit');
    assert.deepEqual(await itemNames(), ['kept']);

    const trx = await db.startTransaction().execute();
    await trx.insertInto('items').values({ name: 'controlled' }).execute();
    await assert.rejects(itemNames(), nestedMisuse);
    await trx.rollback().execute();
    assert.deepEqual(await itemNames(), ['kept']);
  });

  test('the same async context queries db normally after a commit and after a rollback', async () => {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('items').values({ name: 'one' }).execute();
    });
    assert.deepEqual(await itemNames(), ['one']);

    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('items').values({ name: 'two' }).execute();
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.deepEqual(await itemNames(), ['one']);

    const trx = await db.startTransaction().execute();
    await trx.insertInto('items').values({ name: 'three' }).execute();
    await trx.commit().execute();
    await db.insertInto('items').values({ name: 'four' }).execute();
    assert.deepEqual(await itemNames(), ['four', 'one', 'three']);
  });

  test('work left behind by a finished transaction may use db once it has ended', async () => {
    let later!: Promise<string[]>;
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('items').values({ name: 'inside' }).execute();
      // Runs in the callback's async context, but after the transaction has released the connection.
      later = delay(20).then(itemNames);
    });
    assert.deepEqual(await later, ['inside']);
  });

  test('transactions and queries from unrelated async contexts wait their turn without error', async () => {
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = db.transaction().execute(async (trx) => {
      await trx.insertInto('items').values({ name: 'first' }).execute();
      await gate;
      events.push('first commits');
    });
    // Started from timer callbacks: contexts that share nothing with the first transaction.
    const second = new Promise<void>((resolve, reject) => {
      setTimeout(() => {
        db.transaction()
          .execute(async (trx) => {
            events.push('second begins');
            await trx.insertInto('items').values({ name: 'second' }).execute();
          })
          .then(resolve, reject);
      }, 5);
    });
    const query = new Promise<string[]>((resolve, reject) => {
      setTimeout(() => itemNames().then(resolve, reject), 10);
    });
    await delay(30);
    assert.deepEqual(events, [], 'both wait while the first transaction holds the connection');
    release();
    await Promise.all([first, second]);
    assert.deepEqual(events, ['first commits', 'second begins']);
    assert.deepEqual(await query, ['first', 'second']);
  });

  test('destroy leaves a PGlite instance it does not own open', async () => {
    const borrowed = new Kysely<TestDB>({ dialect: new PGliteDialect({ pglite }) });
    await sql`select 1`.execute(borrowed);
    await borrowed.destroy();
    assert.equal(pglite.closed, false);
    assert.equal(await readCounter(), 0);
  });
});
