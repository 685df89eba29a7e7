import type { Locale } from '../../platform/i18n/index.js';
import type { Bounty } from './bounties.repository.js';
import { type BountyPhase, bountyPhase } from './bounty.states.js';

/** How pages show a bounty's time: the deadline that counts now, and what is left of it. Pure. */

export interface TimeLeft {
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
}

/**
 * Days, hours and minutes from `now` until `until`, a started minute counting as a whole one (so a
 * new bounty shows "7d 0h", not "6d 23h"); all 0 once it has passed.
 */
export function timeLeft(until: Date, now: Date): TimeLeft {
  const minutes = Math.max(0, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return {
    days: Math.floor(minutes / 1440),
    hours: Math.floor((minutes % 1440) / 60),
    minutes: minutes % 60,
  };
}

/** "3d 4h", "5h 12m", "7m" / "3天4小时", "5小时12分钟", "7分钟": the two largest units. */
export function formatTimeLeft(left: TimeLeft, locale: Locale): string {
  const zh = locale === 'zh-CN';
  const [d, h, m] = zh ? ['天', '小时', '分钟'] : ['d', 'h', 'm'];
  const join = zh ? '' : ' ';
  if (left.days > 0) return `${left.days}${d}${join}${left.hours}${h}`;
  if (left.hours > 0) return `${left.hours}${h}${join}${left.minutes}${m}`;
  return `${left.minutes}${m}`;
}

/** The deadline an open bounty counts down to: its end while running, the end of grace after. */
export function countdownTarget(
  bounty: Pick<Bounty, 'endsAt' | 'graceEndsAt'>,
  now: Date,
): {
  phase: BountyPhase;
  until: Date;
} {
  const phase = bountyPhase(bounty, now);
  return { phase, until: phase === 'running' ? bounty.endsAt : bounty.graceEndsAt };
}
