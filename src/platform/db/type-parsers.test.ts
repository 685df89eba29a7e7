import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RawBuilder, sql } from 'kysely';
import { createTestDatabase } from '../../../test/db.js';
import type { Database } from './database.js';
import { parseInt8 } from './type-parsers.js';

// Runs on PGlite, or on PostgreSQL when DATABASE_URL is set: both must give the same JS values.
describe(`type parsers (${process.env.DATABASE_URL ? 'postgres' : 'pglite'})`, () => {
  let database: Database;

  before(async () => {
    database = await createTestDatabase();
  });

  after(async () => {
    await database?.close();
  });

  async function value(expression: RawBuilder<unknown>): Promise<unknown> {
    const { rows } = await sql<{ v: unknown }>`select ${expression} as v`.execute(database.db);
    return rows[0]?.v;
  }

  test('int8 is a number', async () => {
    assert.equal(await value(sql`42::int8`), 42);
    assert.equal(await value(sql`(-9007199254740991)::int8`), -9007199254740991);
    assert.equal(await value(sql`count(*)`), 1);
  });

  test('an int8 beyond the safe integer range rejects with a RangeError naming it', async () => {
    await assert.rejects(value(sql`9007199254740992::int8`), (error: unknown) => {
      assert.ok(error instanceof RangeError);
      assert.match(error.message, /9007199254740992/);
      return true;
    });
    assert.equal(await value(sql`1::int8`), 1, 'the connection is still usable');
  });

  test('int8[] is number[]', async () => {
    assert.deepEqual(await value(sql`array[1, null, 3]::int8[]`), [1, null, 3]);
    assert.deepEqual(await value(sql`'{}'::int8[]`), []);
  });

  test('numeric is an exact string', async () => {
    assert.equal(await value(sql`12345678901234567890.10::numeric`), '12345678901234567890.10');
    assert.deepEqual(await value(sql`array[1.5, 2]::numeric[]`), ['1.5', '2']);
  });

  test('sum(bigint)::int8 is a number', async () => {
    const total = await value(
      sql`(select sum(x)::int8 from (values (1::int8), (2::int8), (39::int8)) as t(x))`,
    );
    assert.equal(total, 42);
  });

  test("date is a 'YYYY-MM-DD' string", async () => {
    assert.equal(await value(sql`'2024-02-29'::date`), '2024-02-29');
    assert.deepEqual(await value(sql`array['2024-01-01'::date, null]`), ['2024-01-01', null]);
  });

  test('timestamptz and timestamp are Dates', async () => {
    const at = await value(sql`'2024-03-01T10:20:30.456Z'::timestamptz`);
    assert.ok(at instanceof Date);
    assert.equal(at.toISOString(), '2024-03-01T10:20:30.456Z');
    assert.ok((await value(sql`'2024-03-01 10:20:30'::timestamp`)) instanceof Date);
    const list = await value(sql`array['2024-03-01T00:00:00Z'::timestamptz]`);
    assert.deepEqual(list, [new Date('2024-03-01T00:00:00Z')]);
  });

  test('a Date parameter round-trips through timestamptz', async () => {
    const now = new Date('2025-06-07T08:09:10.123Z');
    assert.deepEqual(await value(sql`${now}::timestamptz`), now);
  });

  test('json and jsonb are parsed', async () => {
    assert.deepEqual(await value(sql`'{"a": [1, "x"], "b": null}'::jsonb`), { a: [1, 'x'], b: null });
    assert.deepEqual(await value(sql`'[1, 2]'::json`), [1, 2]);
  });

  test('bool is a boolean', async () => {
    assert.equal(await value(sql`true`), true);
    assert.equal(await value(sql`1 = 2`), false);
  });
});

test('parseInt8 checks the range before converting', () => {
  assert.equal(parseInt8('9007199254740991'), Number.MAX_SAFE_INTEGER);
  assert.throws(() => parseInt8('-9007199254740992'), RangeError);
});
