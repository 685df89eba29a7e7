import type { FieldProblem, FieldProblems } from '../../platform/http/errors.js';
import { type Currency, isCurrency, type Money, split, toDecimalString } from '../../platform/money.js';
import { splitCommission } from '../ledger/index.js';
import { checkTags } from '../tags/index.js';
import { isVisibility, type Visibility } from './paid-question.states.js';

/**
 * Pure rules of the experts module: what an expert profile may say (price within bounds, an
 * answer deadline of 1–168 hours, 1–5 tags), what a paid question and an answer may say, how an
 * unlock's price is split, and how ratings add up on a profile.
 */

/** Limits on what experts and askers write; one table, so forms, docs and checks agree. */
export const expertLimits = {
  bio: { max: 2000 },
  answerHours: { min: 1, max: 168 },
  title: { min: 10, max: 150 },
  body: { min: 20, max: 10_000 },
  answer: { min: 20, max: 30_000 },
  review: { max: 2000 },
  reason: { min: 10, max: 2000 },
  note: { max: 2000 },
} as const;

/** 100 % in basis points. */
const FULL_BP = 10_000;

function length(value: string): number {
  return [...value].length;
}

/**
 * A multi-line text, trimmed (or one line, its whitespace folded), within `limits` (min 0 =
 * optional). Control and bidi characters never get here: the edge refuses them in every request
 * (platform/http/input-text.ts).
 */
export function checkText(
  raw: unknown,
  limits: { readonly min?: number; readonly max: number },
  options: { line?: boolean } = {},
): { value: string } | { problem: FieldProblem } {
  if (typeof raw !== 'string') return { problem: { code: 'validation.wrong_type' } };
  const value = options.line
    ? raw.normalize('NFC').trim().replace(/\s+/gu, ' ')
    : raw.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  const min = limits.min ?? 0;
  if (min > 0 && value === '') return { problem: { code: 'validation.required' } };
  if (length(value) < min) return { problem: { code: 'validation.too_short', params: { min } } };
  if (length(value) > limits.max)
    return { problem: { code: 'validation.too_long', params: { max: limits.max } } };
  return { value };
}

/** An expert profile as sent (checked here, not trusted). */
export interface ExpertProfileInput {
  readonly bio?: unknown;
  readonly tags?: unknown;
  readonly price?: { readonly amountMinor?: unknown; readonly currency?: unknown } | undefined;
  readonly answerHours?: unknown;
  readonly accepting?: unknown;
}

/** A checked expert profile. */
export interface ExpertProfileValues {
  readonly bio: string;
  readonly tags: string[];
  readonly price: Money;
  readonly answerHours: number;
  readonly accepting: boolean;
}

/** Bounds of an expert's price, in minor units (config.experts). */
export interface PriceBounds {
  readonly priceMinMinor: number;
  readonly priceMaxMinor: number;
  readonly defaultAnswerHours: number;
}

/** "1.00 CNY" style amounts for messages (no locale inside an error's parameters). */
function plain(amountMinor: number, currency: Currency): string {
  return `${toDecimalString({ amountMinor, currency })} ${currency}`;
}

/**
 * Checks a profile: bio ≤ 2000 characters, 1–5 valid tags, a whole price in a known currency
 * within the bounds, an answer deadline of 1–168 whole hours (the default when absent), and
 * `accepting` (true when absent). Returns every field's problem at once.
 */
export function checkExpertProfile(
  input: ExpertProfileInput,
  bounds: PriceBounds,
): { ok: true; values: ExpertProfileValues } | { ok: false; fields: FieldProblems } {
  const fields: Record<string, FieldProblem> = {};
  const bio = checkText(input.bio ?? '', expertLimits.bio);
  if ('problem' in bio) fields.bio = bio.problem;

  let tags: string[] = [];
  if (!Array.isArray(input.tags) || input.tags.some((tag) => typeof tag !== 'string')) {
    fields.tags = { code: 'validation.tags_required' };
  } else {
    const checked = checkTags(input.tags as string[]);
    if ('problem' in checked) fields.tags = checked.problem;
    else tags = checked.tags;
  }

  const amountMinor = input.price?.amountMinor;
  const currency = input.price?.currency;
  let price: Money | undefined;
  if (!isCurrency(currency)) {
    fields.price = {
      code: 'money.unknown_currency',
      params: { currency: String(currency ?? '').slice(0, 8) },
    };
  } else if (typeof amountMinor !== 'number' || !Number.isSafeInteger(amountMinor)) {
    fields.price = { code: 'money.invalid_amount' };
  } else if (amountMinor < bounds.priceMinMinor || amountMinor > bounds.priceMaxMinor) {
    fields.price = {
      code: 'expert.price_out_of_range',
      params: { min: plain(bounds.priceMinMinor, currency), max: plain(bounds.priceMaxMinor, currency) },
    };
  } else {
    price = { amountMinor, currency };
  }

  const hours = input.answerHours ?? bounds.defaultAnswerHours;
  const { min, max } = expertLimits.answerHours;
  if (typeof hours !== 'number' || !Number.isInteger(hours) || hours < min || hours > max) {
    fields.answerHours = { code: 'expert.answer_hours_invalid', params: { min, max } };
  }
  const accepting = input.accepting ?? true;
  if (typeof accepting !== 'boolean') fields.accepting = { code: 'validation.wrong_type' };

  if (Object.keys(fields).length > 0 || !price || 'problem' in bio) return { ok: false, fields };
  return {
    ok: true,
    values: { bio: bio.value, tags, price, answerHours: hours as number, accepting: accepting as boolean },
  };
}

