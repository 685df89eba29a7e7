import { sharedFormatter } from '../i18n/intl-cache.js';
import type { PageContext } from './page-context.js';

// The one way pages show a time: in the reader's language and time zone (ctx.locale, ctx.timeZone),
// with the instant in UTC as the tooltip and ISO 8601 as the <time> element's machine value.

/** What formatting a time needs of the page: the reader's language and zone. */
export type TimeContext = Pick<PageContext, 'locale' | 'timeZone'>;

/** How a time is shown: its date, or its date and time to the minute. */
const STYLES = {
  date: { dateStyle: 'medium' },
  datetime: { dateStyle: 'medium', timeStyle: 'short' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

// Formatting is costly (about 1 µs) and pages repeat the same instants (posts, comments,
// revisions, an old thread's dates): the text is kept per style, language, zone and minute, since
// nothing shown is finer than a minute.
const texts = new Map<string, string>();
const TEXTS_KEPT = 10_000;

function shown(style: keyof typeof STYLES, date: Date, ctx: TimeContext): string {
  const zoned = `${style}:${ctx.locale}:${ctx.timeZone}`;
  const key = `${zoned}:${Math.floor(date.getTime() / 60_000)}`;
  let text = texts.get(key);
  if (text === undefined) {
    const format = sharedFormatter(
      zoned,
      () => new Intl.DateTimeFormat(ctx.locale, { ...STYLES[style], timeZone: ctx.timeZone }),
    );
    text = format.format(date);
    if (texts.size >= TEXTS_KEPT) texts.clear();
    texts.set(key, text);
  }
  return text;
}

/** A date in the reader's language and zone ("Nov 25, 2026" / "2026年11月25日"). */
export function formatDate(date: Date, ctx: TimeContext): string {
  return shown('date', date, ctx);
}

/** Date and time to the minute in the reader's language and zone ("Nov 25, 2026, 2:03 PM" / "2026年11月25日 14:03"). */
export function fullDateTime(date: Date, ctx: TimeContext): string {
  return shown('datetime', date, ctx);
}

/** The instant in UTC to the minute, the same in every language: "2026-12-07 23:08 UTC" (the tooltip). */
export function utcInstant(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** The tooltip of a time shown as a duration ("3 hours ago", "2d left"): when, in the reader's zone and in UTC. */
export function instantTitle(date: Date, ctx: TimeContext): string {
  return `${fullDateTime(date, ctx)} (${utcInstant(date)})`;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "3 hours ago" / "3小时前" up to a month back, a plain date in the reader's zone beyond. */
export function relativeTime(date: Date, now: Date, ctx: TimeContext): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const past = Math.abs(seconds);
  const format = sharedFormatter(
    `relative:${ctx.locale}`,
    () => new Intl.RelativeTimeFormat(ctx.locale, { numeric: 'auto' }),
  );
  if (past < MINUTE) return format.format(0, 'second');
  if (past < HOUR) return format.format(Math.trunc(seconds / MINUTE), 'minute');
  if (past < DAY) return format.format(Math.trunc(seconds / HOUR), 'hour');
  if (past < 30 * DAY) return format.format(Math.trunc(seconds / DAY), 'day');
  return formatDate(date, ctx);
}

/**
 * A time as a <time> element: the date (`show="date"`) or date and time (the default) in the
 * reader's language and zone, the UTC instant as its tooltip, ISO 8601 as its machine value.
 */
export function Time(props: { ctx: TimeContext; date: Date; show?: 'date' | 'datetime'; testid?: string }) {
  const { ctx, date } = props;
  return (
    <time datetime={date.toISOString()} title={utcInstant(date)} data-testid={props.testid} safe>
      {props.show === 'date' ? formatDate(date, ctx) : fullDateTime(date, ctx)}
    </time>
  );
}

/** A <time> showing how long ago, with the instant in the reader's zone and in UTC as its tooltip. */
export function RelativeTime(props: { ctx: TimeContext; date: Date; now: Date }) {
  const { ctx, date } = props;
  return (
    <time datetime={date.toISOString()} title={instantTitle(date, ctx)} class="relative-time" safe>
      {relativeTime(date, props.now, ctx)}
    </time>
  );
}
