import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildTestApp, registerMember, sessionCookieOf, uniqueName } from '../../../test/helpers.js';

const password = 'correct horse battery staple';

async function countUsers(db: Awaited<ReturnType<typeof buildTestApp>>['database']['db']) {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('POST /api/v1/auth/register', () => {
  test('creates the account, signs it in and returns the public user with a CSRF token', async (t) => {
    // The production hash cost, which the rest of the suite swaps for the cheap test cost.
    const { app, database } = await buildTestApp(t, { PASSWORD_HASH_COST: 'standard' });
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { username: 'ada', email: 'Ada@Example.com', password },
    });
    assert.equal(response.statusCode, 201);
    const body = response.json();
    assert.deepEqual(Object.keys(body).sort(), ['csrfToken', 'user']);
    assert.deepEqual(Object.keys(body.user).sort(), [
      'createdAt',
      'displayName',
      'id',
      'reputation',
      'roles',
      'username',
    ]);
    assert.equal(body.user.username, 'ada');
    assert.equal(body.user.displayName, 'ada');
    assert.deepEqual(body.user.roles, ['user']);
    assert.match(body.user.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    assert.ok(body.csrfToken.length >= 32);

    const cookie = response.cookies.find((c) => c.name === 'tq_session');
    assert.ok(cookie, 'session cookie set');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal(cookie.path, '/');
    assert.equal(cookie.secure, undefined, 'not Secure over plain http');

    const row = await database.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    assert.match(row.password_hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.equal(row.email_key, 'ada@example.com');
    const session = await database.db.selectFrom('sessions').selectAll().executeTakeFirstOrThrow();
    assert.notEqual(session.id_hash, cookie.value, 'only a hash of the session id is stored');
  });

  test('marks the cookie Secure when the request came over TLS through a trusted proxy', async (t) => {
    const { app } = await buildTestApp(t, { TRUST_PROXY: 'true' });
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { username: 'secure', email: 'secure@example.com', password },
    });
    assert.equal(response.statusCode, 201);
    assert.equal(response.cookies.find((c) => c.name === 'tq_session')?.secure, true);
  });

  test('takes Chinese usernames and display names', async (t) => {
    const { app } = await buildTestApp(t);
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: {
        username: '张三_dev',
        email: 'zhang@example.cn',
        password: '密码很长很长的密码',
        displayName: '张三 🚀',
      },
    });
    assert.equal(response.statusCode, 201);
    const { user } = response.json();
    const profile = await app.inject({ url: `/api/v1/users/${user.id}` });
    assert.equal(profile.statusCode, 200);
    assert.equal(profile.json().username, '张三_dev');
    assert.equal(profile.json().displayName, '张三 🚀');
  });

  test('409 user.username_taken for the same name in another case or width, and writes nothing', async (t) => {
    const { app, database } = await buildTestApp(t);
    await registerMember(app, { username: 'grace' });
    for (const username of ['GRACE', 'ｇｒａｃｅ']) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: { username, email: `${uniqueName()}@example.com`, password },
      });
      assert.equal(response.statusCode, 409);
      assert.equal(response.json().error.code, 'user.username_taken');
      assert.ok(response.json().error.fields.username);
    }
    assert.equal(await countUsers(database.db), 1);
  });

  test('409 user.email_taken for an e-mail in another case, and writes nothing', async (t) => {
    const { app, database } = await buildTestApp(t);
    await registerMember(app, { email: 'linus@example.com' });
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { username: uniqueName(), email: 'LINUS@example.com', password },
    });
    assert.equal(response.statusCode, 409);
    assert.equal(response.json().error.code, 'user.email_taken');
    assert.equal(await countUsers(database.db), 1);
    assert.equal(
      Number(
        (
          await database.db
            .selectFrom('sessions')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      1,
    );
  });

  test('bad input gets a clear error naming the field and leaves nothing written', async (t) => {
    const { app, database } = await buildTestApp(t);
    const cases: Array<{
      name: string;
      payload: unknown;
      raw?: string;
      status: number;
      code: string;
      field?: string;
      /** The field's own code, where the case is about it. */
      problem?: string;
    }> = [
      {
        name: 'malformed JSON',
        payload: undefined,
        raw: '{"username": ',
        status: 400,
        code: 'request.malformed_json',
      },
      { name: 'empty object', payload: {}, status: 422, code: 'request.invalid', field: 'username' },
      { name: 'array body', payload: [1, 2], status: 422, code: 'request.invalid' },
      { name: 'string body', payload: 'hello', status: 422, code: 'request.invalid' },
      { name: 'null body', payload: undefined, raw: 'null', status: 422, code: 'request.invalid' },
      {
        name: 'number for username',
        payload: { username: 42, email: 'a@b.co', password },
        status: 422,
        code: 'request.invalid',
        field: 'username',
      },
      {
        name: 'empty username',
        payload: { username: '', email: 'a@b.co', password },
        status: 422,
        code: 'request.invalid',
        field: 'username',
      },
      {
        name: 'too long username',
        payload: { username: 'x'.repeat(31), email: 'a@b.co', password },
        status: 422,
        code: 'request.invalid',
        field: 'username',
      },
      {
        name: 'absurdly long username',
        payload: { username: 'x'.repeat(10_000), email: 'a@b.co', password },
        status: 422,
        code: 'request.invalid',
        field: 'username',
      },
      {
        name: 'NUL byte',
        payload: { username: 'ada\u0000', email: 'a@b.co', password },
        status: 422,
        code: 'request.invalid',
        field: 'username',
      },
      {
        name: 'control character',
        payload: { username: 'ada\u001b[31m', email: 'a@b.co', password },
        status: 422,
        code: 'request.invalid',
        field: 'username',
      },
      {
        name: 'emoji username',
        payload: { username: 'ada🚀', email: 'a@b.co', password },
        status: 422,
        code: 'request.invalid',
        field: 'username',
      },
      {
        name: 'bad e-mail',
        payload: { username: 'ada', email: 'not-an-email', password },
        status: 422,
        code: 'request.invalid',
        field: 'email',
      },
      {
        name: 'short password',
        payload: { username: 'ada', email: 'a@b.co', password: 'short' },
        status: 422,
        code: 'request.invalid',
        field: 'password',
      },
      {
        name: 'unknown field',
        payload: { username: 'ada', email: 'a@b.co', password, role: 'admin' },
        status: 422,
        code: 'request.invalid',
        field: 'role',
      },
      {
        name: 'bidi override display name',
        payload: { username: 'ada', email: 'a@b.co', password, displayName: 'x\u202Eexe' },
        status: 422,
        code: 'request.invalid',
        field: 'displayName',
        problem: 'validation.control_chars',
      },
      // Control and bidi characters are refused at the edge, before the accounts rules; the tab
      // and line breaks it lets through in a body, the rules refuse in these one-line values.
      ...(
        [
          ['NUL in the username', { username: 'ada\u0000x' }, 'username'],
          ['bidi override in the username', { username: 'ada\u202Ex' }, 'username'],
          ['newline in the username', { username: 'ada\nx' }, 'username'],
          ['bell in the display name', { displayName: 'a\u0007b' }, 'displayName'],
          ['NUL in the e-mail', { email: 'ada\u0000@example.com' }, 'email'],
          ['newline in the e-mail', { email: 'ada\n@example.com' }, 'email'],
          ['NUL in the password', { password: `${password}\u0000` }, 'password'],
          ['tab in the password', { password: `${password}\t` }, 'password'],
        ] as const
      ).map(([name, change, field]) => ({
        name,
        payload: { username: 'ada', email: 'a@b.co', password, ...change },
        status: 422,
        code: 'request.invalid',
        field,
        problem: 'validation.control_chars',
      })),
    ];
    for (const c of cases) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        headers: { 'content-type': 'application/json' },
        payload: c.raw ?? JSON.stringify(c.payload),
      });
      assert.equal(response.statusCode, c.status, `${c.name}: ${response.body}`);
      const { error } = response.json();
      assert.equal(error.code, c.code, c.name);
      assert.equal(typeof error.message, 'string', c.name);
      if (c.field)
        assert.ok(error.fields?.[c.field], `${c.name}: expected field ${c.field} in ${response.body}`);
      if (c.field && c.problem) assert.equal(error.fieldProblems?.[c.field]?.code, c.problem, c.name);
    }
    assert.equal(await countUsers(database.db), 0);
  });

  test('a body over the limit is refused with 413', async (t) => {
    const { app } = await buildTestApp(t, { BODY_LIMIT_BYTES: '4096' });
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { username: 'ada', email: 'a@b.co', password: 'x'.repeat(10_000) },
    });
    assert.equal(response.statusCode, 413);
    assert.equal(response.json().error.code, 'request.too_large');
  });
});

