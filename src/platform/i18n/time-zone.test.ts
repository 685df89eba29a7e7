import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkTimeZone,
  defaultTimeZone,
  knownTimeZones,
  nextDay,
  pickTimeZone,
  startOfDayIn,
} from './time-zone.js';

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

  test('a refused name stays refused when asked again (remembered), and valid names stay valid', () => {
    for (let round = 0; round < 3; round++) {
      assert.equal(checkTimeZone('Mars/Olympus_Mons'), undefined);
      assert.equal(checkTimeZone(' Mars/Olympus_Mons '), undefined);
      assert.equal(checkTimeZone('Asia/Shanghai')?.id, 'Asia/Shanghai');
      assert.equal(checkTimeZone('asia/shanghai')?.name, 'Asia/Shanghai');
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

describe('startOfDayIn', () => {
  const start = (day: string, zone: string) => startOfDayIn(day, zone)?.toISOString();

  test('midnight in the zone, as a UTC instant', () => {
    assert.equal(start('2026-12-08', 'UTC'), '2026-12-08T00:00:00.000Z');
    assert.equal(start('2026-12-08', 'Asia/Shanghai'), '2026-12-07T16:00:00.000Z');
    assert.equal(start('2026-12-08', 'Asia/Kolkata'), '2026-12-07T18:30:00.000Z');
    assert.equal(start('2026-12-08', 'America/New_York'), '2026-12-08T05:00:00.000Z');
    assert.equal(start('2026-07-01', 'America/New_York'), '2026-07-01T04:00:00.000Z');
  });

  test('days across daylight saving are 23 and 25 hours long', () => {
    const hours = (day: string, zone: string) =>
      ((startOfDayIn(nextDay(day), zone)?.getTime() ?? 0) - (startOfDayIn(day, zone)?.getTime() ?? 0)) /
      3.6e6;
    assert.equal(hours('2026-03-08', 'America/New_York'), 23);
    assert.equal(hours('2026-11-01', 'America/New_York'), 25);
    assert.equal(hours('2026-11-01', 'Asia/Kolkata'), 24);
  });

  test('a day whose midnight does not exist starts when its clocks do', () => {
    // Chile: 2026-09-05 24:00 becomes 2026-09-06 01:00 (-04 to -03).
    assert.equal(start('2026-09-06', 'America/Santiago'), '2026-09-06T04:00:00.000Z');
    assert.equal(start('2026-09-05', 'America/Santiago'), '2026-09-05T04:00:00.000Z');
  });

  test('refuses what is not a real date; nextDay crosses months and years', () => {
    assert.equal(startOfDayIn('2026-02-31', 'UTC'), undefined);
    assert.equal(startOfDayIn('2026-2-3', 'UTC'), undefined);
    assert.equal(nextDay('2026-02-28'), '2026-03-01');
    assert.equal(nextDay('2026-12-31'), '2027-01-01');
  });
});
