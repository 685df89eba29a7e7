import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { buildTestApp } from '../../../test/helpers.js';
import { seedFromData } from '../imports/index.js';

/**
 * Chinese search on real Chinese texts: a committed sample of ../shared/data/zh_tech_faq (TiDB,
 * MindSpore and PaddlePaddle FAQ items, see testdata/README.md), loaded through the real import
 * path, which also indexes them. Each target sits among similar items of its own source, so a
 * top hit means the ranking picked it, not that it was alone.
 */
const DATA = fileURLToPath(new URL('./testdata/', import.meta.url));

const TIDB_SQL = 'tidb:faq/sql-faq.md';
const MS_DATA = 'mindspore:docs/mindspore/source_zh_cn/faq/data_processing.md';
const PADDLE_TRAIN = 'paddle:docs/faq/train_cn.md';

type App = Awaited<ReturnType<typeof buildTestApp>>;

describe('Chinese and mixed search on real data', () => {
  let built: App;
  const idOf = new Map<string, number>();
  const titleOf = new Map<number, string>();
  const cleanups: Array<() => Promise<void> | void> = [];
  after(async () => {
    for (const fn of cleanups) await fn();
  });

  /** The question id of a committed record; fails if the sample does not hold it. */
  function question(importId: string): number {
    const id = idOf.get(importId);
    assert.ok(id, `${importId} is in testdata/zh_tech_faq`);
    return id;
  }

  async function searchIds(q: string): Promise<number[]> {
    const response = await built.app.inject({
      method: 'GET',
      url: `/api/v1/search?q=${encodeURIComponent(q)}`,
    });
    assert.equal(response.statusCode, 200, response.body);
    return (response.json().items as Array<{ id: number }>).map((i) => i.id);
  }

  async function relatedIds(id: number): Promise<number[]> {
    const response = await built.app.inject({ method: 'GET', url: `/api/v1/questions/${id}/related` });
    assert.equal(response.statusCode, 200, response.body);
    return (response.json().items as Array<{ id: number }>).map((i) => i.id);
  }

  /** Why a ranking assertion failed: the query and the titles it returned, best first. */
  const ranking = (q: string, ids: number[]) =>
    `${q} → ${ids
      .slice(0, 5)
      .map((id) => titleOf.get(id))
      .join(' | ')}`;

  async function assertTop(q: string, expected: number): Promise<void> {
    const ids = await searchIds(q);
    assert.equal(ids[0], expected, ranking(q, ids));
  }

  async function assertInTop3(q: string, expected: number): Promise<void> {
    const ids = await searchIds(q);
    assert.ok(ids.slice(0, 3).includes(expected), ranking(q, ids));
  }

  before(async () => {
    // One app and database for the whole block (loading the sample once): closed by after().
    built = await buildTestApp({ after: (fn: () => Promise<void> | void) => cleanups.push(fn) } as never);
    await seedFromData(built.database.db, DATA);
    const { rows } = await sql<{ id: number; import_id: string; title: string }>`
      select id, import_id, title from questions where import_source = 'seed:zh_tech_faq'`.execute(
      built.database.db,
    );
    for (const row of rows) {
      idOf.set(row.import_id, row.id);
      titleOf.set(row.id, row.title);
    }
    assert.equal(idOf.size, 63, `loaded ${idOf.size} Chinese questions`);
  });

  test('a Chinese query finds a question that says it in another word order', async () => {
    // TiDB 中删除数据后会立即释放空间吗？ ("does TiDB free the space as soon as data is deleted?")
    // is asked, with the same title, on two pages of the TiDB docs (SQL FAQ and migration FAQ);
    // beside them: 删除数据后查询速度为何会变慢？ and 对数据做删除操作之后，空间回收比较慢，如何处理？
    const freeSpace = [question(`${TIDB_SQL}#14`), question('tidb:faq/migration-tidb-faq.md#14')].sort(
      (a, b) => a - b,
    );
    const slowReclaim = question(`${TIDB_SQL}#16`);
    for (const q of ['删除数据 释放空间', '释放 空间 删除 数据', '空间 删除 数据']) {
      const ids = await searchIds(q);
      assert.deepEqual(
        ids.slice(0, 2).sort((a, b) => a - b),
        freeSpace,
        ranking(q, ids),
      );
    }
    // Without 释放 the distractor matches too, and ranks below both.
    const loose = await searchIds('空间 删除 数据');
    assert.ok(loose.indexOf(slowReclaim) >= 2, ranking('空间 删除 数据', loose));
    // 训练时报错提示显存不足，如何解决？ ("out of GPU memory while training"), among other
    // memory items (设备侧内存不足, 显存的消耗增加…OOM, Malloc device memory failed).
    const gpuMemory = question(`${PADDLE_TRAIN}#9`);
    await assertTop('显存不足 训练 报错', gpuMemory);
    await assertTop('报错 不足 显存', gpuMemory);
    // 在使用`Dataset`处理数据过程中内存占用高，怎么优化？, beside 如何处理变长 ID 导致程序内存占用过大的问题？
    await assertTop('内存 占用 优化', question(`${MS_DATA}#2`));
    await assertInTop3('优化 内存占用 数据处理', question(`${MS_DATA}#2`));
  });

  test('an English identifier inside Chinese text is found by English, by its parts and by Chinese', async () => {
    // 在`GeneratorDataset`中，看到有参数`shuffle`…两者没有区别，这是为什么？ (eight other
    // items of the sample name GeneratorDataset, three others shuffle)
    const shuffle = question(`${MS_DATA}#4`);
    // The identifier alone and its parts match it and the other GeneratorDataset items.
    for (const q of ['GeneratorDataset', 'generator dataset']) {
      const ids = await searchIds(q);
      assert.ok(ids.length >= 5 && ids.includes(shuffle), ranking(q, ids));
    }
    await assertTop('GeneratorDataset shuffle', shuffle);
    await assertInTop3('generator dataset shuffle', shuffle);
    await assertInTop3('shuffle 参数 没有区别', shuffle);
    // 如何在 TiDB 中修改 `sql_mode`？ (a TiDB Lightning item mentions sql_mode too)
    const sqlMode = question(`${TIDB_SQL}#11`);
    await assertInTop3('sql_mode', sqlMode);
    await assertInTop3('sql mode', sqlMode);
    await assertInTop3('修改 sql_mode TiDB', sqlMode);
  });

  test('mixed Chinese and English: ranking, related questions and the page', async () => {
    // 请问`c_transforms`和`py_transforms`有什么区别，比较推荐使用哪个？, beside
    // py_transforms 和 c_transforms 增强操作能否混合使用…？
    const transforms = question(`${MS_DATA}#8`);
    await assertInTop3('c_transforms py_transforms 区别', transforms);
    // 请问`paddle.matmul`和`paddle.multiply`有什么区别？, beside paddle.gather vs torch.gather.
    await assertInTop3('paddle.matmul paddle.multiply 区别', question(`${PADDLE_TRAIN}#2`));

    const page = await built.app.inject({
      method: 'GET',
      url: `/search?q=${encodeURIComponent('显存不足')}`,
    });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<mark>显存<\/mark>|<mark>不足<\/mark>|<mark>显存不足<\/mark>/u);

    // Related questions: the same question on another page of the TiDB docs comes first.
    const freeSpace = question(`${TIDB_SQL}#14`);
    const twin = await relatedIds(freeSpace);
    assert.equal(twin[0], question('tidb:faq/migration-tidb-faq.md#14'), ranking('related', twin));
    assert.ok(!twin.includes(freeSpace), 'a question is not related to itself');
    // The other c_transforms / py_transforms item is among those of the mixed-language question.
    const mixed = await relatedIds(transforms);
    assert.ok(mixed.includes(question(`${MS_DATA}#20`)), ranking('related', mixed));
  });
});
