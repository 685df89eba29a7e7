import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, cookiesOf, csrfFieldOf, form, registerMember } from '../../../test/helpers.js';

const password = 'correct horse battery staple';

/** Opens a page like a browser would and returns what its form needs to post back. */
async function openForm(app: FastifyInstance, url: string, cookie = '') {
  const page = await app.inject({ url, headers: cookie ? { cookie } : {} });
  assert.equal(page.statusCode, 200, `${url}: ${page.statusCode}`);
  return { csrf: csrfFieldOf(page.body), cookie: [cookie, cookiesOf(page)].filter(Boolean).join('; ') };
}

async function post(app: FastifyInstance, url: string, cookie: string, fields: Record<string, string>) {
  const body = form(fields);
  return app.inject({ method: 'POST', url, payload: body.payload, headers: { ...body.headers, cookie } });
}

/** Signs in through the log-in form like a browser, with these fields (`_csrf` filled in). */
async function logInByForm(app: FastifyInstance, fields: Record<string, string>) {
  const { csrf, cookie } = await openForm(app, '/login');
  return post(app, '/login', cookie, { _csrf: csrf, ...fields });
}

describe('sign-up and sign-in pages', () => {
  test('register → signed in → log out → log in by e-mail', async (t) => {
    const { app } = await buildTestApp(t);
    const { csrf, cookie } = await openForm(app, '/register');
    const registered = await post(app, '/register', cookie, {
      _csrf: csrf,
      username: '李雷',
      email: 'lilei@example.com',
      password,
    });
    assert.equal(registered.statusCode, 303);
    assert.equal(registered.headers.location, '/');
    const session = cookiesOf(registered);
    assert.match(session, /tq_session=/);

    const home = await app.inject({ url: '/', headers: { cookie: session } });
    assert.match(home.body, /data-testid="nav-user"[^>]*>李雷</);
    const logoutCsrf = csrfFieldOf(home.body);
    const logout = await post(app, '/logout', session, { _csrf: logoutCsrf });
    assert.equal(logout.statusCode, 303);
    assert.equal((await app.inject({ url: '/api/v1/me', headers: { cookie: session } })).statusCode, 401);

    const loggedIn = await logInByForm(app, { login: 'LILEI@example.com', password });
    assert.equal(loggedIn.statusCode, 303);
    assert.match(cookiesOf(loggedIn), /tq_session=/);
  });

  test('a form post without the CSRF token is refused and writes nothing', async (t) => {
    const { app, database } = await buildTestApp(t);
    const { cookie } = await openForm(app, '/register');
    const forged = await post(app, '/register', cookie, {
      username: 'mallory',
      email: 'm@example.com',
      password,
    });
    assert.equal(forged.statusCode, 403);
    assert.match(forged.headers['content-type'] as string, /text\/html/);
    const wrong = await post(app, '/register', cookie, {
      _csrf: 'x'.repeat(32),
      username: 'mallory',
      email: 'm@example.com',
      password,
    });
    assert.equal(wrong.statusCode, 403);
    assert.equal((await database.db.selectFrom('users').select('id').execute()).length, 0);
  });

  test('refused sign-ups re-render the form with each field’s error and the typed values, never the password', async (t) => {
    const { app } = await buildTestApp(t);
    const { csrf, cookie } = await openForm(app, '/register');
    const response = await post(app, '/register', cookie, {
      _csrf: csrf,
      username: '<b>x',
      email: 'not-mail',
      password: 'secret!',
    });
    assert.equal(response.statusCode, 422);
    assert.match(response.body, /data-field-error="username"/);
    assert.match(response.body, /data-field-error="email"/);
    assert.match(response.body, /data-field-error="password"/);
    // Inside a quoted attribute only quotes and ampersands need escaping.
    assert.match(response.body, /name="username" type="text" value="<b>x"/, 'typed value kept');
    assert.ok(!response.body.includes('secret!'), 'password not echoed');
  });

  test('a wrong password shows one message and keeps the login typed', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    const response = await logInByForm(app, { login: member.username, password: 'nope nope' });
    assert.equal(response.statusCode, 401);
    assert.match(response.body, /That login and password do not match an account\./);
    assert.match(response.body, new RegExp(`value="${member.username}"`));
  });

  test('login returns to a local ?next= page and never to another site', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app, { password });
    for (const [next, expected] of [
      ['/settings', '/settings'],
      ['//evil.example/x', '/'],
      ['https://evil.example', '/'],
      ['/\\evil.example', '/'],
      // Browsers drop tabs and newlines from a Location and read `\` as `/`: all leave the site.
      ['/\t/evil.example', '/'],
      ['/\n/evil.example', '/'],
      ['\\\\evil.example', '/'],
      ['/.//evil.example', '/'],
    ] as const) {
      const response = await logInByForm(app, { login: member.username, password, next });
      assert.equal(response.headers.location, expected, next);
    }
  });

  test('a signed-in visitor sent to /login goes on to ?next= only when it stays on this site', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app, { password });
    for (const [next, expected] of [
      ['/settings', '/settings'],
      ['/.//evil.example', '/'],
      ['%5C%5Cevil.example', '/'],
      ['https://evil.example', '/'],
    ] as const) {
      const response = await member.inject({ url: `/login?next=${next}` });
      assert.equal(response.statusCode, 303, next);
      assert.equal(response.headers.location, expected, next);
    }
    // A tab (or any control character) in a query string is refused before the route runs.
    const tab = await member.inject({ url: '/login?next=/%09/evil.example' });
    assert.equal(tab.statusCode, 422);
    assert.match(tab.body, /data-field-error="querystring.next"/);
    assert.equal(tab.headers.location, undefined);
  });
});

