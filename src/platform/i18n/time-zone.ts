import type { Locale } from './index.js';

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

// Checking builds an Intl formatter (~tens of µs); names that passed are remembered. Only valid
// names are kept, so a stream of made-up cookies cannot grow this past the IANA list (and aliases).
const checked = new Map<string, CheckedTimeZone>();
const CHECKED_KEPT = 2000;

/** The zone named by `raw`, or undefined if Intl does not know it (or it is not shaped like an IANA name). */
export function checkTimeZone(raw: string | null | undefined): CheckedTimeZone | undefined {
  if (typeof raw !== 'string') return undefined;
  const name = raw.trim();
  const known = checked.get(name);
  if (known) return known;
  if (name.length === 0 || name.length > MAX_LENGTH || !SHAPE.test(name)) return undefined;
  let id: string;
  try {
    id = new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
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
