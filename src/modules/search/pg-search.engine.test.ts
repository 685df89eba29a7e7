// The two ways the PostgreSQL engine finds a typed query's matches must agree: every match
// through the GIN index, or a walk down the score/date b-tree that stops once enough rows match
// (used for common words). Each engine here is forced onto one path.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type KyselyPlugin, type OperationNode, RawNode, type RootOperationNode, sql } from 'kysely';
import { databaseForFile, type TestDatabase } from '../../../test/db.js';
import { askAs, buildTestApp, registerMember } from '../../../test/helpers.js';
import { reindexSearch } from './index.js';
import { PostgresSearchEngine } from './pg-search.engine.js';
import { parseQuery } from './query.rules.js';
import type { Db, SearchSort } from './search.port.js';

/** Records the text of every raw SQL statement, to tell which path answered. */
function recorder(): { plugin: KyselyPlugin; statements: string[] } {
  const statements: string[] = [];
  const plugin: KyselyPlugin = {
    transformQuery({ node }): RootOperationNode {
      statements.push(textOf(node));
      return node;
    },
    async transformResult({ result }) {
      return result;
    },
  };
  return { plugin, statements };
}

/** The SQL text of a raw statement with its nested fragments, parameters left as `?`. */
function textOf(node: OperationNode): string {
  if (!RawNode.is(node)) return '?';
  return node.sqlFragments
    .map((fragment, i) => fragment + (i < node.parameters.length ? textOf(node.parameters[i]!) : ''))
    .join('');
}

const WALK_MARK = 'from (select question_id, created_at, score, accepted, answered, document';

let database: TestDatabase;
let db: Db;
const NOW = new Date('2026-06-01T00:00:00Z');

databaseForFile((opened) => {
  database = opened;
  db = opened.db;
});

describe('PostgreSQL search engine: walking and the GIN index agree', () => {
  test('same pages, order and totals for every sort, page and kind of query', async (t) => {
    const { app } = await buildTestApp(t, {}, { database: await reuse() });
    const asker = await registerMember(app);
    // 24 questions: "python" in all, "async" in every second, "pandas" in every third, "rare" once.
    for (let i = 0; i < 24; i++) {
      const words = ['python', i % 2 === 0 ? 'async' : 'sync', i % 3 === 0 ? 'pandas' : 'numpy'];
      if (i === 7) words.push('rare');
      await askAs(asker, {
        title: `Question ${i} about ${words.join(' ')} code`,
        body: `A body that talks about ${words.join(' and ')} in some detail, number ${i}.`,
        tags: ['python'],
      });
    }
    // Scores with ties, set directly: the trigger copies them into the documents.
    await sql`update questions set score = (id * 7) % 5`.execute(db);
    await reindexSearch(db);

    const walking = recorder();
    const walker = new PostgresSearchEngine(db.withPlugin(walking.plugin), { walkMinShare: 0 });
    const indexed = new PostgresSearchEngine(db, { walkMinShare: Number.POSITIVE_INFINITY });
    const queries = ['python', 'async', 'python pandas', 'async pandas code', 'rare', 'python kotlin'];
    const sorts: SearchSort[] = ['relevance', 'votes', 'newest'];
    for (const q of queries) {
      for (const sort of sorts) {
        for (const [offset, limit] of [
          [0, 5],
          [5, 5],
          [20, 10],
        ] as const) {
          const options = { sort, offset, limit, now: NOW };
          const a = await walker.search(parseQuery(q), options);
          const b = await indexed.search(parseQuery(q), options);
          const where = `${q} / ${sort} / ${offset}+${limit}`;
          assert.deepEqual(
            a.hits.map((h) => h.id),
            b.hits.map((h) => h.id),
            where,
          );
          assert.equal(a.total, b.total, where);
          assert.equal(a.relaxed, b.relaxed, where);
        }
      }
    }
    assert.ok(
      walking.statements.some((s) => s.includes(WALK_MARK)),
      'the walking engine walked at least once',
    );
  });

  test('has-any-match agrees with a search that finds every word (did you mean checks with it)', async () => {
    const engine = new PostgresSearchEngine(db);
    const queries = [
      'python',
      'rare',
      'python kotlin',
      'kotlin',
      'async pandas code',
      '"async and pandas"',
      '"pandas and async"',
      'python -async',
      'rare -python',
      '[python] rare',
      '[kotlin] python',
      'python score:3',
      'python score:99',
      'python is:answered',
      'the',
      '[python]',
      '[python] -async',
    ];
    for (const q of queries) {
      const query = parseQuery(q);
      const found = await engine.search(query, { sort: 'relevance', offset: 0, limit: 1, now: NOW });
      assert.equal(await engine.hasMatch(query), found.total > 0 && !found.relaxed, q);
    }
    assert.equal(await engine.hasMatch(parseQuery('rare')), true);
    assert.equal(await engine.hasMatch(parseQuery('python kotlin')), false);
  });

  test('counting stops at the limit and says so; filters and phrases never walk', async () => {
    const walking = recorder();
    const walker = new PostgresSearchEngine(db.withPlugin(walking.plugin), {
      walkMinShare: 0,
      countLimit: 10,
    });
    const all = await walker.search(parseQuery('python'), { sort: 'votes', offset: 0, limit: 5, now: NOW });
    assert.deepEqual([all.total, all.totalCapped], [10, true]);
    const few = await walker.search(parseQuery('pandas'), { sort: 'votes', offset: 0, limit: 5, now: NOW });
    assert.deepEqual([few.total, few.totalCapped], [8, false]);

    walking.statements.length = 0;
    await walker.search(parseQuery('python score:2'), { sort: 'votes', offset: 0, limit: 5, now: NOW });
    await walker.search(parseQuery('"python code"'), { sort: 'votes', offset: 0, limit: 5, now: NOW });
    await walker.search(parseQuery('python -pandas'), { sort: 'votes', offset: 0, limit: 5, now: NOW });
    assert.equal(walking.statements.filter((s) => s.includes(WALK_MARK)).length, 0);
  });
});

/** The file's database, handed to the app without closing it when the app's test ends. */
async function reuse(): Promise<TestDatabase> {
  return { ...database, close: async () => {} };
}
