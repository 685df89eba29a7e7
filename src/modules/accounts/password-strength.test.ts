import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPasswordStrength, personalWordsOf } from './password-strength.js';

const alice = personalWordsOf({
  username: 'alice_w',
  email: 'alice.wong@example.com',
  displayName: 'Alice Wong',
});

test('the most common passwords are refused as too common', () => {
  for (const password of ['password', '12345678', 'iloveyou', 'qwertyuiop', 'passw0rd', 'P@ssw0rd123']) {
    assert.equal(checkPasswordStrength(password, alice)?.code, 'password.too_common', password);
  }
});

test('repeats and sequences are refused as predictable', () => {
  for (const password of ['        ', 'aaaaaaaa', 'abcdefghij', 'hunter2hunter2'.slice(0, 7).repeat(2)]) {
    assert.ok(checkPasswordStrength(password, alice), JSON.stringify(password));
  }
  assert.equal(checkPasswordStrength('        ', alice)?.code, 'password.predictable');
  assert.equal(checkPasswordStrength('zzzzzzzzzz', alice)?.code, 'password.predictable');
});

test('a password built from the name or e-mail is refused as personal', () => {
  for (const password of [
    'alice_w2024',
    'alice.wong@example.com',
    'alicewong1',
    'Alice Wong!',
    'techqa2024',
  ]) {
    assert.equal(checkPasswordStrength(password, alice)?.code, 'password.contains_personal', password);
  }
});

test('passphrases and random strings pass, with or without the name elsewhere', () => {
  for (const password of [
    'correct horse battery staple',
    'a brand new passphrase',
    'Tr0ub4dor&3x',
    '密码很长很长的密码',
    'k8#Vq!2zPw',
  ]) {
    assert.equal(checkPasswordStrength(password, alice), undefined, password);
  }
});

test('personal words: names of 3+ characters, the e-mail and its parts, the site', () => {
  assert.deepEqual(personalWordsOf({ username: 'Bo', email: 'bo.li+qa@mail.cn' }).sort(), [
    'bo.li+qa@mail.cn',
    'mail',
    'techqa',
  ]);
});
