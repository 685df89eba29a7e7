import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerAs, askAs, buildTestApp, registerMember, type TestApp } from '../../../test/helpers.js';

type Listed = {
  items: Array<{
    id: number;
    username: string;
    reputation: number;
    tagScore?: { score: number; answers: number };
  }>;
  total: number;
  page: number;
  pageSize: number;
  tag?: string;
};

/** Members written straight into the table (hashing 40 passwords would be slow). */
async function addMembers(
  database: TestApp['database'],
  members: Array<{ username: string; displayName?: string; reputation?: number; createdAt?: Date }>,
): Promise<number[]> {
  const rows = await database.db
    .insertInto('users')
    .values(
      members.map((member) => ({
        username: member.username,
        username_key: member.username.normalize('NFKC').toLowerCase(),
        email: `${member.username}@example.com`,
        email_key: `${member.username}@example.com`.toLowerCase(),
        display_name: member.displayName ?? member.username,
        password_hash: 'x',
        reputation: member.reputation ?? 1,
        ...(member.createdAt ? { created_at: member.createdAt } : {}),
      })),
    )
    .returning('id')
    .execute();
  return rows.map((row) => Number(row.id));
}

async function list(app: TestApp['app'], query: string): Promise<Listed> {
  const response = await app.inject({ url: `/api/v1/users?${query}` });
  assert.equal(response.statusCode, 200, response.body);
  return response.json() as Listed;
}