describe('sign-in with a return path in other scripts', () => {
  test('signs in and goes on, the path percent-encoded (never a 500)', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app, { password });
    for (const [next, expected] of [
      ['/中', '/%E4%B8%AD'],
      ['/questions?tag=中文', '/questions?tag=%E4%B8%AD%E6%96%87'],
    ] as const) {
      const response = await logInByForm(app, { login: member.username, password, next });
      assert.equal(response.statusCode, 303, next);
      assert.equal(response.headers.location, expected, next);
      assert.match(cookiesOf(response), /tq_session=/, next);

      const again = await member.inject({ url: `/login?next=${encodeURIComponent(next)}` });
      assert.equal(again.statusCode, 303, next);
      assert.equal(again.headers.location, expected, next);
    }
  });
});

describe('settings page', () => {
  test('sends visitors to log in first', async (t) => {
    const { app } = await buildTestApp(t);
    const response = await app.inject({ url: '/settings' });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/login?next=%2Fsettings');
  });

  test('creates a token (secret shown once), revokes it, and renames the member', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    const settings = await openForm(app, '/settings', member.cookie);

    const created = await post(app, '/settings/tokens', member.cookie, {
      _csrf: settings.csrf,
      name: 'laptop',
    });
    assert.equal(created.statusCode, 201);
    const secret = /data-testid="new-token"[^>]*>(tqa_[^<]+)</.exec(created.body)?.[1];
    assert.ok(secret, 'the secret is on the page once');
    const again = await app.inject({ url: '/settings', headers: { cookie: member.cookie } });
    assert.ok(!again.body.includes(secret), 'and never again');
    assert.match(again.body, /laptop/);
    assert.equal(
      (await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${secret}` } })).statusCode,
      200,
    );

    const tokenId = /action="\/settings\/tokens\/(\d+)\/revoke"/.exec(again.body)?.[1];
    const revoked = await post(app, `/settings/tokens/${tokenId}/revoke`, member.cookie, {
      _csrf: settings.csrf,
    });
    assert.equal(revoked.statusCode, 303);
    assert.equal(revoked.headers.location, '/settings?done=token_revoked');
    assert.equal(
      (await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${secret}` } })).statusCode,
      401,
    );

    const renamed = await post(app, '/settings/profile', member.cookie, {
      _csrf: settings.csrf,
      displayName: '韩梅梅',
    });
    assert.equal(renamed.statusCode, 303);
    const profile = await app.inject({ url: `/users/${member.userId}` });
    assert.match(profile.body, /韩梅梅/);

    const blank = await post(app, '/settings/profile', member.cookie, {
      _csrf: settings.csrf,
      displayName: '   ',
    });
    assert.equal(blank.statusCode, 422);
    assert.match(blank.body, /data-field-error="displayName"/);
  });

  test('a token made on the page gets the ticked scopes and lifetime; the list shows them and its last use', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    const { csrf } = await openForm(app, '/settings', member.cookie);
    const fields = new URLSearchParams([
      ['_csrf', csrf],
      ['name', 'payer'],
      ['scopes', 'money'],
      ['expiresInDays', '30'],
    ]);
    const created = await app.inject({
      method: 'POST',
      url: '/settings/tokens',
      payload: fields.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: member.cookie },
    });
    assert.equal(created.statusCode, 201);
    const secret = /data-testid="new-token"[^>]*>(tqa_[^<]+)</.exec(created.body)?.[1];
    const [token] = (await member.inject({ url: '/api/v1/me/tokens' })).json().items;
    assert.deepEqual(token.scopes, ['read', 'money']);
    assert.equal(Date.parse(token.expiresAt) - Date.parse(token.createdAt), 30 * 86_400_000);
    await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${secret}` } });

    for (const [lang, words] of [
      ['en', ['Read · Move money', 'Last used']],
      ['zh-CN', ['读取 · 动用资金', '最近使用']],
    ] as const) {
      const page = await app.inject({ url: `/settings?lang=${lang}`, headers: { cookie: member.cookie } });
      for (const word of words) assert.ok(page.body.includes(word), `${lang}: ${word}`);
      const row = /data-testid="token-list".*?<\/table>/s.exec(page.body)?.[0] ?? '';
      assert.equal(row.match(/<time /g)?.length, 3, 'created, expires and last used');
    }
  });

  test('a wrong current password is shown beside the field', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    const { csrf } = await openForm(app, '/settings', member.cookie);
    const response = await post(app, '/settings/password', member.cookie, {
      _csrf: csrf,
      currentPassword: 'wrong one',
      newPassword: 'another long one',
    });
    assert.equal(response.statusCode, 422);
    assert.match(response.body, /data-field-error="currentPassword"/);
  });
});

describe('profiles', () => {
  test('a member page shows the name escaped; an unknown member is a 404 page', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    await member.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      payload: { displayName: '<img src=x onerror=alert(1)>' },
    });
    const page = await app.inject({ url: `/users/${member.userId}` });
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes('<img src=x'));
    assert.match(page.body, /<h1[^>]*>&lt;img src=x onerror=alert\(1\)>/);
    const missing = await app.inject({ url: '/users/424242' });
    assert.equal(missing.statusCode, 404);
    assert.match(missing.body, /No such user\./);
  });
});
