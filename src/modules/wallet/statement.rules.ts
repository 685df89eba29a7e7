import type { FieldProblem } from '../../platform/http/errors.js';
import { ValidationError } from '../../platform/http/errors.js';
import { checkTimeZone, nextDay, startOfDayIn } from '../../platform/i18n/time-zone.js';
import { type Currency, isCurrency, type Money, toDecimalString } from '../../platform/money.js';
import { withQuery } from '../../platform/views/href.js';
import type { StatementLine, TransactionKind } from '../ledger/index.js';

/**
 * Pure rules of the wallet statement: which filters a member may ask for, how they are read from
 * a query string, and how the statement is written as CSV.
 */

/** Every kind of transaction that can touch a wallet, in the order the filter offers them. */
export const STATEMENT_KINDS = [
  'topup',
  'topup_refund',
  'hold',
  'release',
  'partial_release',
  'refund',
  'payout',
  'payout_paid',
  'payout_rejected',
  'payout_failed',
  'unlock',
  'fee',
  'adjustment',
  'reversal',
] as const satisfies readonly TransactionKind[];

export type StatementKind = (typeof STATEMENT_KINDS)[number];

export function isStatementKind(value: string): value is StatementKind {
  return (STATEMENT_KINDS as readonly string[]).includes(value);
}

/** The filters as typed in a query string (all optional text). */
export interface RawStatementFilters {
  readonly kind?: string | undefined;
  readonly currency?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** The zone whose calendar days a plain date `from`/`to` names (an IANA name); UTC when unset. */
  readonly timeZone?: string | undefined;
}

/** Checked filters: `from` inclusive, `to` exclusive (a plain date `to` covers that whole day). */
export interface StatementFilters {
  readonly kinds: StatementKind[];
  readonly currency: Currency | undefined;
  readonly from: Date | undefined;
  readonly to: Date | undefined;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * `2026-01-31` (that day's start in `zone`; with `end`, the next day's: the end of the day) or a full
 * ISO date-time with its own offset; undefined if neither or not a real date.
 */
function parseInstant(raw: string, zone: string, end = false): Date | undefined {
  const text = raw.trim();
  if (DATE_ONLY.test(text)) {
    if (!startOfDayIn(text, zone)) return undefined;
    return startOfDayIn(end ? nextDay(text) : text, zone);
  }
  if (!DATE_TIME.test(text)) return undefined;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/**
 * Reads the statement filters; empty values mean "no filter". `kind` may list several kinds,
 * comma-separated; a plain date is a calendar day in `timeZone` (UTC when unset), so a reader filters
 * the days the page shows. Throws a 422 `request.invalid` naming each bad field (kind, currency,
 * from, to, timeZone).
 */
export function parseStatementFilters(raw: RawStatementFilters): StatementFilters {
  const fields: Record<string, FieldProblem> = {};
  const kinds: StatementKind[] = [];
  for (const part of (raw.kind ?? '').split(',')) {
    const kind = part.trim();
    if (kind === '') continue;
    if (isStatementKind(kind)) {
      if (!kinds.includes(kind)) kinds.push(kind);
    } else fields.kind = { code: 'wallet.filter.kind_invalid' };
  }
  const currencyText = (raw.currency ?? '').trim().toUpperCase();
  let currency: Currency | undefined;
  if (currencyText !== '') {
    if (isCurrency(currencyText)) currency = currencyText;
    else fields.currency = { code: 'money.unknown_currency', params: { currency: currencyText } };
  }
  const zoneText = (raw.timeZone ?? '').trim();
  const zone = zoneText === '' ? 'UTC' : checkTimeZone(zoneText)?.id;
  if (zone === undefined) fields.timeZone = { code: 'wallet.filter.time_zone_unknown' };
  let from: Date | undefined;
  if ((raw.from ?? '').trim() !== '' && zone !== undefined) {
    from = parseInstant(raw.from ?? '', zone);
    if (!from) fields.from = { code: 'wallet.filter.date_invalid' };
  }
  let to: Date | undefined;
  if ((raw.to ?? '').trim() !== '' && zone !== undefined) {
    to = parseInstant(raw.to ?? '', zone, true);
    if (!to) fields.to = { code: 'wallet.filter.date_invalid' };
  }
  if (from && to && from.getTime() >= to.getTime()) fields.to = { code: 'wallet.filter.range_invalid' };
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return { kinds, currency, from, to };
}

/** The filters as query parameters again (for pagination links and the CSV link), empty ones left out. */
export function filtersQuery(raw: RawStatementFilters, extra: Record<string, string | number> = {}): string {
  const { kind, currency, from, to, timeZone } = raw;
  return withQuery('', {
    kind: kind?.trim(),
    currency: currency?.trim(),
    from: from?.trim(),
    to: to?.trim(),
    timeZone: timeZone?.trim(),
    ...extra,
  });
}

/** Characters that make a spreadsheet read a cell as a formula (and tab / CR, per OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Numbers this module writes itself ("-12.50"): safe, and must stay numbers for spreadsheets. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * One CSV cell: a text starting with = + - @ (or tab, CR) gets a leading apostrophe so no
 * spreadsheet runs it as a formula; a cell with a comma, quote or line break is quoted (RFC 4180).
 * Plain decimal numbers are written as they are.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (!(typeof value === 'number' || PLAIN_NUMBER.test(text)) && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** The CSV's columns. Times stay in UTC whoever downloads it (the column says so); pages convert. */
export const CSV_HEADER = [
  'entry_id',
  'created_at_utc',
  'transaction_id',
  'kind',
  'currency',
  'amount',
  'balance_after',
  'memo',
  'details',
] as const;

function decimal(amount: Money): string {
  return toDecimalString(amount);
}

/**
 * A statement line as a CSV row: amounts as plain decimals (money in positive), times in UTC ISO
 * 8601, `details` the line's words in the reader's language.
 */
export function statementCsvRow(line: StatementLine, details: string): string {
  return csvRow([
    line.id,
    line.createdAt.toISOString(),
    line.transactionId,
    line.kind,
    line.amount.currency,
    decimal(line.amount),
    decimal(line.balanceAfter),
    line.memo,
    details,
  ]);
}