describe('POST /api/v1/auth/login', () => {
  test('signs in by username or e-mail (any case) with a new session id each time', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app, {
      username: 'Margaret',
      email: 'margaret@example.com',
      password,
    });
    const seen = new Set([member.cookie]);
    for (const login of ['Margaret', 'margaret', 'MARGARET@example.com']) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { login, password },
      });
      assert.equal(response.statusCode, 200, login);
      assert.equal(response.json().user.id, member.userId);
      assert.ok(response.json().csrfToken);
      const cookie = sessionCookieOf(response);
      assert.ok(!seen.has(cookie), 'a fresh session id');
      seen.add(cookie);
    }
  });

  test('logging in from a browser that had a session ends that old session', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app, { password });
    const response = await member.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: member.username, password },
    });
    assert.equal(response.statusCode, 200);
    const old = await app.inject({ url: '/api/v1/me', headers: { cookie: member.cookie } });
    assert.equal(old.statusCode, 401);
  });

  test('wrong password and unknown account fail identically', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app, { password });
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: member.username, password: 'not the password' },
    });
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: 'nobody-here', password: 'not the password' },
    });
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.deepEqual(wrong.json(), unknown.json());
    assert.equal(wrong.json().error.code, 'auth.invalid_credentials');
    assert.equal(
      wrong.cookies.find((c) => c.name === 'tq_session'),
      undefined,
    );
  });

  test('empty fields are 422 naming them; wrong types are 422', async (t) => {
    const { app } = await buildTestApp(t);
    const blank = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: '  ', password: 'x' },
    });
    assert.equal(blank.statusCode, 422);
    assert.ok(blank.json().error.fields.login);
    const typed = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: ['a'], password: 1 },
    });
    assert.equal(typed.statusCode, 422);
    assert.ok(typed.json().error.fields.login);
  });

  test('errors speak the caller’s language; codes stay the same', async (t) => {
    const { app } = await buildTestApp(t);
    const zh = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' },
      payload: { login: 'nobody', password: 'whatever1' },
    });
    assert.equal(zh.json().error.code, 'auth.invalid_credentials');
    assert.match(zh.json().error.message, /密码/);
    const en = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login?lang=en',
      headers: { 'accept-language': 'zh-CN' },
      payload: { login: 'nobody', password: 'whatever1' },
    });
    assert.match(en.json().error.message, /password/);
  });
});

describe('GET /api/v1/users/:id', () => {
  test('shows the public profile and never the e-mail or hash', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    const response = await app.inject({ url: `/api/v1/users/${member.userId}` });
    assert.equal(response.statusCode, 200);
    assert.ok(!/email|password|hash/i.test(JSON.stringify(response.json())));
  });

  test('404 user.not_found for no such user; 422 for a malformed id', async (t) => {
    const { app } = await buildTestApp(t);
    const missing = await app.inject({ url: '/api/v1/users/999999' });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'user.not_found');
    const malformed = await app.inject({ url: '/api/v1/users/abc' });
    assert.equal(malformed.statusCode, 422);
    assert.equal(malformed.json().error.code, 'request.invalid');
  });
});
