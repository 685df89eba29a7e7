import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkDisplayName,
  checkEmail,
  checkPassword,
  checkRegistration,
  checkTimeZoneSetting,
  checkTokenName,
  checkUsername,
  emailKey,
  normalizeDisplayName,
  usernameKey,
} from './accounts.rules.js';

describe('checkUsername', () => {
  for (const ok of ['ada', 'ada_lovelace', 'a.b-c', '张三', 'dev张三_01', 'Ünïcödé', 'مرحبا', '123abc']) {
    test(`accepts ${ok}`, () => assert.equal(checkUsername(ok), undefined));
  }

  const refused: Array<[string, string]> = [
    ['', 'validation.required'],
    ['   ', 'validation.required'],
    ['a', 'validation.too_short'],
    ['a'.repeat(31), 'validation.too_long'],
    // Other control and bidi characters are refused at the edge, before this rule
    // (accounts.api.test.ts); the tab and line breaks a body may hold, a username may not.
    ['ada\nx', 'validation.control_chars'],
    ['ada\tx', 'validation.control_chars'],
    ['ada\r\nx', 'validation.control_chars'],
    ['_ada', 'validation.username_chars'],
    ['ada lovelace', 'validation.username_chars'],
    ['ada😀', 'validation.username_chars'],
    ['<script>', 'validation.username_chars'],
    ["ada';--", 'validation.username_chars'],
  ];
  for (const [value, code] of refused) {
    test(`refuses ${JSON.stringify(value)} with ${code}`, () =>
      assert.equal(checkUsername(value)?.code, code));
  }

  test('counts characters, not UTF-16 units: 30 CJK characters fit', () => {
    assert.equal(checkUsername('汉'.repeat(30)), undefined);
    assert.equal(checkUsername('汉'.repeat(31))?.code, 'validation.too_long');
  });

  test('full-width and case variants share one key', () => {
    assert.equal(usernameKey('Ｊｏｈｎ'), usernameKey('john'));
    assert.equal(usernameKey('ADA'), 'ada');
  });
});

describe('checkDisplayName', () => {
  test('allows emoji and mixed scripts, folds whitespace', () => {
    assert.equal(checkDisplayName('Ada 😀 张三'), undefined);
    assert.equal(normalizeDisplayName('  Ada \t  Lovelace '), 'Ada Lovelace');
  });
  test('refuses empty and over-long names (control characters and bidi overrides: at the edge)', () => {
    assert.equal(checkDisplayName('  ')?.code, 'validation.required');
    assert.equal(checkDisplayName('x'.repeat(51))?.code, 'validation.too_long');
  });
});

describe('checkTimeZoneSetting', () => {
  test('empty or null clears the setting; a known zone is kept as named', () => {
    assert.deepEqual(checkTimeZoneSetting(null), { ok: true, value: null });
    assert.deepEqual(checkTimeZoneSetting('  '), { ok: true, value: null });
    assert.deepEqual(checkTimeZoneSetting('europe/berlin'), { ok: true, value: 'Europe/Berlin' });
    assert.deepEqual(checkTimeZoneSetting('Asia/Kolkata'), { ok: true, value: 'Asia/Kolkata' });
  });

  test('an unknown zone is user.time_zone_unknown on the field', () => {
    for (const bad of ['Mars/Olympus_Mons', 'UTC+8', '<b>', 'Asia/Shang hai']) {
      assert.deepEqual(
        checkTimeZoneSetting(bad),
        { ok: false, fields: { timeZone: { code: 'user.time_zone_unknown' } } },
        bad,
      );
    }
  });
});

describe('checkEmail', () => {
  test('accepts ordinary and internationalised addresses', () => {
    assert.equal(checkEmail('ada@example.com'), undefined);
    assert.equal(checkEmail('用户@例子.中国'), undefined);
  });
  for (const bad of ['ada', 'ada@', '@example.com', 'ada@example', 'a b@example.com', 'ada@@example.com']) {
    test(`refuses ${bad}`, () => assert.equal(checkEmail(bad)?.code, 'validation.email'));
  }
  test('refuses line breaks (other control characters: at the edge) and over-long addresses', () => {
    assert.equal(checkEmail('ada\n@example.com')?.code, 'validation.control_chars');
    assert.equal(checkEmail(`${'a'.repeat(250)}@example.com`)?.code, 'validation.too_long');
  });
  test('keys are case-insensitive', () => assert.equal(emailKey(' Ada@Example.COM '), 'ada@example.com'));
});

describe('checkPassword', () => {
  test('takes passwords as typed, spaces and all', () => {
    assert.equal(checkPassword('  correct horse  '), undefined);
    assert.equal(checkPassword('长江黄河泰山日落'), undefined);
  });
  test('refuses short, long, tabs and line breaks, and the username itself', () => {
    assert.equal(checkPassword('')?.code, 'validation.required');
    assert.equal(checkPassword('short')?.code, 'validation.too_short');
    assert.equal(checkPassword('x'.repeat(201))?.code, 'validation.too_long');
    assert.equal(checkPassword('abcdefgh\t')?.code, 'validation.control_chars');
    assert.equal(checkPassword('abcd\nefgh')?.code, 'validation.control_chars');
    assert.equal(
      checkPassword('AdaLovelace', { username: 'adalovelace' })?.code,
      'validation.password_same_as_username',
    );
  });
  test('refuses, with the reason, "password", "12345678", eight spaces and one built from the name or e-mail', () => {
    assert.equal(checkPassword('password')?.code, 'password.too_common');
    assert.equal(checkPassword('12345678')?.code, 'password.too_common');
    assert.equal(checkPassword('        ')?.code, 'password.predictable');
    assert.equal(checkPassword('密码密码密码密码')?.code, 'password.predictable');
    const ada = { username: 'ada_l', email: 'lovelace@example.com' };
    assert.equal(checkPassword('ada_l2024!', ada)?.code, 'password.contains_personal');
    assert.equal(checkPassword('lovelace1815', ada)?.code, 'password.contains_personal');
    assert.equal(checkPassword('correct horse battery staple', ada), undefined);
  });
});

test('checkTokenName trims and bounds names', () => {
  assert.equal(checkTokenName(' ci '), undefined);
  assert.equal(checkTokenName('   ')?.code, 'validation.required');
  assert.equal(checkTokenName('x'.repeat(61))?.code, 'validation.too_long');
});

test('checkRegistration reports every field at once and normalises what passes', () => {
  const refused = checkRegistration({ username: 'x', email: 'nope', password: '1' });
  assert.equal(refused.ok, false);
  assert.deepEqual(Object.keys(refused.ok ? {} : refused.fields).sort(), ['email', 'password', 'username']);

  const accepted = checkRegistration({
    username: ' Ｄｅｖ张三 ',
    email: ' a@b.co ',
    password: 'long enough',
  });
  assert.ok(accepted.ok);
  assert.deepEqual(accepted.value, {
    username: 'Dev张三',
    email: 'a@b.co',
    password: 'long enough',
    displayName: 'Dev张三',
  });
});
