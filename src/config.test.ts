import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

test('defaults serve the embedded database on 127.0.0.1:3000', () => {
  const config = loadConfig({});
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.port, 3000);
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.dataDir, './data');
  assert.equal(config.testClock, false);
  assert.deepEqual(config.rateLimit.loginPerAccount, { max: 10, windowSeconds: 900 });
});

test('the result is frozen all the way down', () => {
  const config = loadConfig({});
  assert.ok(Object.isFrozen(config));
  assert.ok(Object.isFrozen(config.rateLimit.loginPerIp));
  assert.throws(() => {
    (config as { port: number }).port = 1;
  }, TypeError);
});

test('reads every setting', () => {
  const config = loadConfig({
    HOST: '0.0.0.0',
    PORT: '8080',
    DATABASE_URL: 'postgres://u@db:5432/techqa',
    TRUST_PROXY: 'yes',
    RATE_LIMIT_LOGIN_IP: '1000/60',
    SESSION_IDLE_MINUTES: '30',
    REDIS_URL: 'redis://127.0.0.1:6379',
    TEST_CLOCK: '1',
  });
  assert.equal(config.port, 8080);
  assert.equal(config.databaseUrl, 'postgres://u@db:5432/techqa');
  assert.equal(config.trustProxy, true);
  assert.deepEqual(config.rateLimit.loginPerIp, { max: 1000, windowSeconds: 60 });
  assert.equal(config.session.idleMinutes, 30);
  assert.equal(config.redisUrl, 'redis://127.0.0.1:6379');
  assert.equal(config.testClock, true);
});

test('the test clock is never on in production', () => {
  assert.equal(loadConfig({ TEST_CLOCK: '1', NODE_ENV: 'production' }).testClock, false);
});

test('bad values throw a ConfigError naming the variable', () => {
  const bad: Record<string, string> = {
    PORT: 'eighty',
    DATABASE_URL: 'mysql://x',
    TRUST_PROXY: 'maybe',
    RATE_LIMIT_LOGIN_IP: '10 per minute',
    NODE_ENV: 'staging',
    LOG_LEVEL: 'loud',
    SESSION_IDLE_MINUTES: '0',
    BOUNTY_MIN_REPUTATION: '-1',
    REPUTATION_PRIVILEGES: '{"upvote": -1}',
    REPUTATION_NEW_SITE_FACTOR: '1.5',
    EXPERT_ANSWER_HOURS: '169',
    UNLOCK_ASKER_SHARE_BP: '10001',
  };
  for (const [name, value] of Object.entries(bad)) {
    assert.throws(
      () => loadConfig({ [name]: value }),
      (error: unknown) => error instanceof ConfigError && error.message.includes(name),
      name,
    );
  }
});

test('bounty and expert settings: defaults, overrides, and bounds that must not cross', () => {
  const defaults = loadConfig({});
  assert.deepEqual(defaults.bounties, { minMinor: 500, maxMinor: 1_000_000 });
  assert.equal(defaults.experts.defaultAnswerHours, 48);
  assert.equal(defaults.experts.unlockPriceMinor, 100);
  assert.equal(defaults.experts.unlockAskerShareBp, 5000);
  const set = loadConfig({
    BOUNTY_MIN_REPUTATION: '0',
    UNLOCK_PRICE_MINOR: '200',
    EXPERT_ANSWER_HOURS: '24',
  });
  // The retired BOUNTY_MIN_REPUTATION still sets the offer_bounty privilege, unless that is named.
  assert.deepEqual(set.reputation.privileges, { offer_bounty: 0 });
  assert.deepEqual(
    loadConfig({ BOUNTY_MIN_REPUTATION: '0', REPUTATION_PRIVILEGES: '{"offer_bounty": 100}' }).reputation
      .privileges,
    { offer_bounty: 100 },
  );
  assert.equal(set.experts.unlockPriceMinor, 200);
  assert.equal(set.experts.defaultAnswerHours, 24);
  assert.throws(() => loadConfig({ BOUNTY_MIN_MINOR: '1000', BOUNTY_MAX_MINOR: '999' }), /BOUNTY_MAX_MINOR/);
  assert.throws(
    () => loadConfig({ EXPERT_PRICE_MIN_MINOR: '1000', EXPERT_PRICE_MAX_MINOR: '10' }),
    /EXPERT_PRICE_MAX_MINOR/,
  );
});

test('the cheap password hash cost is the default in tests and refused anywhere else', () => {
  assert.equal(loadConfig({ NODE_ENV: 'test' }).passwordHashCost, 'test');
  assert.equal(loadConfig({ NODE_ENV: 'test', PASSWORD_HASH_COST: 'standard' }).passwordHashCost, 'standard');
  assert.equal(loadConfig({}).passwordHashCost, 'standard');
  assert.equal(
    loadConfig({ NODE_ENV: 'production', PAYMENTS_GATEWAYS: 'alipay' }).passwordHashCost,
    'standard',
  );
  for (const NODE_ENV of ['development', 'production']) {
    assert.throws(
      () => loadConfig({ NODE_ENV, PASSWORD_HASH_COST: 'test', PAYMENTS_GATEWAYS: 'alipay' }),
      (error: unknown) => error instanceof ConfigError && error.message.includes('PASSWORD_HASH_COST'),
    );
  }
});

test('privilege settings: none by default, overrides by name and a new site factor', () => {
  const defaults = loadConfig({});
  assert.deepEqual(defaults.reputation.privileges, {});
  assert.equal(defaults.reputation.newSiteFactor, 1);
  const set = loadConfig({
    REPUTATION_PRIVILEGES: '{"create_tags": 300}',
    REPUTATION_NEW_SITE_FACTOR: '0.1',
  });
  assert.deepEqual(set.reputation.privileges, { create_tags: 300 });
  assert.equal(set.reputation.newSiteFactor, 0.1);
  for (const bad of ['0', '-0.5', 'half', '1.01'])
    assert.throws(() => loadConfig({ REPUTATION_NEW_SITE_FACTOR: bad }), /REPUTATION_NEW_SITE_FACTOR/);
});
