import type { Locale } from './index.js';
import { sharedFormatter } from './intl-cache.js';

/**
 * Time zones: which one a reader's times are shown in. A zone is an IANA name ("Asia/Shanghai",
 * "America/New_York"), checked by Intl (the ICU data Node ships), never by a list of our own.
 */

/** The cookie the browser's script (public/time-zone.js) sets to its zone; not trusted, checked. */
export const TIME_ZONE_COOKIE = 'tz';

/** Longest name accepted; the longest IANA name is 32 characters ("America/Argentina/ComodRivadavia"). */
const MAX_LENGTH = 64;
/** An IANA name's shape: "UTC", "Asia/Shanghai", "America/Argentina/Buenos_Aires", "Etc/GMT-8". */
const SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,2}$/;

/** The zone a language's readers get when nothing else says: most zh-CN readers are in China. */
const DEFAULT_BY_LOCALE: Readonly<Record<Locale, string>> = { en: 'UTC', 'zh-CN': 'Asia/Shanghai' };

export function defaultTimeZone(locale: Locale): string {
  return DEFAULT_BY_LOCALE[locale];
}

export interface CheckedTimeZone {
  /** The name to keep: as given, with Intl's capitalisation when it only differs in case. */
  readonly name: string;
  /** Intl's own id for it (aliases resolved: "Asia/Kolkata" → "Asia/Calcutta"): what formats and keys use. */
  readonly id: string;
}

// Checking builds an Intl formatter (~20 µs), and the zone of every request is checked: names that
// passed are remembered, and so are the well-shaped names Intl refused (a browser whose zone data
// is newer than Node's sends one on every request). Only valid names are kept in `checked`, so a
// stream of made-up cookies cannot grow it past the IANA list (and aliases); `refused` is emptied
// when full.
const checked = new Map<string, CheckedTimeZone>();
const CHECKED_KEPT = 2000;
const refused = new Set<string>();
const REFUSED_KEPT = 1000;

/** The zone named by `raw`, or undefined if Intl does not know it (or it is not shaped like an IANA name). */
export function checkTimeZone(raw: string | null | undefined): CheckedTimeZone | undefined {
  if (typeof raw !== 'string') return undefined;
  const name = raw.trim();
  const known = checked.get(name);
  if (known) return known;
  if (name.length === 0 || name.length > MAX_LENGTH || !SHAPE.test(name) || refused.has(name))
    return undefined;
  let id: string;
  try {
    id = new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    if (refused.size >= REFUSED_KEPT) refused.clear();
    refused.add(name);
    return undefined;
  }
  const zone = { name: id.toLowerCase() === name.toLowerCase() ? id : name, id };
  if (checked.size >= CHECKED_KEPT) checked.clear();
  checked.set(name, zone);
  return zone;
}

/**
 * The zone a reader's times are shown in (Intl's id): the member's setting, then the browser's
 * zone from the cookie, then the language's default. Anything Intl does not know is skipped.
 */
export function pickTimeZone(input: {
  setting?: string | null | undefined;
  cookie?: string | undefined;
  locale: Locale;
}): string {
  return checkTimeZone(input.setting)?.id ?? checkTimeZone(input.cookie)?.id ?? defaultTimeZone(input.locale);
}

let known: readonly string[] | undefined;

/** Every zone Intl lists (its ids), and UTC, which Node's list leaves out: the settings form's suggestions. */
export function knownTimeZones(): readonly string[] {
  if (!known) {
    const zones = Intl.supportedValuesOf('timeZone');
    known = zones.includes('UTC') ? zones : ['UTC', ...zones];
  }
  return known;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** How far the zone's wall clock is ahead of UTC at `at`, in milliseconds. */
function offsetMs(at: number, zone: string): number {
  const format = sharedFormatter(
    `wall-clock:${zone}`,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      }),
  );
  const part: Record<string, number> = {};
  for (const { type, value } of format.formatToParts(at)) part[type] = Number(value);
  const wall = Date.UTC(
    part.year ?? 0,
    (part.month ?? 1) - 1,
    part.day ?? 1,
    part.hour ?? 0,
    part.minute ?? 0,
    part.second ?? 0,
  );
  return wall - (at - (((at % 1000) + 1000) % 1000));
}

/**
 * The first instant of a calendar day (`2026-03-08`) in a zone Intl knows: its midnight, or where
 * midnight does not exist (clocks jumping from 24:00 to 01:00, America/Santiago) the moment the
 * day begins. Undefined for anything that is not a real date.
 */
export function startOfDayIn(day: string, zone: string): Date | undefined {
  const match = DAY.exec(day);
  if (!match) return undefined;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const midnight = Date.UTC(year, month - 1, date);
  // Rejects 2026-02-31, which Date.UTC would roll over into March.
  if (new Date(midnight).toISOString().slice(0, 10) !== day) return undefined;
  // The offset at midnight is that of a moment near it: two rounds settle it, unless midnight
  // falls in a gap, where the two offsets differ and the earlier one gives the day's first moment.
  const first = offsetMs(midnight - offsetMs(midnight, zone), zone);
  const second = offsetMs(midnight - first, zone);
  return new Date(midnight - Math.min(first, second));
}

/** The calendar day after `day` (both YYYY-MM-DD). */
export function nextDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
}
