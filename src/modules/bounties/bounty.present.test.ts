import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countdownTarget, formatTimeLeft, timeLeft } from './bounty.present.js';
import { bountyDeadlines } from './bounty.states.js';

const start = new Date('2026-03-01T00:00:00Z');
const at = (ms: number) => new Date(start.getTime() + ms);

test('time left in days, hours and minutes, never negative', () => {
  assert.deepEqual(timeLeft(at(3 * 86_400_000 + 4 * 3_600_000 + 5 * 60_000 + 59_000), start), {
    days: 3,
    hours: 4,
    minutes: 6,
  });
  assert.deepEqual(timeLeft(at(7 * 86_400_000), at(1)), { days: 7, hours: 0, minutes: 0 });
  assert.deepEqual(timeLeft(start, at(1)), { days: 0, hours: 0, minutes: 0 });
});

test('the two largest units, in each language', () => {
  assert.equal(formatTimeLeft({ days: 3, hours: 4, minutes: 5 }, 'en'), '3d 4h');
  assert.equal(formatTimeLeft({ days: 0, hours: 4, minutes: 5 }, 'en'), '4h 5m');
  assert.equal(formatTimeLeft({ days: 0, hours: 0, minutes: 5 }, 'en'), '5m');
  assert.equal(formatTimeLeft({ days: 3, hours: 4, minutes: 5 }, 'zh-CN'), '3天4小时');
  assert.equal(formatTimeLeft({ days: 0, hours: 0, minutes: 0 }, 'zh-CN'), '0分钟');
});

test('counts down to the end while running, to the end of grace after', () => {
  const deadlines = bountyDeadlines(start);
  assert.deepEqual(countdownTarget(deadlines, at(1)), { phase: 'running', until: deadlines.endsAt });
  assert.deepEqual(countdownTarget(deadlines, deadlines.endsAt), {
    phase: 'grace',
    until: deadlines.graceEndsAt,
  });
  assert.equal(countdownTarget(deadlines, deadlines.graceEndsAt).phase, 'due');
});
