import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { abortingEveryOtherTry, createTestDatabase, type TestDatabase } from '../../../test/db.js';
import { buildTestApp, registerMember } from '../../../test/helpers.js';
import { jobsContext } from '../../../test/jobs.js';
import { ManualClock } from '../../platform/clock.js';
import { confusableSkeleton } from '../accounts/index.js';
import { recomputeReputation } from '../reputation/index.js';
import { findInvariantViolations } from './imports.invariants.js';
import { importSeDump } from './index.js';
import type { Summary } from './summary.js';

const dump = fileURLToPath(new URL('./testdata/mini.stackexchange.com/', import.meta.url));

describe('importSeDump (a small synthetic dump)', () => {
  let database: TestDatabase;
  let first: Summary;
  before(async () => {
    database = await createTestDatabase();
    first = await importSeDump(database.db, dump, { batchSize: 3 });
  });
  after(() => database.close());

  const question = (importId: string) =>
    database.db
      .selectFrom('questions')
      .selectAll()
      .where('import_source', '=', 'se:mini')
      .where('import_id', '=', importId)
      .executeTakeFirstOrThrow();
  const answer = (importId: string) =>
    database.db
      .selectFrom('answers')
      .selectAll()
      .where('import_source', '=', 'se:mini')
      .where('import_id', '=', importId)
      .executeTakeFirstOrThrow();

  test('reports what it wrote and what it skipped', () => {
    const rows = first.rows;
    assert.deepEqual(rows.users, { inserted: 6, existing: 0, skipped: 0 });
    // Owner 99 has no profile; "ghost" and "gone" are deleted accounts known by name only.
    assert.deepEqual(rows['users (placeholders)'], { inserted: 3, existing: 0, skipped: 0 });
    assert.deepEqual(rows.questions, { inserted: 4, existing: 0, skipped: 0 });
    // Answer 17's question is not in the dump.
    assert.deepEqual(rows.answers, { inserted: 3, existing: 0, skipped: 1 });
    assert.deepEqual(rows.revisions, { inserted: 7, existing: 0, skipped: 0 });
    assert.deepEqual(rows.comments, { inserted: 3, existing: 0, skipped: 1 });
    // A favourite, an AcceptedByOriginator and a vote on a missing post.
    assert.deepEqual(rows.votes, { inserted: 7, existing: 0, skipped: 3 });
    assert.deepEqual(rows['votes (score fill)'], { inserted: 4, existing: 0, skipped: 0 });
    assert.deepEqual(rows['accepted answers'], { inserted: 1, existing: 0, skipped: 0 });
    // One "linked" for a pair already marked duplicate, one to a missing question.
    assert.deepEqual(rows['question links'], { inserted: 2, existing: 0, skipped: 2 });
    assert.deepEqual(rows['tag descriptions'], { inserted: 1, existing: 0, skipped: 0 });
    assert.deepEqual(first.notes, ['se:mini: counters set on 5 posts, question_count on 8 tags']);
  });

  test('keeps every invariant the app keeps', async () => {
    assert.deepEqual(await findInvariantViolations(database.db), []);
  });

  test('questions: title, slug, tags, dates, counts, attribution, accepted answer', async () => {
    const q = await question('10');
    assert.equal(q.title, '如何在 Python 中逐行读取文件？');
    assert.equal(q.slug, '如何在-python-中逐行读取文件');
    assert.deepEqual(q.tags, ['python', 'file-io']);
    assert.equal(q.score, 3);
    assert.equal(q.view_count, 100);
    assert.equal(q.answer_count, 2);
    assert.equal(q.comment_count, 1);
    assert.equal(q.accepted_answer_id, (await answer('12')).id);
    assert.equal(q.license, 'CC BY-SA 3.0');
    assert.equal(q.source_url, 'https://mini.stackexchange.com/questions/10');
    assert.deepEqual(q.created_at, new Date('2016-08-02T15:39:14.947Z'));
    assert.deepEqual(q.updated_at, new Date('2016-08-03T09:00:00.000Z'));
    assert.deepEqual(q.last_activity_at, new Date('2016-08-04T09:00:00.000Z'));

    const q11 = await question('11');
    assert.deepEqual(q11.tags, ['c++', 'c#', 'visual-studio', 'build', 'msbuild']);
    assert.equal(q11.score, -1);
    assert.equal(q11.accepted_answer_id, null);
    // No ContentLicense: by date (2018-06 → 4.0).
    assert.equal((await question('13')).license, 'CC BY-SA 4.0');
    assert.equal((await question('13')).answer_count, 0);
  });

  test('bodies are Markdown rendered by platform/markdown: no script, no event handlers', async () => {
    const q = await question('10');
    assert.match(q.body, /```py\nwith open\("data.txt"\) as f:/);
    assert.match(q.body, /\[other question\]\(https:\/\/mini\.stackexchange\.com\/questions\/11\)/);
    assert.match(q.body_html, /<pre><code[^>]*language-py/);
    assert.match(q.body_html, /&lt;b&gt; tag in code/);
    assert.match(q.body_html, /<img src="https:\/\/i\.sstatic\.net\/abc\.png"/);
    for (const html of [q.body_html, (await question('11')).body_html]) {
      assert.doesNotMatch(html, /<script|\son[a-z]+\s*=|javascript:/i);
    }
    assert.doesNotMatch(q.body_text, /alert|steal/);
    const table = await question('11');
    assert.match(table.body_html, /<table/);
    const comments = await database.db
      .selectFrom('comments')
      .select(['import_id', 'body', 'body_html'])
      .execute();
    const thanks = comments.find((c) => c.import_id === '2');
    assert.match(thanks?.body_html ?? '', /<strong>that works<\/strong>! &lt;script&gt;/);
    const priced = comments.find((c) => c.import_id === '1');
    assert.match(priced?.body_html ?? '', /costs \$5 and another \$10\./);
    assert.doesNotMatch(priced?.body_html ?? '', /<math/);
  });

  test('scores equal the vote rows: real anonymous votes plus score fill', async () => {
    const votes = await database.db
      .selectFrom('question_votes')
      .innerJoin('questions', 'questions.id', 'question_votes.question_id')
      .select(['questions.import_id as post', 'question_votes.import_id', 'value', 'voter_id'])
      .orderBy('question_votes.import_id')
      .execute();
    assert.ok(votes.every((v) => v.voter_id === null));
    assert.deepEqual(
      votes.filter((v) => v.post === '10').map((v) => [v.import_id, v.value]),
      [
        ['1', 1],
        ['2', 1],
        ['3', -1],
        ['fill:10:+1', 1],
        ['fill:10:+2', 1],
      ],
    );
    // Question 14: one up-vote in the dump, score 0 → one synthetic down-vote.
    assert.deepEqual(
      votes.filter((v) => v.post === '14').map((v) => [v.import_id, v.value]),
      [
        ['9', 1],
        ['fill:14:-1', -1],
      ],
    );
    assert.equal((await answer('16')).score, 1);
  });

  test('an imported reputation is one imported event, and a recompute keeps every total', async () => {
    const alice = await database.db
      .selectFrom('users')
      .select('id')
      .where('import_source', '=', 'se:mini')
      .where('import_id', '=', '1')
      .executeTakeFirstOrThrow();
    const events = await database.db
      .selectFrom('reputation_events')
      .select(['kind', 'points', 'applied'])
      .where('user_id', '=', alice.id)
      .execute();
    assert.deepEqual(events, [{ kind: 'imported', points: 1233, applied: 1233 }]);
    const ctx = jobsContext(database, new ManualClock());
    const result = await recomputeReputation(ctx);
    assert.deepEqual(
      { eventsMended: result.eventsMended, totalsMended: result.totalsMended },
      {
        eventsMended: 0,
        totalsMended: 0,
      },
    );
  });

  test('authors: profiles, placeholders, no sign-in', async () => {
    const users = await database.db
      .selectFrom('users')
      .select(['import_id', 'username', 'display_name', 'email', 'password_hash', 'reputation', 'about'])
      .where('import_source', '=', 'se:mini')
      .orderBy('id')
      .execute();
    const byId = new Map(users.map((u) => [u.import_id, u]));
    assert.equal(byId.get('1')?.username, 'Alice-Smith');
    assert.equal(byId.get('1')?.reputation, 1234);
    // "alice smith" would clash with "Alice-Smith" (same key): the id is appended.
    assert.equal(byId.get('3')?.username, 'alice-smith-mini-3');
    assert.equal(byId.get('4')?.username, '李雷');
    assert.equal(byId.get('5')?.username, 'user5');
    assert.equal(byId.get('99')?.display_name, 'user99');
    assert.match(byId.get('99')?.about ?? '', /https:\/\/mini\.stackexchange\.com\/users\/99/);
    assert.equal(byId.get('name:ghost')?.display_name, 'ghost');
    assert.ok(users.every((u) => u.password_hash === '!' && u.email.endsWith('@import.invalid')));
    const q13 = await question('13');
    assert.equal(
      q13.author_id,
      (
        await database.db
          .selectFrom('users')
          .select('id')
          .where('import_id', '=', 'name:ghost')
          .executeTakeFirstOrThrow()
      ).id,
    );
  });

  test('tags: one row per used tag with its live question count; excerpt as description', async () => {
    const tags = await database.db
      .selectFrom('tags')
      .select(['name', 'question_count', 'description'])
      .orderBy('name')
      .execute();
    assert.deepEqual(
      tags.map((t) => [t.name, t.question_count]),
      [
        ['build', 1],
        ['c#', 1],
        ['c++', 1],
        ['file-io', 1],
        ['hardware', 1],
        ['msbuild', 1],
        ['python', 2],
        ['visual-studio', 1],
      ],
    );
    assert.equal(
      tags.find((t) => t.name === 'python')?.description,
      'Python is a dynamically typed programming language.',
    );
  });

  test('revisions: number 1 of each post, with title and tags for questions', async () => {
    const q = await question('10');
    const revision = await database.db
      .selectFrom('revisions')
      .selectAll()
      .where('question_id', '=', q.id)
      .executeTakeFirstOrThrow();
    assert.equal(revision.number, 1);
    assert.equal(revision.kind, 'create');
    assert.equal(revision.title, q.title);
    assert.deepEqual(revision.tags, q.tags);
    assert.equal(revision.body, q.body);
    assert.equal(revision.author_id, q.author_id);
    assert.deepEqual(revision.created_at, q.created_at);
  });

  test('links: duplicate wins over linked for the same pair', async () => {
    const links = await sql<{ from: string; to: string; kind: string }>`
      select q1.import_id as from, q2.import_id as to, l.kind from question_links l
      join questions q1 on q1.id = l.question_id join questions q2 on q2.id = l.related_question_id
      order by 1, 2`.execute(database.db);
    assert.deepEqual(links.rows, [
      { from: '14', to: '10', kind: 'duplicate' },
      { from: '14', to: '11', kind: 'linked' },
    ]);
  });

  test('a second run changes nothing', async () => {
    const snapshot = async () => {
      const counts: Record<string, unknown> = {};
      for (const table of [
        'users',
        'questions',
        'answers',
        'comments',
        'question_votes',
        'answer_votes',
        'revisions',
        'tags',
        'question_links',
      ] as const) {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
          database.db,
        );
        counts[table] = rows[0]?.n;
      }
      counts.questions_rows = await database.db.selectFrom('questions').selectAll().orderBy('id').execute();
      counts.tag_rows = await database.db.selectFrom('tags').selectAll().orderBy('id').execute();
      return counts;
    };
    const before = await snapshot();
    const second = await importSeDump(database.db, dump, { batchSize: 3 });
    assert.deepEqual(await snapshot(), before);
    for (const [kind, counts] of Object.entries(second.rows)) {
      assert.equal(counts.inserted, 0, `${kind} inserted on the second run`);
    }
    assert.equal(second.rows.questions?.existing, 4);
    assert.deepEqual(second.notes, []);
  });

  test('votes cast in the app since the import are kept by a re-import', async () => {
    const q = await question('11');
    const voter = await database.db
      .selectFrom('users')
      .select('id')
      .where('import_id', '=', '1')
      .executeTakeFirstOrThrow();
    // What castVote does: a vote row and the score moved by its value, together.
    await database.db
      .insertInto('question_votes')
      .values({ question_id: q.id, voter_id: voter.id, value: 1 })
      .execute();
    await database.db
      .updateTable('questions')
      .set({ score: q.score + 1 })
      .where('id', '=', q.id)
      .execute();
    await importSeDump(database.db, dump, { batchSize: 3 });
    assert.equal((await question('11')).score, 0);
    assert.deepEqual(await findInvariantViolations(database.db), []);
  });
});

describe('importSeDump beside a busy app', () => {
  test('a batch the database aborts (deadlock) runs again: the same import, nothing written twice', async () => {
    const reference = await createTestDatabase();
    const database = await createTestDatabase();
    try {
      const expected = await importSeDump(reference.db, dump, { batchSize: 3 });
      const retries: object[] = [];
      const aborting = abortingEveryOtherTry(database.db);
      const summary = await importSeDump(aborting.db, dump, {
        batchSize: 3,
        log: { warn: (obj) => retries.push(obj) },
      });
      assert.deepEqual(summary.rows, expected.rows);
      assert.deepEqual(summary.notes, expected.notes);
      assert.ok(aborting.aborted() > 10, `${aborting.aborted()} tries aborted`);
      assert.equal(retries.length, aborting.aborted());
      assert.deepEqual(retries[0], { code: '40P01', attempt: 1 });
      assert.deepEqual(await findInvariantViolations(database.db), []);
      const count = async (db: TestDatabase['db'], table: 'questions' | 'search_documents') =>
        (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db)).rows[0]?.n;
      assert.equal(await count(database.db, 'questions'), await count(reference.db, 'questions'));
      assert.equal(
        await count(database.db, 'search_documents'),
        await count(reference.db, 'search_documents'),
      );
    } finally {
      await database.close();
      await reference.close();
    }
  });
});

describe('importSeDump with files missing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'techqa-dump-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('imports what is there and notes the rest', async () => {
    writeFileSync(
      join(dir, 'Posts.xml'),
      '<?xml version="1.0" encoding="utf-8"?>\n<posts>\n  <row Id="1" PostTypeId="1" CreationDate="2023-12-01T10:00:00.000" Score="2" ViewCount="5" Body="&lt;p&gt;Body&lt;/p&gt;" OwnerUserId="7" Title="A question with only posts in the dump" Tags="|llm|" />\n</posts>\n',
    );
    const database = await createTestDatabase();
    try {
      const summary = await importSeDump(database.db, dir, { site: 'genai' });
      assert.deepEqual(summary.rows.questions, { inserted: 1, existing: 0, skipped: 0 });
      assert.deepEqual(summary.rows['votes (score fill)'], { inserted: 2, existing: 0, skipped: 0 });
      for (const name of ['Tags.xml', 'Users.xml', 'Comments.xml', 'Votes.xml', 'PostLinks.xml']) {
        assert.ok(
          summary.notes.some((note) => note.startsWith(`${name} not found`)),
          name,
        );
      }
      const q = await database.db.selectFrom('questions').selectAll().executeTakeFirstOrThrow();
      assert.equal(q.import_source, 'se:genai');
      assert.equal(q.source_url, 'https://genai.stackexchange.com/questions/1');
      assert.deepEqual(await findInvariantViolations(database.db), []);
    } finally {
      await database.close();
    }
  });
});

describe('imported usernames beside look-alikes (UTS #39 skeletons, as at sign-up)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'techqa-dump-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const CYRILLIC_A = '\u0430';

  test('an imported member has the skeleton; a look-alike gets its own name; "аdmin" cannot join beside an imported "admin"', async (t) => {
    const { app, database } = await buildTestApp(t);
    await registerMember(app, { username: 'paypal' });
    const user = (id: number, name: string) =>
      `  <row Id="${id}" Reputation="1" CreationDate="2016-08-02T00:00:00.000" DisplayName="${name}" AccountId="${id}" />`;
    writeFileSync(
      join(dir, 'Users.xml'),
      `<?xml version="1.0" encoding="utf-8"?>\n<users>\n${[
        user(1, 'admin'),
        user(2, `p${CYRILLIC_A}ypal`), // looks like the member "paypal"
        user(3, 'adrnin'), // looks like "admin", imported in the same batch
      ].join('\n')}\n</users>\n`,
    );
    await importSeDump(database.db, dir, { site: 'mini' });

    const imported = await database.db
      .selectFrom('users')
      .select(['import_id', 'username', 'username_skeleton'])
      .where('import_source', '=', 'se:mini')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      imported.map((u) => [u.import_id, u.username]),
      [
        ['1', 'admin'],
        ['2', `p${CYRILLIC_A}ypal-mini-2`],
        ['3', 'adrnin-mini-3'],
      ],
    );
    for (const u of imported) assert.equal(u.username_skeleton, confusableSkeleton(u.username), u.username);

    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: {
        username: `${CYRILLIC_A}dmin`,
        email: 'a@example.com',
        password: 'correct horse battery staple',
      },
    });
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().error.code, 'user.username_confusable');
    assert.deepEqual(await findInvariantViolations(database.db), []);
  });
});
