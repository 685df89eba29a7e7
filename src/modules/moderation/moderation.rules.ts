import type { FieldProblems } from '../../platform/http/errors.js';

/** The limits of a suspension, named once (service, schemas, the form). */
export const SUSPENSION_DAYS = { min: 1, max: 365 } as const;
export const REASON_MAX = 500;
const DAY_MS = 86_400_000;

/** What a moderator typed for a suspension, checked: the problems by field, or the clean values. */
export function checkSuspension(input: {
  readonly days: unknown;
  readonly reason: unknown;
}): { ok: true; days: number; reason: string } | { ok: false; problems: FieldProblems } {
  const problems: Record<string, FieldProblems[string]> = {};
  const { days } = input;
  if (days === undefined || days === null || days === '') problems.days = { code: 'validation.required' };
  else if (
    typeof days !== 'number' ||
    !Number.isInteger(days) ||
    days < SUSPENSION_DAYS.min ||
    days > SUSPENSION_DAYS.max
  ) {
    problems.days = { code: 'moderation.days_range', params: SUSPENSION_DAYS };
  }
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (reason === '') problems.reason = { code: 'validation.required' };
  else if (reason.length > REASON_MAX)
    problems.reason = { code: 'validation.too_long', params: { max: REASON_MAX } };
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, days: days as number, reason };
}

/** When a suspension of `days` starting at `now` ends. */
export function suspensionEnd(now: Date, days: number): Date {
  return new Date(now.getTime() + days * DAY_MS);
}
