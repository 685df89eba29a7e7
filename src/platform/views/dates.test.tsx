import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  formatDate,
  fullDateTime,
  instantTitle,
  RelativeTime,
  relativeTime,
  Time,
  utcInstant,
} from './dates.js';

/** Intl puts narrow no-break spaces before AM/PM; the assertions read plain spaces. */
const plain = (text: string) => text.replace(/\s/g, ' ');

const at = new Date('2026-12-07T23:08:45Z');
const en = (timeZone: string) => ({ locale: 'en' as const, timeZone });
const zh = (timeZone: string) => ({ locale: 'zh-CN' as const, timeZone });

describe('dates in the reader’s zone', () => {
  test('one instant, read in Shanghai, UTC, New York and Kolkata (half an hour off)', () => {
    assert.equal(plain(fullDateTime(at, zh('Asia/Shanghai'))), '2026年12月8日 07:08');
    assert.equal(plain(fullDateTime(at, en('Asia/Shanghai'))), 'Dec 8, 2026, 7:08 AM');
    assert.equal(plain(fullDateTime(at, en('UTC'))), 'Dec 7, 2026, 11:08 PM');
    assert.equal(plain(fullDateTime(at, en('America/New_York'))), 'Dec 7, 2026, 6:08 PM');
    assert.equal(plain(fullDateTime(at, en('Asia/Kolkata'))), 'Dec 8, 2026, 4:38 AM');
    assert.equal(plain(fullDateTime(at, zh('Asia/Kolkata'))), '2026年12月8日 04:38');
  });

  test('New York across daylight saving: the offset follows the date', () => {
    const ny = en('America/New_York');
    assert.equal(plain(fullDateTime(new Date('2026-07-01T12:00:00Z'), ny)), 'Jul 1, 2026, 8:00 AM');
    // 2026-03-08: clocks jump from 2:00 to 3:00 local.
    assert.equal(plain(fullDateTime(new Date('2026-03-08T06:59:00Z'), ny)), 'Mar 8, 2026, 1:59 AM');
    assert.equal(plain(fullDateTime(new Date('2026-03-08T07:00:00Z'), ny)), 'Mar 8, 2026, 3:00 AM');
    // 2026-11-01: 1:30 happens twice; the second is an hour of UTC later.
    assert.equal(plain(fullDateTime(new Date('2026-11-01T05:30:00Z'), ny)), 'Nov 1, 2026, 1:30 AM');
    assert.equal(plain(fullDateTime(new Date('2026-11-01T06:30:00Z'), ny)), 'Nov 1, 2026, 1:30 AM');
  });

  test('the date is the reader’s date, not UTC’s', () => {
    assert.equal(formatDate(at, en('UTC')), 'Dec 7, 2026');
    assert.equal(formatDate(at, en('Asia/Shanghai')), 'Dec 8, 2026');
    assert.equal(formatDate(at, zh('Asia/Shanghai')), '2026年12月8日');
    const now = new Date('2027-03-01T00:00:00Z');
    assert.equal(relativeTime(at, now, zh('Asia/Shanghai')), '2026年12月8日', 'beyond a month: a date');
    assert.equal(relativeTime(at, now, en('America/New_York')), 'Dec 7, 2026');
    assert.equal(relativeTime(at, new Date('2026-12-08T02:08:45Z'), en('Asia/Kolkata')), '3 hours ago');
  });

  test('the tooltip is the UTC instant, the same in every language and zone', () => {
    assert.equal(utcInstant(at), '2026-12-07 23:08 UTC');
    assert.equal(plain(instantTitle(at, en('Asia/Kolkata'))), 'Dec 8, 2026, 4:38 AM (2026-12-07 23:08 UTC)');
  });

  test('<time> elements: reader’s text, UTC title, ISO machine value', async () => {
    const ctx = zh('Asia/Shanghai');
    assert.equal(
      plain(await (<Time ctx={ctx} date={at} />)),
      '<time datetime="2026-12-07T23:08:45.000Z" title="2026-12-07 23:08 UTC">2026年12月8日 07:08</time>',
    );
    assert.match(await (<Time ctx={ctx} date={at} show="date" />), />2026年12月8日<\/time>$/);
    assert.equal(
      plain(
        await (
          <RelativeTime ctx={en('America/New_York')} date={at} now={new Date('2026-12-08T00:08:45Z')} />
        ),
      ),
      '<time datetime="2026-12-07T23:08:45.000Z" title="Dec 7, 2026, 6:08 PM (2026-12-07 23:08 UTC)" class="relative-time">1 hour ago</time>',
    );
  });
});