/** A paid question as sent. */
export interface PaidQuestionInput {
  readonly title?: unknown;
  readonly body?: unknown;
  readonly tags?: unknown;
  readonly visibility?: unknown;
}

export interface PaidQuestionValues {
  readonly title: string;
  readonly body: string;
  readonly tags: string[];
  readonly visibility: Visibility;
}

/** Checks a paid question: a one-line title, a Markdown body, 0–5 tags, public or private (public when absent). */
export function checkPaidQuestion(
  input: PaidQuestionInput,
): { ok: true; values: PaidQuestionValues } | { ok: false; fields: FieldProblems } {
  const fields: Record<string, FieldProblem> = {};
  const title = checkText(input.title, expertLimits.title, { line: true });
  if ('problem' in title) fields.title = title.problem;
  const body = checkText(input.body, expertLimits.body);
  if ('problem' in body) fields.body = body.problem;
  let tags: string[] = [];
  const rawTags = input.tags ?? [];
  if (!Array.isArray(rawTags) || rawTags.some((tag) => typeof tag !== 'string')) {
    fields.tags = { code: 'validation.wrong_type' };
  } else if (rawTags.some((tag: string) => tag.trim() !== '')) {
    const checked = checkTags(rawTags as string[]);
    if ('problem' in checked) fields.tags = checked.problem;
    else tags = checked.tags;
  }
  const visibility = input.visibility ?? 'public';
  if (!isVisibility(visibility)) fields.visibility = { code: 'paid_question.visibility_invalid' };
  if ('problem' in title || 'problem' in body || Object.keys(fields).length > 0 || !isVisibility(visibility))
    return { ok: false, fields };
  return { ok: true, values: { title: title.value, body: body.value, tags, visibility } };
}

/** Where one unlock's price goes: the platform's commission, then the rest split asker/expert. */
export interface UnlockSplit {
  readonly platform: Money;
  readonly asker: Money;
  readonly expert: Money;
}

/**
 * Splits an unlock's price: commission (`commissionBp`, rounded down) to the platform; of the
 * rest, `askerShareBp` to the asker (rounded down) and the remainder to the expert. The parts
 * always add up to the price.
 */
export function unlockSplit(price: Money, commissionBp: number, askerShareBp: number): UnlockSplit {
  if (!Number.isSafeInteger(askerShareBp) || askerShareBp < 0 || askerShareBp > FULL_BP) {
    throw new RangeError(`the asker's share is 0..${FULL_BP} basis points, got ${askerShareBp}`);
  }
  const { platform, payee } = splitCommission(price, commissionBp);
  const parts = split(payee, { asker: askerShareBp, expert: FULL_BP - askerShareBp }, 'expert');
  return { platform, asker: parts.asker, expert: parts.expert };
}

/** An expert's ratings as a profile shows them. */
export interface RatingSummary {
  readonly count: number;
  /** Mean stars, rounded to one decimal; null without ratings. */
  readonly average: number | null;
  /** How many ratings gave 1, 2, 3, 4 and 5 stars (index 0 = 1 star). */
  readonly distribution: [number, number, number, number, number];
}

/** Adds up star counts (`{stars: n}`) into the profile's summary. */
export function ratingSummary(counts: ReadonlyArray<{ stars: number; count: number }>): RatingSummary {
  const distribution: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  for (const { stars, count } of counts) {
    if (Number.isInteger(stars) && stars >= 1 && stars <= 5)
      distribution[stars - 1] = (distribution[stars - 1] ?? 0) + count;
  }
  const count = distribution.reduce((a, b) => a + b, 0);
  const total = distribution.reduce((acc, n, i) => acc + n * (i + 1), 0);
  // Tenths, rounded half up, in integers: no float drift in what is shown.
  const average = count === 0 ? null : Math.round((total * 10) / count) / 10;
  return { count, average, distribution };
}

/** Checks a rating: whole stars 1–5, an optional review of at most 2000 characters. */
export function checkRating(input: {
  stars?: unknown;
  review?: unknown;
}): { ok: true; stars: number; review: string | null } | { ok: false; fields: FieldProblems } {
  const fields: Record<string, FieldProblem> = {};
  const stars = input.stars;
  if (typeof stars !== 'number' || !Number.isInteger(stars) || stars < 1 || stars > 5)
    fields.stars = { code: 'paid_question.stars_invalid' };
  const review = checkText(input.review ?? '', expertLimits.review);
  if ('problem' in review) fields.review = review.problem;
  if (Object.keys(fields).length > 0 || 'problem' in review) return { ok: false, fields };
  return { ok: true, stars: stars as number, review: review.value === '' ? null : review.value };
}
