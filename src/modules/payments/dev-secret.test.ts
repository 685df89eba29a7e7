import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestDatabase } from '../../../test/db.js';
import { TEST_DEV_GATEWAY_SECRET } from '../../../test/helpers.js';
import { loadConfig } from '../../config.js';
import { offeredGateways } from './gateways/index.js';
import { withDevSecret } from './index.js';

const now = new Date('2026-12-07T12:00:00Z');

test('no public default: without PAYMENTS_DEV_SECRET the config has no dev secret and offers no dev cashier', () => {
  const config = loadConfig({});
  assert.equal(config.payments.dev.secret, undefined);
  assert.ok(!offeredGateways(config).some((gateway) => gateway.name === 'dev'));
});

test('each database makes its own secret on first start and keeps it; every process on it agrees', async (t) => {
  const [first, second] = [await createTestDatabase(), await createTestDatabase()];
  t.after(async () => {
    await first.close();
    await second.close();
  });
  const config = loadConfig({});
  // Several processes starting at once on one database.
  const started = await Promise.all(Array.from({ length: 5 }, () => withDevSecret(config, first.db, now)));
  const secret = started[0]?.payments.dev.secret ?? '';
  assert.ok(secret.length >= 32);
  assert.notEqual(secret, TEST_DEV_GATEWAY_SECRET);
  for (const each of started) assert.equal(each.payments.dev.secret, secret);
  assert.ok(Object.isFrozen(started[0]?.payments.dev));
  assert.ok(offeredGateways(started[0] ?? config).some((gateway) => gateway.name === 'dev'));

  const restarted = await withDevSecret(loadConfig({}), first.db, new Date(now.getTime() + 86_400_000));
  assert.equal(restarted.payments.dev.secret, secret, 'the same after a restart');
  const elsewhere = await withDevSecret(config, second.db, now);
  assert.notEqual(elsewhere.payments.dev.secret, secret, 'another database, another secret');
  assert.equal((await first.db.selectFrom('app_secrets').selectAll().execute()).length, 1);
});

test('a configured secret wins, and nothing is written; with the dev cashier off nothing is made', async (t) => {
  const database = await createTestDatabase();
  t.after(() => database.close());
  const configured = loadConfig({ PAYMENTS_DEV_SECRET: 'a-configured-secret-value' });
  assert.equal(
    (await withDevSecret(configured, database.db, now)).payments.dev.secret,
    'a-configured-secret-value',
  );
  const off = loadConfig({ PAYMENTS_GATEWAYS: 'stripe' });
  assert.equal((await withDevSecret(off, database.db, now)).payments.dev.secret, undefined);
  assert.equal((await database.db.selectFrom('app_secrets').selectAll().execute()).length, 0);
});
