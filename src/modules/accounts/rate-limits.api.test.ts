import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, registerMember } from '../../../test/helpers.js';

const PASSWORD = 'correct horse battery staple';

type App = Awaited<ReturnType<typeof buildTestApp>>['app'];

function signIn(app: App, login: string, password: string, ip = '127.0.0.1') {
  return app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: ip,
    payload: { login, password },
  });
}

test('wrong passwords from elsewhere do not lock the owner out', async (t) => {
  const { app, database } = await buildTestApp(t, {
    RATE_LIMIT_LOGIN_ACCOUNT: '3/900',
    RATE_LIMIT_LOGIN_IP: '100/900',
  });
  const member = await registerMember(app);
  for (let i = 0; i < 3; i++) {
    assert.equal((await signIn(app, member.username, `wrong guess ${i}`, '10.0.0.1')).statusCode, 401);
  }
  const limited = await signIn(app, member.username, 'wrong guess 4', '10.0.0.1');
  assert.equal(limited.statusCode, 429);
  assert.equal(limited.json().error.code, 'rate.limited');
  assert.ok(Number(limited.headers['retry-after']) >= 1);
  // The guesser is stopped even with the right password; the owner elsewhere is not.
  assert.equal((await signIn(app, member.username, PASSWORD, '10.0.0.1')).statusCode, 429);
  assert.equal((await signIn(app, member.username, PASSWORD, '10.0.0.9')).statusCode, 200);

  const counters = await database.db.selectFrom('rate_limit_counters').selectAll().execute();
  assert.ok(
    counters.some((c) => c.key.startsWith('login:account:')),
    'counted in the shared database, not in memory',
  );
});

test('successful sign-ins are never counted', async (t) => {
  const { app } = await buildTestApp(t, { RATE_LIMIT_LOGIN_ACCOUNT: '3/900', RATE_LIMIT_LOGIN_IP: '3/900' });
  const member = await registerMember(app);
  for (let i = 0; i < 6; i++) assert.equal((await signIn(app, member.username, PASSWORD)).statusCode, 200);
  for (let i = 0; i < 3; i++) assert.equal((await signIn(app, member.username, 'wrong!!!')).statusCode, 401);
  assert.equal((await signIn(app, member.username, PASSWORD)).statusCode, 429);
});

test('past the account-wide limit only clients without a failure may try, until the window ends', async (t) => {
  const { app, clock } = await buildTestApp(t, {
    RATE_LIMIT_LOGIN_ACCOUNT: '3/900',
    RATE_LIMIT_LOGIN_ACCOUNT_TOTAL: '4/900',
    RATE_LIMIT_LOGIN_IP: '100/900',
  });
  const member = await registerMember(app);
  for (const ip of ['10.0.0.1', '10.0.0.1', '10.0.0.2', '10.0.0.2']) {
    assert.equal((await signIn(app, member.username, 'wrong guess', ip)).statusCode, 401);
  }
  assert.equal((await signIn(app, member.username, PASSWORD, '10.0.0.1')).statusCode, 429);
  // A new guesser gets one try, not three.
  assert.equal((await signIn(app, member.username, 'wrong guess', '10.0.0.3')).statusCode, 401);
  assert.equal((await signIn(app, member.username, 'wrong guess', '10.0.0.3')).statusCode, 429);
  // The owner, who has not failed, signs in, and again: a success leaves no mark.
  assert.equal((await signIn(app, member.username, PASSWORD, '10.0.0.9')).statusCode, 200);
  assert.equal((await signIn(app, member.username, PASSWORD, '10.0.0.9')).statusCode, 200);

  clock.advance(901);
  assert.equal((await signIn(app, member.username, PASSWORD, '10.0.0.1')).statusCode, 200);
});

test('login failures from one IP are limited across accounts', async (t) => {
  const { app } = await buildTestApp(t, { RATE_LIMIT_LOGIN_IP: '2/60' });
  assert.equal((await signIn(app, 'a1', 'whatever!')).statusCode, 401);
  assert.equal((await signIn(app, 'a2', 'whatever!')).statusCode, 401);
  assert.equal((await signIn(app, 'a3', 'whatever!')).statusCode, 429);
});

test('guesses at the current password are limited; the right one is not counted', async (t) => {
  const { app } = await buildTestApp(t, { RATE_LIMIT_LOGIN_ACCOUNT: '2/900' });
  const member = await registerMember(app);
  const change = (currentPassword: string, newPassword: string) =>
    member.inject({ method: 'POST', url: '/api/v1/me/password', payload: { currentPassword, newPassword } });
  assert.equal((await change(PASSWORD, 'another long passphrase 1')).statusCode, 204);
  assert.equal((await change('another long passphrase 1', 'another long passphrase 2')).statusCode, 204);
  assert.equal((await change('another long passphrase 2', PASSWORD)).statusCode, 204);
  for (let i = 0; i < 2; i++) {
    const wrong = await change('wrong guess', 'another long passphrase 3');
    assert.equal(wrong.statusCode, 422);
    assert.equal(wrong.json().error.code, 'auth.wrong_password');
  }
  const limited = await change('wrong guess', 'another long passphrase 3');
  assert.equal(limited.statusCode, 429);
  assert.equal(limited.json().error.code, 'rate.limited');
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
