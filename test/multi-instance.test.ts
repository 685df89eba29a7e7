// DESIGN.md, "Scale-out": nothing another instance needs may live in process memory. Two app
// instances on one database must agree on sessions, CSRF tokens, access tokens and rate limits.
import assert from 'node:assert/strict';
import { describe, type TestContext, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase } from './db.js';
import { buildTestApp, registerMember } from './helpers.js';

const password = 'correct horse battery staple';

/**
 * Apps A and B, each with its own `Database` handle, on one database. With DATABASE_URL they are
 * two pg pools, as two processes would have. PGlite allows one handle per database (and one process
 * per data dir), so there both apps share the same `Database`: the test still proves that nothing
 * is kept in either app's memory, only not across connections.
 */
async function twoInstances(
  t: TestContext,
  env: Record<string, string> = {},
): Promise<{ a: FastifyInstance; b: FastifyInstance }> {
  const database = await createTestDatabase();
  const other = await database.openAnother();
  const a = await buildTestApp(t, env, { database });
  const b = await buildTestApp(t, env, { database: other });
  if (process.env.DATABASE_URL) assert.notEqual(a.database.db, b.database.db, 'two pools');
  return { a: a.app, b: b.app };
}

describe('two app instances on one database', () => {
  test('a session started on A works on B, with the CSRF token A issued; logout on B ends it on A', async (t) => {
    const { a, b } = await twoInstances(t);
    const member = await registerMember(a);
    const asMember = { cookie: member.cookie, 'x-csrf-token': member.csrfToken };

    const me = await b.inject({ url: '/api/v1/me', headers: { cookie: member.cookie } });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().user.id, member.userId);

    const forged = await b.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { cookie: member.cookie },
      payload: { displayName: 'Forged' },
    });
    assert.equal(forged.statusCode, 403, 'B enforces CSRF too');
    assert.equal(forged.json().error.code, 'auth.csrf_invalid');

    const renamed = await b.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: asMember,
      payload: { displayName: 'Renamed on B' },
    });
    assert.equal(renamed.statusCode, 200);
    const seenOnA = await a.inject({ url: '/api/v1/me', headers: { cookie: member.cookie } });
    assert.equal(seenOnA.json().user.displayName, 'Renamed on B');

    const logout = await b.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: asMember });
    assert.equal(logout.statusCode, 204);
    const afterLogout = await a.inject({ url: '/api/v1/me', headers: { cookie: member.cookie } });
    assert.equal(afterLogout.statusCode, 401);
    assert.equal(afterLogout.json().error.code, 'auth.required');
  });

  test('a personal access token created on A works on B, and revoking it on B ends it on A', async (t) => {
    const { a, b } = await twoInstances(t);
    const member = await registerMember(a);
    const created = await member.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      payload: { name: 'ci' },
    });
    assert.equal(created.statusCode, 201);
    const { id, token } = created.json() as { id: number; token: string };
    const bearer = { authorization: `Bearer ${token}` };

    const me = await b.inject({ url: '/api/v1/me', headers: bearer });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().user.id, member.userId);

    const revoked = await b.inject({ method: 'DELETE', url: `/api/v1/me/tokens/${id}`, headers: bearer });
    assert.equal(revoked.statusCode, 204);
    assert.equal((await a.inject({ url: '/api/v1/me', headers: bearer })).statusCode, 401);
  });

  test('login attempts against one account are counted across instances', async (t) => {
    // An hour-long window, so the fixed window cannot roll over in the middle of the test.
    const { a, b } = await twoInstances(t, { RATE_LIMIT_LOGIN_ACCOUNT: '3/3600' });
    const member = await registerMember(a);
    const attempt = (app: FastifyInstance, guess: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { login: member.username, password: guess },
      });

    assert.equal((await attempt(a, 'wrong guess 1')).statusCode, 401);
    assert.equal((await attempt(b, 'wrong guess 2')).statusCode, 401);
    assert.equal((await attempt(a, 'wrong guess 3')).statusCode, 401);
    const limited = await attempt(b, 'wrong guess 4');
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json().error.code, 'rate.limited');
    assert.equal((await attempt(a, password)).statusCode, 429, 'A sees the limit B hit');
  });
});
