import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { findInvariantViolations } from './imports.invariants.js';
import { seedDemo, seedFromData } from './index.js';
import type { Summary } from './summary.js';

describe('seedDemo (fixtures/demo)', () => {
  let database: TestDatabase;
  let summary: Summary;
  before(async () => {
    database = await createTestDatabase();
    summary = await seedDemo(database.db);
  });
  after(() => database.close());

  const countOf = async (query: ReturnType<typeof sql<{ n: number }>>) =>
    (await query.execute(database.db)).rows[0]?.n;

  test('loads the Stack Exchange sample and the Chinese FAQ items', async () => {
    assert.equal(summary.rows.questions?.inserted, 240);
    assert.equal(summary.rows.questions?.skipped, 0);
    assert.equal(summary.rows.answers?.skipped, 0);
    assert.equal(summary.rows.comments?.skipped, 0);
    const bySource = await sql<{ source: string; n: number }>`
      select import_source as source, count(*)::int as n from questions group by 1 order by 1`.execute(
      database.db,
    );
    assert.deepEqual(bySource.rows, [
      { source: 'se:ai', n: 30 },
      { source: 'se:cardano', n: 30 },
      { source: 'se:genai', n: 35 },
      { source: 'se:iot', n: 25 },
      { source: 'se:quantumcomputing', n: 30 },
      { source: 'seed:zh_tech_faq', n: 90 },
    ]);
    // Every FAQ item has its answer; a few SE questions on each site are unanswered.
    assert.equal(
      await countOf(
        sql`select count(*)::int as n from questions where import_source like 'seed:%' and answer_count <> 1`,
      ),
      0,
    );
    assert.equal(await countOf(sql`select count(*)::int as n from questions where answer_count = 0`), 15);
  });

  test('the first screen reads well: plain titles, no shortcodes, real or plausible dates, languages', async () => {
    assert.equal(
      await countOf(sql`select count(*)::int as n from questions where title ~ ${'`|\\]\\(|\\{\\{[<%]'}`),
      0,
    );
    for (const table of ['questions', 'answers'] as const) {
      assert.equal(
        await countOf(sql`select count(*)::int as n from ${sql.table(table)} where body ~ '\{\{[<%]'`),
        0,
        table,
      );
    }
    // FAQ items are spread over two years (the fixture gives them dates), answered after asked.
    const faq = await sql<{ first: Date; last: Date; days: number; early: number; unseen: number }>`
      select min(q.created_at) as first, max(q.created_at) as last,
        count(distinct q.created_at::date)::int as days,
        count(*) filter (where a.created_at < q.created_at)::int as early,
        count(*) filter (where q.view_count = 0)::int as unseen
      from questions q join answers a on a.question_id = q.id
      where q.import_source = 'seed:zh_tech_faq'`.execute(database.db);
    const row = faq.rows[0]!;
    assert.ok(row.first >= new Date('2022-12-01T00:00:00Z') && row.last < new Date('2024-12-03T00:00:00Z'));
    assert.ok(row.days > 60, `${row.days} days`);
    assert.equal(row.early, 0);
    assert.equal(row.unseen, 0);
    const languages = await sql<{ source: string; language: string; n: number }>`
      select case when import_source like 'se:%' then 'se' else import_source end as source, language,
        count(*)::int as n from questions group by 1, 2 order by 1, 2`.execute(database.db);
    assert.deepEqual(languages.rows, [
      { source: 'se', language: 'en', n: 150 },
      { source: 'seed:zh_tech_faq', language: 'zh', n: 90 },
    ]);
  });

  test('keeps every invariant: scores, counters, tag counts, revisions, safe HTML', async () => {
    assert.deepEqual(await findInvariantViolations(database.db), []);
    assert.equal(
      await countOf(sql`select count(*)::int as n from questions q
        where not exists (select 1 from revisions r where r.question_id = q.id and r.number = 1 and r.kind = 'create')`),
      0,
    );
  });

  test('keeps attribution on every post', async () => {
    for (const table of ['questions', 'answers'] as const) {
      assert.equal(
        await countOf(
          sql`select count(*)::int as n from ${sql.table(table)} where license is null or source_url is null`,
        ),
        0,
        table,
      );
    }
    const faq = await database.db
      .selectFrom('questions')
      .innerJoin('users', 'users.id', 'questions.author_id')
      .select([
        'questions.license',
        'questions.source_url',
        'questions.body',
        'users.display_name',
        'users.password_hash',
      ])
      .where('questions.import_source', '=', 'seed:zh_tech_faq')
      .where('users.username', '=', 'tidb-docs')
      .executeTakeFirstOrThrow();
    assert.equal(faq.license, 'CC BY-SA 3.0');
    assert.match(faq.source_url ?? '', /^https:\/\/github\.com\/pingcap\/docs-cn\/blob\//);
    assert.match(faq.body, /^来源：\[.+\]\(https:\/\/github\.com\/pingcap\/docs-cn\/blob\/[^)\n]+\)$/);
    assert.equal(
      faq.display_name,
      'TiDB 文档',
      'no English marker: the attribution line says it was imported',
    );
    assert.equal(faq.password_hash, '!');
  });

  test('accepted answers are set where Stack Exchange had them', async () => {
    const accepted = await countOf(
      sql`select count(*)::int as n from questions where accepted_answer_id is not null`,
    );
    assert.ok((accepted ?? 0) > 50, `${accepted} questions with an accepted answer`);
  });

  test('does nothing on a database that already has questions', async () => {
    const again = await seedDemo(database.db);
    assert.deepEqual(again.rows, {});
    assert.deepEqual(again.notes, ['the database already has questions: demo data not loaded']);
  });
});

describe('seedFromData', () => {
  const dir = mkdtempSync(join(tmpdir(), 'techqa-seed-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const write = (path: string, records: object[]) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), gzipSync(records.map((r) => `${JSON.stringify(r)}\n`).join('')));
  };

  test('FAQ items: titles as plain text, shortcodes and control characters gone, dates when the record has them', async () => {
    write('zh_tech_faq/questions.jsonl.gz', [
      {
        id: 'mindspore:faq.md#1',
        source: 'mindspore',
        // Control and bidi characters (which the request edge refuses) are removed on the way in.
        title: '使用 [BatchNorm](https://www.mindspore.cn/x.html) 和 `Dense`\u202E 时报错怎么办？\u0007',
        answer_md:
          '先运行：\n\n{{< copyable "shell-regular" >}}\n\n```shell\npip list\u0000\n```\n\n{{% note %}}再试一次。\u2066{{% /note %}}',
        page_title: 'FAQ',
        tags: ['mindspore'],
        source_repo: 'mindspore-ai/docs',
        source_commit: '9e844dc0',
        url: 'https://github.com/mindspore-ai/docs/blob/9e844dc/faq.md',
        license: 'Apache-2.0',
        creation_date: '2023-05-04T03:00:00.000Z',
        answer_creation_date: '2023-05-04T09:30:00.000Z',
        view_count: 321,
      },
      {
        id: 'mindspore:faq.md#2',
        source: 'mindspore',
        title: '没有日期的条目呢？',
        answer_md: '导入时间就是它的日期。',
        page_title: 'FAQ',
        tags: ['mindspore'],
        source_repo: 'mindspore-ai/docs',
        source_commit: '9e844dc0',
        url: 'https://github.com/mindspore-ai/docs/blob/9e844dc/faq.md',
        license: 'Apache-2.0',
      },
    ]);
    const database = await createTestDatabase();
    try {
      await seedFromData(database.db, dir);
      const rows = await database.db
        .selectFrom('questions')
        .innerJoin('answers', 'answers.question_id', 'questions.id')
        .select([
          'questions.import_id',
          'questions.title',
          'questions.language',
          'questions.created_at',
          'questions.last_activity_at',
          'questions.view_count',
          'answers.body',
          'answers.created_at as answered_at',
        ])
        .where('questions.import_source', '=', 'seed:zh_tech_faq')
        .orderBy('questions.import_id')
        .execute();
      const [dated, undated] = rows;
      assert.equal(dated?.title, '使用 BatchNorm 和 Dense 时报错怎么办？');
      assert.equal(dated?.language, 'zh');
      assert.equal(dated?.body, '先运行：\n\n\n```shell\npip list\n```\n\n再试一次。');
      assert.equal(dated?.created_at.toISOString(), '2023-05-04T03:00:00.000Z');
      assert.equal(dated?.answered_at.toISOString(), '2023-05-04T09:30:00.000Z');
      assert.equal(dated?.last_activity_at.toISOString(), '2023-05-04T09:30:00.000Z');
      assert.equal(dated?.view_count, 321);
      // Without dates (shared/data itself) the item is still loaded with its answer.
      assert.equal(undated?.title, '没有日期的条目呢？');
      assert.ok(undated && undated.created_at.getTime() > Date.now() - 3_600_000);
      assert.deepEqual(await findInvariantViolations(database.db), []);
    } finally {
      rmSync(join(dir, 'zh_tech_faq'), { recursive: true, force: true });
      await database.close();
    }
  });

  test('loads the Chinese Stack Overflow translations as question + answer, idempotently', async () => {
    write('zh_so_java_top_qa/questions.jsonl.gz', [
      {
        id: 'split-one',
        title: '安装Android SDK的时候找不到JDK',
        tags: ['java'],
        so_url: 'https://stackoverflow.com/questions/4382178',
        question_md: '##安装Android SDK的时候找不到JDK\n\n###问题\n我在安装 Android SDK 时找不到 JDK。',
        answer_md: '###回答1：\n按 Back，再点 Next。\n\n```java\n#include <not-a-heading>\n```',
        content_md: 'whole file',
        source: 'giantray/stackoverflow-java-top-qa:contents/split-one.md',
      },
      {
        id: 'whole-file',
        title: '给3个布尔变量，当其中有2个或者2个以上为true才返回true',
        tags: ['java'],
        so_url: null,
        question_md: null,
        answer_md: null,
        content_md: '问题：如何判断？\n\n回答：用 `a ? (b || c) : (b && c)`。',
        source: 'giantray/stackoverflow-java-top-qa:contents/whole-file.md',
      },
    ]);
    const database = await createTestDatabase();
    try {
      const first = await seedFromData(database.db, dir);
      assert.deepEqual(first.rows.questions, { inserted: 2, existing: 0, skipped: 0 });
      assert.deepEqual(first.rows.answers, { inserted: 1, existing: 0, skipped: 0 });
      const second = await seedFromData(database.db, dir);
      assert.deepEqual(second.rows.questions, { inserted: 0, existing: 2, skipped: 0 });

      const rows = await database.db
        .selectFrom('questions')
        .select(['import_id', 'body', 'source_url', 'license', 'answer_count', 'tags'])
        .orderBy('import_id')
        .execute();
      assert.deepEqual(
        rows.map((r) => [r.import_id, r.body, r.source_url, r.answer_count]),
        [
          [
            'split-one',
            '我在安装 Android SDK 时找不到 JDK。',
            'https://stackoverflow.com/questions/4382178',
            1,
          ],
          [
            'whole-file',
            '问题：如何判断？\n\n回答：用 `a ? (b || c) : (b && c)`。',
            'https://github.com/giantray/stackoverflow-java-top-qa/blob/db68803/contents/whole-file.md',
            0,
          ],
        ],
      );
      const answer = await database.db
        .selectFrom('answers')
        .select(['body', 'body_html'])
        .executeTakeFirstOrThrow();
      assert.equal(
        answer.body,
        '### 回答1：\n按 Back，再点 Next。\n\n```java\n#include <not-a-heading>\n```',
      );
      assert.match(answer.body_html, /<h[1-6]>回答1：<\/h[1-6]>/);
      assert.deepEqual(await findInvariantViolations(database.db), []);
    } finally {
      await database.close();
    }
  });
});
