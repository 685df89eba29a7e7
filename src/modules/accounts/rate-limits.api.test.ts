import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, registerMember } from '../../../test/helpers.js';

test('login attempts on one account are limited across IPs, then allowed again after the window', async (t) => {
  const { app, clock, database } = await buildTestApp(t, { RATE_LIMIT_LOGIN_ACCOUNT: '3/60' });
  const member = await registerMember(app);
  const attempt = (ip: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: ip,
      payload: { login: member.username, password: 'wrong guess!' },
    });
  for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) assert.equal((await attempt(ip)).statusCode, 401);
  const limited = await attempt('10.0.0.4');
  assert.equal(limited.statusCode, 429);
  assert.equal(limited.json().error.code, 'rate.limited');
  assert.ok(Number(limited.headers['retry-after']) >= 1);

  const counters = await database.db.selectFrom('rate_limit_counters').selectAll().execute();
  assert.ok(
    counters.some((c) => c.key.startsWith('login:account:')),
    'counted in the shared database, not in memory',
  );

  clock.advance(61);
  const correct = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { login: member.username, password: 'correct horse battery staple' },
  });
  assert.equal(correct.statusCode, 200);
});

test('login attempts from one IP are limited across accounts', async (t) => {
  const { app } = await buildTestApp(t, { RATE_LIMIT_LOGIN_IP: '2/60' });
  const attempt = (login: string) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login, password: 'whatever!' } });
  assert.equal((await attempt('a1')).statusCode, 401);
  assert.equal((await attempt('a2')).statusCode, 401);
  assert.equal((await attempt('a3')).statusCode, 429);
});

test('registrations from one IP are limited', async (t) => {
  const { app, database } = await buildTestApp(t, { RATE_LIMIT_REGISTER_IP: '2/3600' });
  await registerMember(app);
  await registerMember(app);
  const third = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: { username: 'third', email: 'third@example.com', password: 'long enough pw' },
  });
  assert.equal(third.statusCode, 429);
  const users = await database.db.selectFrom('users').select('id').execute();
  assert.equal(users.length, 2);
});