describe('the members’ directory', () => {
  test('by reputation (default) and newest; a name prefix in either script, on usernames and display names', async (t) => {
    const { app, database } = await buildTestApp(t);
    const day = 86_400_000;
    const base = Date.parse('2026-01-01T00:00:00Z');
    const [alice, alina, bob, lilei, hmm] = await addMembers(database, [
      { username: 'alice', reputation: 50, createdAt: new Date(base) },
      { username: 'Alina', reputation: 900, createdAt: new Date(base + day) },
      { username: 'bob', displayName: 'Al Bundy', reputation: 10, createdAt: new Date(base + 2 * day) },
      { username: '李雷', reputation: 300, createdAt: new Date(base + 3 * day) },
      { username: 'meimei', displayName: '韩梅梅', reputation: 300, createdAt: new Date(base + 4 * day) },
    ]);

    const byReputation = await list(app, '');
    assert.deepEqual(
      byReputation.items.map((m) => m.id),
      [alina, lilei, hmm, alice, bob],
    );
    assert.equal(byReputation.total, 5);
    assert.equal(byReputation.items[0]?.reputation, 900);
    assert.equal('email' in (byReputation.items[0] as object), false);
    assert.deepEqual(
      (await list(app, 'sort=new')).items.map((m) => m.id),
      [hmm, lilei, bob, alina, alice],
    );
    // A prefix of the username (any case) or of the display name.
    assert.deepEqual(
      (await list(app, 'q=AL')).items.map((m) => m.id),
      [alina, alice, bob],
    );
    assert.deepEqual(
      (await list(app, `q=${encodeURIComponent('李')}`)).items.map((m) => m.id),
      [lilei],
    );
    assert.deepEqual(
      (await list(app, `q=${encodeURIComponent('韩梅')}&sort=new`)).items.map((m) => m.id),
      [hmm],
    );
    // Wildcards are letters here, and the middle of a name is not a prefix.
    assert.equal((await list(app, 'q=%25')).total, 0);
    assert.equal((await list(app, 'q=_lice')).total, 0);
    assert.equal((await list(app, 'q=ice')).total, 0);
  });

  test('pages of 36', async (t) => {
    const { app, database } = await buildTestApp(t);
    await addMembers(
      database,
      Array.from({ length: 40 }, (_, i) => ({
        username: `member${String(i).padStart(2, '0')}`,
        reputation: 100 - i,
      })),
    );
    const first = await list(app, '');
    assert.equal(first.items.length, 36);
    assert.equal(first.total, 40);
    assert.equal(first.pageSize, 36);
    const second = await list(app, 'page=2');
    assert.deepEqual(
      second.items.map((m) => m.username),
      ['member36', 'member37', 'member38', 'member39'],
    );
    const page = await app.inject({ url: '/users?page=2&lang=en' });
    assert.equal([...page.body.matchAll(/data-testid="member-card"/g)].length, 4);
    assert.ok(page.body.includes('href="/users"'), 'page 1 is the bare address');
  });

  test('by tag: the most answer score in the tag, live answers to live questions only', async (t) => {
    const { app, database } = await buildTestApp(t);
    const asker = await registerMember(app);
    const ann = await registerMember(app, { username: 'ann' });
    const ben = await registerMember(app, { username: 'ben' });
    const cat = await registerMember(app, { username: 'cat' });
    const q1 = await askAs(asker, { tags: ['postgresql', 'sql'] });
    const q2 = await askAs(asker, { tags: ['postgresql'] });
    const other = await askAs(asker, { tags: ['python'] });
    const scores: Array<[typeof ann, number, number]> = [
      [ann, q1.id, 3],
      [ann, q2.id, 4],
      [ben, q1.id, 10],
      [cat, other.id, 50],
    ];
    for (const [member, questionId, score] of scores) {
      const answer = await answerAs(member, questionId);
      await database.db.updateTable('answers').set({ score }).where('id', '=', answer.id).execute();
    }
    const deleted = await answerAs(cat, q2.id);
    await database.db
      .updateTable('answers')
      .set({ score: 100, deleted_at: new Date() })
      .where('id', '=', deleted.id)
      .execute();

    const byTag = await list(app, 'sort=tag&tag=PostgreSQL');
    assert.equal(byTag.tag, 'postgresql');
    assert.deepEqual(
      byTag.items.map((m) => [m.username, m.tagScore]),
      [
        ['ben', { score: 10, answers: 1 }],
        ['ann', { score: 7, answers: 2 }],
      ],
    );
    assert.equal(byTag.total, 2);
    assert.deepEqual(
      (await list(app, 'sort=tag&tag=postgresql&q=an')).items.map((m) => m.username),
      ['ann'],
    );
    assert.equal((await list(app, 'sort=tag&tag=rust')).total, 0);

    const en = await app.inject({ url: '/users?sort=tag&tag=postgresql&lang=en' });
    assert.equal(en.statusCode, 200);
    assert.ok(en.body.includes('Members with the most answer score in postgresql'));
    assert.match(en.body, /data-testid="member-tag-score">score 7 · 2 answers</);
    const zh = await app.inject({ url: '/users?sort=tag&tag=postgresql&lang=zh-CN' });
    assert.match(zh.body, /data-testid="member-tag-score">得分 10 · 1 个回答</);
    const prompt = await app.inject({ url: '/users?sort=tag&lang=en' });
    assert.equal(prompt.statusCode, 200);
    assert.match(prompt.body, /data-testid="directory-prompt"/);
  });

  test('bad parameters are a 422 naming the field, never a 500', async (t) => {
    const { app } = await buildTestApp(t);
    const refused = async (query: string, field: string, code: string) => {
      const response = await app.inject({ url: `/api/v1/users?${query}` });
      assert.equal(response.statusCode, 422, `${query}: ${response.body}`);
      const error = response.json().error;
      assert.ok(field in (error.fields ?? {}), `${query}: ${response.body}`);
      assert.equal(error.fieldProblems?.[field]?.code ?? error.code, code, `${query}: ${response.body}`);
    };
    await refused('sort=tag', 'tag', 'validation.required');
    await refused('sort=tag&tag=%21%21%21', 'tag', 'validation.tag_invalid');
    await refused(`q=${'a'.repeat(51)}`, 'q', 'validation.too_long');
    for (const query of ['sort=bogus', 'page=0', 'page=abc', `q=${'a'.repeat(201)}`]) {
      const response = await app.inject({ url: `/api/v1/users?${query}` });
      assert.equal(response.statusCode, 422, `${query}: ${response.body}`);
      assert.equal(response.json().error.code, 'request.invalid');
    }
    // The page reads the order leniently and shows a refused filter beside the form.
    assert.equal((await app.inject({ url: '/users?sort=bogus&page=abc' })).statusCode, 200);
    const page = await app.inject({ url: '/users?sort=tag&tag=%21%21%21&lang=en' });
    assert.equal(page.statusCode, 422);
    assert.match(page.body, /data-testid="directory-problem"/);
    assert.match(page.body, /name="tag" value="!!!"/);
  });

  test('the page in both languages: the nav entry, the orders, the filter, cards', async (t) => {
    const { app, database } = await buildTestApp(t);
    await addMembers(database, [{ username: '张伟', displayName: '张伟', reputation: 1234 }]);
    const en = await app.inject({ url: '/users?lang=en' });
    assert.equal(en.statusCode, 200);
    assert.match(en.body, /<title>Users/);
    assert.match(
      en.body,
      /data-testid="nav-users"[^>]*aria-current="page"|aria-current="page"[^>]*data-testid="nav-users"/,
    );
    assert.match(en.body, /data-sort="reputation"[^>]*>Reputation</);
    assert.match(en.body, /<form method="get" action="\/users"/);
    assert.match(en.body, /hx-get="\/users"/);
    assert.match(en.body, /data-testid="member-reputation">1,234 reputation</);
    assert.match(en.body, /1 member</);
    const zh = await app.inject({ url: `/users?q=${encodeURIComponent('张')}&lang=zh-CN` });
    assert.equal(zh.statusCode, 200);
    assert.ok(zh.body.includes('新用户') && zh.body.includes('按标签') && zh.body.includes('1 位成员'));
    assert.ok(zh.body.includes('href="/users/'));
    const none = await app.inject({ url: '/users?q=zzz&lang=en' });
    assert.match(none.body, /data-testid="directory-empty">No members match\./);
  });
});
