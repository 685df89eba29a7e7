import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildTestApp, registerMember } from '../../../test/helpers.js';

const password = 'correct horse battery staple';

describe('sessions', () => {
  test('GET /api/v1/me answers for a session and 401 auth.required without one', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    const me = await member.inject({ url: '/api/v1/me' });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().user.id, member.userId);
    assert.equal(me.json().user.email, `${member.username}@example.com`);
    const anonymous = await app.inject({ url: '/api/v1/me' });
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.json().error.code, 'auth.required');
    const forged = await app.inject({ url: '/api/v1/me', headers: { cookie: 'tq_session=forged-value' } });
    assert.equal(forged.statusCode, 401);
  });

  test('logout ends the session server-side, so the old cookie stops working', async (t) => {
    const { app, database } = await buildTestApp(t);
    const member = await registerMember(app);
    const logout = await member.inject({ method: 'POST', url: '/api/v1/auth/logout' });
    assert.equal(logout.statusCode, 204);
    const cleared = logout.cookies.find((c) => c.name === 'tq_session');
    assert.equal(cleared?.value, '');
    const replay = await app.inject({ url: '/api/v1/me', headers: { cookie: member.cookie } });
    assert.equal(replay.statusCode, 401);
    const left = await database.db.selectFrom('sessions').selectAll().execute();
    assert.equal(left.length, 0);
  });

  test('cookie-authenticated writes need the CSRF token; nothing changes without it', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    for (const headers of [{ cookie: member.cookie }, { cookie: member.cookie, 'x-csrf-token': 'wrong' }]) {
      const response = await app.inject({
        method: 'PATCH',
        url: '/api/v1/me',
        headers,
        payload: { displayName: 'Changed' },
      });
      assert.equal(response.statusCode, 403);
      assert.equal(response.json().error.code, 'auth.csrf_invalid');
    }
    const logout = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: member.cookie },
    });
    assert.equal(logout.statusCode, 403, 'a forged logout is refused too');
    const me = await member.inject({ url: '/api/v1/me' });
    assert.equal(me.json().user.displayName, member.username);

    const ok = await member.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      payload: { displayName: '  Grace   Hopper ' },
    });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json().user.displayName, 'Grace Hopper');
  });

  test('a session idle for longer than allowed expires', async (t) => {
    const { app, clock } = await buildTestApp(t, { SESSION_IDLE_MINUTES: '30' });
    const member = await registerMember(app);
    clock.advance(29 * 60);
    assert.equal((await member.inject({ url: '/api/v1/me' })).statusCode, 200, 'still fresh, and touched');
    clock.advance(29 * 60);
    assert.equal(
      (await member.inject({ url: '/api/v1/me' })).statusCode,
      200,
      'the touch slid the idle window',
    );
    clock.advance(31 * 60);
    assert.equal((await member.inject({ url: '/api/v1/me' })).statusCode, 401);
  });

  test('a session ends at its absolute expiry however active it is', async (t) => {
    const { app, clock } = await buildTestApp(t, {
      SESSION_IDLE_MINUTES: '1440',
      SESSION_ABSOLUTE_DAYS: '2',
    });
    const member = await registerMember(app);
    for (let hour = 0; hour < 47; hour += 12) {
      clock.advance(12 * 3600);
      const status = (await member.inject({ url: '/api/v1/me' })).statusCode;
      assert.equal(status, hour + 12 < 48 ? 200 : 401, `after ${hour + 12} h`);
    }
    clock.advance(12 * 3600);
    assert.equal((await member.inject({ url: '/api/v1/me' })).statusCode, 401);
  });

  test('changing the password ends every other session and needs the current password', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app, { password });
    const other = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: member.username, password },
    });
    const otherCookie = other.cookies.find((c) => c.name === 'tq_session')?.value;

    const wrong = await member.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      payload: { currentPassword: 'not it at all', newPassword: 'a brand new secret' },
    });
    assert.equal(wrong.statusCode, 422);
    assert.equal(wrong.json().error.code, 'auth.wrong_password');
    assert.ok(wrong.json().error.fields.currentPassword);

    const weak = await member.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      payload: { currentPassword: password, newPassword: 'short' },
    });
    assert.equal(weak.statusCode, 422);
    assert.ok(weak.json().error.fields.newPassword);

    const changed = await member.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      payload: { currentPassword: password, newPassword: 'a brand new secret' },
    });
    assert.equal(changed.statusCode, 204);
    assert.equal((await member.inject({ url: '/api/v1/me' })).statusCode, 200, 'this session stays');
    const ended = await app.inject({ url: '/api/v1/me', headers: { cookie: `tq_session=${otherCookie}` } });
    assert.equal(ended.statusCode, 401, 'the other session ended');

    const oldLogin = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: member.username, password },
    });
    assert.equal(oldLogin.statusCode, 401);
    const newLogin = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: member.username, password: 'a brand new secret' },
    });
    assert.equal(newLogin.statusCode, 200);
  });
});

