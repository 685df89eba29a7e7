// The test databases themselves: a fresh one has no rows, and on PGlite a closed one is reset to
// exactly the migrated state before the next test gets it (or closed, when that cannot be proven).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, sql } from 'kysely';
import pg from 'pg';
import { migrations } from '../migrations/index.js';
import { cny, insertMember, topUp } from '../src/modules/ledger/ledger.test-support.js';
import { type DB, PGliteDialect } from '../src/platform/db/index.js';
import { createTestDatabase, migratedSnapshot, pgliteStats, pooledPGliteCount } from './db.js';

const onPostgres = Boolean(process.env.DATABASE_URL);
const KYSELY_TABLES = ['kysely_migration', 'kysely_migration_lock'];

/** Rows per table, Kysely's own tables left out. */
async function rowCounts(db: Kysely<DB>): Promise<Record<string, number>> {
  const { rows } = await sql<{ name: string }>`
    select tablename as name from pg_tables where schemaname = 'public' order by tablename`.execute(db);
  const counts: Record<string, number> = {};
  for (const { name } of rows) {
    if (KYSELY_TABLES.includes(name)) continue;
    const result = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(name)}`.execute(db);
    counts[name] = result.rows[0]?.n ?? -1;
  }
  return counts;
}

/** Every sequence's state: null last_value means never used. */
async function sequenceStates(db: Kysely<DB>): Promise<Record<string, string>> {
  const { rows } = await sql<{ name: string; state: string }>`
    select sequencename as name, coalesce(last_value::text, 'unused') as state from pg_sequences
     order by sequencename`.execute(db);
  return Object.fromEntries(rows.map((row) => [row.name, row.state]));
}

async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    return String((error as Error).message);
  }
  return assert.fail('expected the database to refuse');
}

/**
 * A digest of everything a test could change besides rows: relations and their columns, defaults,
 * constraints, indexes, triggers and whether they are enabled, functions, extensions, roles,
 * per-database settings, sequences' definitions.
 */
async function catalogDigest(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ digest: string }>`
    with ns as (select oid from pg_namespace where nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
                  and nspname not like 'pg_temp%' and nspname not like 'pg_toast_temp%')
    select md5(string_agg(item, E'\n' order by item)) as digest from (
      select format('n %s %s', oid, nspname) from pg_namespace where oid in (select oid from ns)
      union all select format('c %s %s %s %s %s %s', oid, relname, relkind, relnatts, relhastriggers, reloptions)
        from pg_class where relnamespace in (select oid from ns)
      union all select format('a %s %s %s %s %s %s %s', a.attrelid, a.attnum, a.attname, a.atttypid, a.attnotnull,
                              a.attisdropped, pg_get_expr(d.adbin, d.adrelid))
        from pg_attribute a join pg_class c on c.oid = a.attrelid
        left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
        where c.relnamespace in (select oid from ns) and a.attnum > 0
      union all select format('k %s %s %s', conrelid, conname, pg_get_constraintdef(oid))
        from pg_constraint where connamespace in (select oid from ns)
      union all select format('i %s %s', indexrelid, pg_get_indexdef(indexrelid)) from pg_index
        where indrelid in (select oid from pg_class where relnamespace in (select oid from ns))
      union all select format('t %s %s %s %s', tgrelid, tgname, tgenabled, tgfoid) from pg_trigger
      union all select format('p %s %s %s', oid, proname, md5(prosrc)) from pg_proc where pronamespace in (select oid from ns)
      union all select format('e %s %s', extname, extversion) from pg_extension
      union all select format('r %s %s', rolname, rolsuper) from pg_roles
      union all select format('s %s %s %s', setdatabase, setrole, setconfig) from pg_db_role_setting
      union all select format('q %s %s %s', seqrelid, seqstart, seqincrement) from pg_sequence
    ) as items(item)`.execute(db);
  return rows[0]?.digest ?? assert.fail('no catalog digest');
}

test('a fresh test database is migrated and has no rows: a migration that seeds rows breaks the pooled reset', async () => {
  const database = await createTestDatabase();
  try {
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
      database.db,
    );
    assert.deepEqual(
      applied.rows.map((row) => row.name),
      Object.keys(migrations).sort(),
    );
    const counts = await rowCounts(database.db);
    assert.ok(Object.keys(counts).length > 20, 'the schema has its tables');
    assert.deepEqual(
      Object.entries(counts).filter(([, n]) => n !== 0),
      [],
      'every table is empty right after the migrations',
    );
    assert.deepEqual(
      Object.entries(await sequenceStates(database.db)).filter(([, state]) => state !== 'unused'),
      [],
      'no sequence has been used by the migrations',
    );
  } finally {
    await database.close();
  }
});

describe('PGlite test databases are pooled per process', { skip: onPostgres && 'PGlite only' }, () => {
  /** A fresh instance straight from the migrated snapshot, to compare a reused one against. */
  async function withFreshSnapshot<T>(work: (db: Kysely<DB>) => Promise<T>): Promise<T> {
    const pglite = new PGlite({ extensions: { pg_trgm }, loadDataDir: await migratedSnapshot() });
    await pglite.waitReady;
    const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite, closeOnDestroy: true }) });
    try {
      return await work(db);
    } finally {
      await db.destroy();
    }
  }

  test('a closed database comes back reset to the migrated state, with the ledger guards on', async () => {
    const first = await createTestDatabase();
    const member = await insertMember(first.db);
    await topUp(first.db, member, cny(5_000));
    await sql`select nextval('jobs_id_seq')`.execute(first.db);
    await sql`set timezone = 'Asia/Shanghai'`.execute(first.db);
    await sql`create temporary table scratch (n int)`.execute(first.db);
    assert.ok((await rowCounts(first.db)).ledger_entries === 2);
    const before = { ...pgliteStats };
    const pooled = pooledPGliteCount();
    await first.close();
    assert.equal(pooledPGliteCount(), pooled + 1, 'the instance went back to the pool');

    const second = await createTestDatabase();
    try {
      assert.equal(pgliteStats.reused, before.reused + 1, 'the next test got the pooled instance');
      assert.equal(pgliteStats.started, before.started, 'no new instance was started');
      const { db } = second;
      assert.deepEqual(
        Object.entries(await rowCounts(db)).filter(([, n]) => n !== 0),
        [],
      );
      const fresh = await withFreshSnapshot(async (freshDb) => ({
        catalog: await catalogDigest(freshDb),
        timezone: (await sql<{ timezone: string }>`show timezone`.execute(freshDb)).rows[0]?.timezone,
        sequences: await sequenceStates(freshDb),
      }));
      assert.equal(
        await catalogDigest(db),
        fresh.catalog,
        "the schema is the snapshot's, triggers enabled alike",
      );
      assert.deepEqual(await sequenceStates(db), fresh.sequences, 'every sequence restarted');
      const tz = await sql<{ timezone: string }>`show timezone`.execute(db);
      assert.equal(tz.rows[0]?.timezone, fresh.timezone, 'session settings reset');
      const temp = await sql<{
        n: number;
      }>`select count(*)::int as n from pg_class where relname = 'scratch'`.execute(db);
      assert.equal(temp.rows[0]?.n, 0, 'temporary tables dropped');
      const role = await sql<{
        role: string;
      }>`select current_setting('session_replication_role') as role`.execute(db);
      assert.equal(role.rows[0]?.role, 'origin');

      // Identities start again at 1, as on a fresh database.
      const again = await insertMember(db);
      assert.equal(again, 1);
      const topup = await topUp(db, again, cny(700));
      assert.equal(topup.id, 1);

      // The guards that refuse TRUNCATE, DELETE and UPDATE on the ledger are back on.
      assert.match(await refusal(sql`truncate ledger_entries`.execute(db)), /append-only/);
      assert.match(await refusal(sql`truncate ledger_transactions cascade`.execute(db)), /append-only/);
      assert.match(await refusal(sql`delete from ledger_transactions`.execute(db)), /append-only/);
      assert.match(await refusal(sql`update ledger_entries set amount_minor = 1`.execute(db)), /append-only/);
      assert.match(await refusal(sql`delete from ledger_accounts`.execute(db)), /refused/);
      assert.match(
        await refusal(sql`update ledger_accounts set balance_minor = 0`.execute(db)),
        /balances change only by inserting/,
      );
    } finally {
      await second.close();
    }
  });

  test('a database whose schema a test changed is closed, not reused', async () => {
    const spoiled = await createTestDatabase();
    await sql`alter table ledger_accounts disable trigger ledger_accounts_guard`.execute(spoiled.db);
    const before = { ...pgliteStats };
    const pooled = pooledPGliteCount();
    await spoiled.close();
    assert.equal(pgliteStats.discarded, before.discarded + 1);
    assert.equal(pooledPGliteCount(), pooled);
  });

  test('a transaction left open by raw SQL is rolled back before the next test', async () => {
    const first = await createTestDatabase();
    await sql`begin`.execute(first.db);
    await insertMember(first.db, 'leftover');
    await first.close();
    const second = await createTestDatabase();
    try {
      const users = await second.db.selectFrom('users').select('username').execute();
      assert.deepEqual(users, []);
      await insertMember(second.db, 'next');
      const count = await sql<{ n: number }>`select count(*)::int as n from users`.execute(second.db);
      assert.equal(count.rows[0]?.n, 1, 'and the next test commits normally');
    } finally {
      await second.close();
    }
  });

  test('a transaction still running at close gives the instance up', async () => {
    const stuck = await createTestDatabase();
    let finish = () => {};
    const running = stuck.db
      .transaction()
      .execute(async (trx) => {
        await insertMember(trx, 'stuck');
        await new Promise<void>((done) => {
          finish = done;
        });
      })
      .catch((error: unknown) => error);
    await new Promise((done) => setTimeout(done, 20));
    const before = { ...pgliteStats };
    const pooled = pooledPGliteCount();
    await stuck.close();
    assert.equal(pgliteStats.discarded, before.discarded + 1, 'the instance was closed');
    assert.equal(pooledPGliteCount(), pooled);
    finish();
    assert.ok((await running) instanceof Error, 'the abandoned transaction cannot commit');
  });

  test('a handle kept after close cannot reach the next test', async () => {
    const first = await createTestDatabase();
    const another = await first.openAnother();
    await another.close();
    await insertMember(first.db, 'still-open'); // openAnother's close leaves the owner's database open
    await first.close();
    const second = await createTestDatabase();
    try {
      await insertMember(second.db, 'mine');
      await assert.rejects(first.db.selectFrom('users').selectAll().execute(), /destroyed/);
      await assert.rejects(another.db.selectFrom('users').selectAll().execute(), /destroyed/);
      await assert.rejects(async () => first.dumpDataDir?.(), /closed/);
      const users = await second.db.selectFrom('users').select('username').execute();
      assert.deepEqual(users, [{ username: 'mine' }]);
    } finally {
      await second.close();
    }
  });
});

describe('PostgreSQL test databases are copies of a migrated template', {
  skip: !onPostgres && 'needs DATABASE_URL',
}, () => {
  test('parallel test databases come from one template and are dropped on close', async () => {
    const databases = await Promise.all([createTestDatabase(), createTestDatabase(), createTestDatabase()]);
    const names = databases.map((database) => new URL(database.url ?? '').pathname.slice(1));
    assert.equal(new Set(names).size, 3);
    const server = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await server.connect();
    try {
      for (const database of databases) {
        const applied = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(
          database.db,
        );
        assert.equal(applied.rows[0]?.n, Object.keys(migrations).length);
      }
      const templates = await server.query<{ datname: string; datallowconn: boolean }>(
        `select datname, datallowconn from pg_database where datistemplate and datname like 'techqa\\_tpl\\_%'`,
      );
      assert.ok(templates.rows.length >= 1, 'a migrated template exists');
      assert.ok(
        templates.rows.every((row) => !row.datallowconn),
        'nobody may connect to a template',
      );
      await Promise.all(databases.map((database) => database.close()));
      const left = await server.query(`select 1 from pg_database where datname = any($1)`, [names]);
      assert.equal(left.rowCount, 0);
    } finally {
      await server.end();
    }
  });
});
