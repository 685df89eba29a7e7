import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashPassword, verifyPassword } from './password.js';

test('a standard hash is argon2id at OWASP baseline cost and verifies', async () => {
  const stored = await hashPassword('correct horse battery staple', 'standard');
  assert.match(stored, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  assert.equal(await verifyPassword(stored, 'correct horse battery staple', 'standard'), true);
  assert.equal(await verifyPassword(stored, 'correct horse battery stable', 'standard'), false);
});

test('the test cost is far cheaper and still verifies; the cost travels in the hash', async () => {
  const stored = await hashPassword('correct horse battery staple', 'test');
  assert.match(stored, /^\$argon2id\$v=19\$m=64,t=1,p=1\$/);
  assert.equal(await verifyPassword(stored, 'correct horse battery staple', 'test'), true);
  // A hash made at one cost verifies under either setting: a member keeps signing in when it changes.
  assert.equal(await verifyPassword(stored, 'correct horse battery staple', 'standard'), true);
});

test('an unknown account and a garbled hash are refused, not thrown', async () => {
  assert.equal(await verifyPassword(undefined, 'anything', 'test'), false);
  assert.equal(await verifyPassword('not-a-hash', 'anything', 'test'), false);
});
