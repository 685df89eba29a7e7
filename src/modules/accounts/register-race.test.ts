// Races that only PostgreSQL runs truly in parallel (set DATABASE_URL); on PGlite the same requests
// are served one transaction at a time, and the outcome must be the same.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, registerMember, sessionCookieOf, uniqueName } from '../../../test/helpers.js';

const password = 'correct horse battery staple';
const racers = 10;

function register(app: FastifyInstance, username: string, email: string) {
  return app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { username, email, password } });
}

describe('concurrent sign-ups and sign-ins', () => {
  test(`${racers} sign-ups for one username: one account, one session, the rest user.username_taken`, async (t) => {
    const { app, database } = await buildTestApp(t);
    const username = uniqueName('race');
    const responses = await Promise.all(
      Array.from({ length: racers }, (_, i) => register(app, username, `${username}.${i}@example.com`)),
    );

    const statuses = responses.map((r) => r.statusCode).sort();
    assert.deepEqual(statuses, [201, ...Array(racers - 1).fill(409)]);
    for (const loser of responses.filter((r) => r.statusCode === 409)) {
      assert.equal(loser.json().error.code, 'user.username_taken');
    }
    const users = await database.db.selectFrom('users').select('id').execute();
    assert.equal(users.length, 1);
    const sessions = await database.db.selectFrom('sessions').select('user_id').execute();
    assert.deepEqual(sessions, [{ user_id: users[0]?.id }]);
  });

  test(`${racers} sign-ups for one e-mail: one account, one session, the rest user.email_taken`, async (t) => {
    const { app, database } = await buildTestApp(t);
    const base = uniqueName('race');
    const email = `${base}@example.com`;
    const responses = await Promise.all(
      Array.from({ length: racers }, (_, i) => register(app, `${base}n${i}`, email)),
    );

    const statuses = responses.map((r) => r.statusCode).sort();
    assert.deepEqual(statuses, [201, ...Array(racers - 1).fill(409)]);
    for (const loser of responses.filter((r) => r.statusCode === 409)) {
      assert.equal(loser.json().error.code, 'user.email_taken');
    }
    const users = await database.db.selectFrom('users').select('id').execute();
    assert.equal(users.length, 1);
    const sessions = await database.db.selectFrom('sessions').select('user_id').execute();
    assert.deepEqual(sessions, [{ user_id: users[0]?.id }]);
  });

  test('20 simultaneous sign-ins of one member each get their own session', async (t) => {
    const { app, database } = await buildTestApp(t);
    const member = await registerMember(app, { password });
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { login: member.username, password },
        }),
      ),
    );

    assert.deepEqual(
      responses.map((r) => r.statusCode),
      Array(20).fill(200),
    );
    const cookies = new Set(responses.map(sessionCookieOf));
    assert.equal(cookies.size, 20);
    assert.ok(!cookies.has(member.cookie));
    const sessions = await database.db
      .selectFrom('sessions')
      .select('id_hash')
      .where('user_id', '=', member.userId)
      .execute();
    assert.equal(sessions.length, 21, 'the sign-up session and twenty more');

    const counter = await database.db
      .selectFrom('rate_limit_counters')
      .select('hits')
      .where('key', '=', `login:account:${member.username}:ip:127.0.0.1`)
      .executeTakeFirstOrThrow();
    assert.equal(counter.hits, 0, 'twenty concurrent successes are each counted, then each taken back');
  });
});