describe('personal access tokens', () => {
  test('are shown once, stored hashed, listed without the secret, and work as Bearer without CSRF', async (t) => {
    const { app, database } = await buildTestApp(t);
    const member = await registerMember(app);
    const created = await member.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      payload: { name: 'ci script' },
    });
    assert.equal(created.statusCode, 201);
    const { id, name, token } = created.json();
    assert.equal(name, 'ci script');
    assert.match(token, /^tqa_[A-Za-z0-9_-]{43}$/);

    const stored = await database.db
      .selectFrom('personal_access_tokens')
      .selectAll()
      .executeTakeFirstOrThrow();
    assert.notEqual(stored.token_hash, token);
    assert.ok(!stored.token_hash.includes(token.slice(4)));

    const list = await member.inject({ url: '/api/v1/me/tokens' });
    assert.equal(list.statusCode, 200);
    assert.deepEqual(Object.keys(list.json()).sort(), ['items', 'page', 'pageSize', 'total']);
    assert.equal(list.json().total, 1);
    assert.deepEqual(Object.keys(list.json().items[0]).sort(), [
      'createdAt',
      'expiresAt',
      'id',
      'lastUsedAt',
      'name',
      'scopes',
    ]);
    assert.equal(list.json().items[0].lastUsedAt, null);

    const bearer = { authorization: `Bearer ${token}` };
    const me = await app.inject({ url: '/api/v1/me', headers: bearer });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().user.id, member.userId);
    const write = await app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: bearer,
      payload: { displayName: 'Bot' },
    });
    assert.equal(write.statusCode, 200, 'no CSRF token needed with a bearer token');

    const used = await member.inject({ url: '/api/v1/me/tokens' });
    assert.ok(used.json().items[0].lastUsedAt);

    const revoke = await member.inject({ method: 'DELETE', url: `/api/v1/me/tokens/${id}` });
    assert.equal(revoke.statusCode, 204);
    const after = await app.inject({ url: '/api/v1/me', headers: bearer });
    assert.equal(after.statusCode, 401);
    assert.equal(after.json().error.code, 'auth.required');
  });

  test('someone else’s token cannot be revoked (404 token.not_found) and keeps working', async (t) => {
    const { app } = await buildTestApp(t);
    const owner = await registerMember(app);
    const other = await registerMember(app);
    const created = (
      await owner.inject({ method: 'POST', url: '/api/v1/me/tokens', payload: { name: 'mine' } })
    ).json();
    const revoke = await other.inject({ method: 'DELETE', url: `/api/v1/me/tokens/${created.id}` });
    assert.equal(revoke.statusCode, 404);
    assert.equal(revoke.json().error.code, 'token.not_found');
    const still = await app.inject({
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${created.token}` },
    });
    assert.equal(still.statusCode, 200);
  });

  test('bad names and bad bearer tokens are refused clearly', async (t) => {
    const { app } = await buildTestApp(t);
    const member = await registerMember(app);
    for (const name of ['', '   ', 'x'.repeat(61), 'tab\there']) {
      const response = await member.inject({ method: 'POST', url: '/api/v1/me/tokens', payload: { name } });
      assert.equal(response.statusCode, 422, JSON.stringify(name));
      assert.ok(response.json().error.fields.name);
    }
    for (const authorization of ['Bearer nope', 'Bearer tqa_forged', 'Basic abc', 'Bearer']) {
      const response = await app.inject({ url: '/api/v1/me', headers: { authorization } });
      assert.equal(response.statusCode, 401, authorization);
    }
    const anonymous = await app.inject({ method: 'POST', url: '/api/v1/me/tokens', payload: { name: 'x' } });
    assert.equal(anonymous.statusCode, 401);
  });
});
