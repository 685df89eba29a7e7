import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testConfig } from '../../../test/helpers.js';
import { ConfigError, loadConfig } from '../../config.js';
import { offeredGateways } from './gateways/index.js';

test('payments config: defaults, limits, and gateways offered only with credentials', () => {
  const config = testConfig();
  assert.deepEqual(config.payments.gateways, ['dev', 'alipay', 'stripe']);
  assert.equal(config.payments.publicBaseUrl, 'http://127.0.0.1:3000');
  assert.equal(config.payments.topupMinMinor, 100);
  assert.equal(config.payments.orderLifetimeMinutes, 30);
  assert.deepEqual(
    offeredGateways(config).map((gateway) => gateway.name),
    ['dev'],
  );
  const withStripe = testConfig({
    STRIPE_SECRET_KEY: 'sk_test_x',
    STRIPE_WEBHOOK_SECRET: 'whsec_x',
    PUBLIC_BASE_URL: 'https://qa.example.com/',
  });
  assert.deepEqual(
    offeredGateways(withStripe).map((gateway) => gateway.name),
    ['dev', 'stripe'],
  );
  assert.equal(withStripe.payments.publicBaseUrl, 'https://qa.example.com');
  assert.deepEqual(testConfig({ PAYMENTS_GATEWAYS: 'stripe' }).payments.gateways, ['stripe']);
});

test('payments config: bad values stop the start, naming the variable', () => {
  const bad: Array<[Record<string, string>, RegExp]> = [
    [{ PAYMENTS_GATEWAYS: 'dev,paypal' }, /PAYMENTS_GATEWAYS/],
    [{ PUBLIC_BASE_URL: 'ftp://x' }, /PUBLIC_BASE_URL/],
    [{ PAYMENTS_TOPUP_MIN_MINOR: '500', PAYMENTS_TOPUP_MAX_MINOR: '100' }, /PAYMENTS_TOPUP_MAX_MINOR/],
    [{ PAYMENTS_DEV_SECRET: 'short' }, /PAYMENTS_DEV_SECRET/],
    [{ STRIPE_API_HOST: 'not a url' }, /STRIPE_API_HOST/],
  ];
  for (const [env, message] of bad) {
    assert.throws(
      () => testConfig(env),
      (error) => error instanceof ConfigError && message.test(error.message),
    );
  }
  // Production: the dev cashier is off unless asked for, and then it needs its own secret.
  assert.deepEqual(loadConfig({ NODE_ENV: 'production' }).payments.gateways, ['alipay', 'stripe']);
  assert.throws(
    () => loadConfig({ NODE_ENV: 'production', PAYMENTS_GATEWAYS: 'dev' }),
    /PAYMENTS_DEV_SECRET/,
  );
  const production = loadConfig({
    NODE_ENV: 'production',
    PAYMENTS_GATEWAYS: 'dev',
    PAYMENTS_DEV_SECRET: 'a-long-production-secret',
  });
  assert.equal(production.payments.dev.secret, 'a-long-production-secret');
});
