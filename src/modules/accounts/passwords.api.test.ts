import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, cookiesOf, csrfFieldOf, form, registerMember } from '../../../test/helpers.js';
import { translate } from '../../platform/i18n/index.js';

test('sign-up refuses "password", "12345678", eight spaces and the e-mail, saying why; nothing is written', async (t) => {
  const { app, database } = await buildTestApp(t);
  const cases = [
    ['password', 'password.too_common'],
    ['12345678', 'password.too_common'],
    ['        ', 'password.predictable'],
    ['grace_h@example.org', 'password.contains_personal'],
    ['grace_h1906', 'password.contains_personal'],
  ] as const;
  for (const [password, code] of cases) {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { username: 'grace_h', email: 'grace_h@example.org', password },
    });
    assert.equal(response.statusCode, 422, password);
    assert.equal(response.json().error.code, 'request.invalid');
    // The envelope carries each field's message: the catalogue text of the reason's code.
    assert.equal(response.json().error.fields.password, translate('en', code), password);
  }
  assert.equal((await database.db.selectFrom('users').select('id').execute()).length, 0);
});

test('a password change refuses a common or personal new password with the reason, and keeps the old one', async (t) => {
  const { app } = await buildTestApp(t);
  const member = await registerMember(app);
  for (const [newPassword, code] of <const>[
    ['12345678', 'password.too_common'],
    [`${member.username}!!`, 'password.contains_personal'],
  ]) {
    const response = await member.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      payload: { currentPassword: 'correct horse battery staple', newPassword },
    });
    assert.equal(response.statusCode, 422, newPassword);
    assert.equal(response.json().error.fields.newPassword, translate('en', code), newPassword);
  }
  const login = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { login: member.username, password: 'correct horse battery staple' },
  });
  assert.equal(login.statusCode, 200);
});

test('the sign-up page says why beside the field, in both languages', async (t) => {
  const { app } = await buildTestApp(t);
  for (const [lang, reason] of [
    ['en', 'one of the most common passwords'],
    ['zh-CN', '最常见的密码之一'],
  ] as const) {
    const page = await app.inject({ url: `/register?lang=${lang}` });
    const body = form({
      _csrf: csrfFieldOf(page.body),
      username: `reader_${lang === 'en' ? 'en' : 'zh'}`,
      email: `reader_${lang}@example.com`,
      password: 'password',
    });
    const response = await app.inject({
      method: 'POST',
      url: `/register?lang=${lang}`,
      payload: body.payload,
      headers: { ...body.headers, cookie: cookiesOf(page) },
    });
    assert.equal(response.statusCode, 422, lang);
    assert.match(response.body, /data-field-error="password"/);
    assert.ok(response.body.includes(reason), `${lang}: ${reason}`);
  }
});
