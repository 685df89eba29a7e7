import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkTimeZone, defaultTimeZone, knownTimeZones, pickTimeZone } from './time-zone.js';

describe('checkTimeZone', () => {
  test('knows IANA names, fixing only their case', () => {
    assert.deepEqual(checkTimeZone('Asia/Shanghai'), { name: 'Asia/Shanghai', id: 'Asia/Shanghai' });
    assert.deepEqual(checkTimeZone(' asia/shanghai '), { name: 'Asia/Shanghai', id: 'Asia/Shanghai' });
    assert.equal(checkTimeZone('America/New_York')?.name, 'America/New_York');
    assert.equal(checkTimeZone('America/Argentina/Buenos_Aires')?.name, 'America/Argentina/Buenos_Aires');
    assert.equal(checkTimeZone('UTC')?.id, 'UTC');
    assert.equal(checkTimeZone('Etc/GMT-8')?.name, 'Etc/GMT-8');
  });

  test('an alias keeps the name the member chose; its id is whatever Intl calls it', () => {
    const kolkata = checkTimeZone('Asia/Kolkata');
    assert.equal(kolkata?.name, 'Asia/Kolkata');
    assert.ok(kolkata && ['Asia/Kolkata', 'Asia/Calcutta'].includes(kolkata.id), kolkata?.id);
    assert.equal(checkTimeZone('Asia/Calcutta')?.id, kolkata.id, 'one zone, one id (one cache entry)');
  });

  test('refuses what Intl does not know, and anything not shaped like a zone name', () => {
    for (const bad of [
      '',
      '   ',
      'Mars/Olympus_Mons',
      'Asia/Shanghai2',
      '+08:00',
      'UTC+8',
      'Asia/Shanghai; path=/',
      '../../etc/passwd',
      'Asia/<script>',
      'A'.repeat(65),
      'Asia\u0000/Shanghai',
      null,
      undefined,
    ]) {
      assert.equal(checkTimeZone(bad), undefined, JSON.stringify(bad));
    }
  });
});

describe('pickTimeZone', () => {
  test('the member’s setting, then the browser’s cookie, then the language’s default', () => {
    assert.equal(pickTimeZone({ locale: 'zh-CN' }), 'Asia/Shanghai');
    assert.equal(pickTimeZone({ locale: 'en' }), 'UTC');
    assert.equal(pickTimeZone({ locale: 'zh-CN', cookie: 'America/New_York' }), 'America/New_York');
    assert.equal(
      pickTimeZone({ locale: 'en', cookie: 'America/New_York', setting: 'Europe/Berlin' }),
      'Europe/Berlin',
    );
    assert.equal(pickTimeZone({ locale: 'en', setting: null, cookie: 'Asia/Tokyo' }), 'Asia/Tokyo');
  });

  test('a tampered cookie (or a stale setting) is passed over, never trusted', () => {
    for (const cookie of ['Nowhere/Atlantis', '"><script>alert(1)</script>', 'x'.repeat(5000), '']) {
      assert.equal(pickTimeZone({ locale: 'zh-CN', cookie }), 'Asia/Shanghai');
      assert.equal(pickTimeZone({ locale: 'en', cookie }), 'UTC');
    }
    assert.equal(pickTimeZone({ locale: 'en', setting: 'Gone/Zone', cookie: 'Asia/Tokyo' }), 'Asia/Tokyo');
  });

  test('the defaults are real zones, and the suggestions list holds them', () => {
    assert.equal(checkTimeZone(defaultTimeZone('zh-CN'))?.id, 'Asia/Shanghai');
    assert.equal(checkTimeZone(defaultTimeZone('en'))?.id, 'UTC');
    assert.ok(knownTimeZones().includes('Asia/Shanghai'));
    assert.ok(knownTimeZones().includes('UTC'));
  });
});
