import unhomoglyph from 'unhomoglyph';
import { TOKEN_SCOPES, type TokenScope } from '../../platform/http/auth.js';
import type { FieldProblem, FieldProblems } from '../../platform/http/errors.js';
import { checkTimeZone } from '../../platform/i18n/time-zone.js';
import { breaksLine } from '../../platform/text/unsafe-chars.js';
import { checkPasswordStrength, personalWordsOf } from './password-strength.js';

/** Limits of what a member may choose; one table, so docs, forms and checks agree. */
export const accountLimits = {
  username: { min: 2, max: 30 },
  displayName: { min: 1, max: 50 },
  email: { max: 254 },
  password: { min: 8, max: 200 },
  tokenName: { min: 1, max: 60 },
  tokenExpiryDays: { min: 1, max: 365 },
  login: { max: 254 },
} as const;

// Control and bidi characters never reach these rules: the edge refuses them in every request
// (platform/http/input-text.ts). What it lets through in a body, a tab or a line break, these
// one-line values still refuse.
// Letters and digits of any script, then also "_", "-" or ".".
const USERNAME = /^[\p{L}\p{N}][\p{L}\p{N}\p{M}_.-]*$/u;
// Deliberately loose: one "@", a dot in the domain, no spaces; the real test is a mail that arrives.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/u;

export type Checked<T> = { ok: true; value: T } | { ok: false; fields: FieldProblems };

function length(value: string): number {
  return [...value].length;
}

function checkText(value: string, min: number, max: number): FieldProblem | undefined {
  if (length(value) === 0) return { code: 'validation.required' };
  if (breaksLine(value)) return { code: 'validation.control_chars' };
  if (length(value) < min) return { code: 'validation.too_short', params: { min } };
  if (length(value) > max) return { code: 'validation.too_long', params: { max } };
  return undefined;
}

/** What uniqueness is decided on: "Ｊｏｈｎ" and "john" are the same name. */
export function usernameKey(username: string): string {
  return username.normalize('NFKC').toLowerCase();
}

/**
 * The Unicode confusable skeleton (UTS #39: NFD, each character to its prototype, NFD again),
 * then lower case: "аdmin" (Cyrillic а), "ADMIN" and "adrnin" all give "adrnin". Two names with
 * the same skeleton look alike, so only one of them may exist (`users_username_skeleton_key`).
 * The prototypes come from Unicode's confusables.txt, as shipped by `unhomoglyph`.
 */
export function confusableSkeleton(text: string): string {
  return unhomoglyph(text.normalize('NFKC').normalize('NFD')).normalize('NFD').toLowerCase();
}

export function emailKey(email: string): string {
  return email.trim().normalize('NFKC').toLowerCase();
}

export function normalizeUsername(raw: string): string {
  return raw.normalize('NFKC').trim();
}

/** Trims and folds runs of whitespace so "  Ada   Lovelace " shows as "Ada Lovelace". */
export function normalizeDisplayName(raw: string): string {
  return raw.normalize('NFC').trim().replace(/\s+/gu, ' ');
}

export function checkUsername(raw: string): FieldProblem | undefined {
  const value = normalizeUsername(raw);
  const problem = checkText(value, accountLimits.username.min, accountLimits.username.max);
  if (problem) return problem;
  if (!USERNAME.test(value)) return { code: 'validation.username_chars' };
  return undefined;
}

export function checkDisplayName(raw: string): FieldProblem | undefined {
  return checkText(normalizeDisplayName(raw), accountLimits.displayName.min, accountLimits.displayName.max);
}

/**
 * A member's time zone setting: empty (or null) clears it, so pages follow the browser; anything
 * else must be an IANA name Intl knows, kept as the member named it (with Intl's capitalisation).
 */
export function checkTimeZoneSetting(raw: string | null): Checked<string | null> {
  if (raw === null || raw.trim() === '') return { ok: true, value: null };
  const zone = checkTimeZone(raw);
  return zone
    ? { ok: true, value: zone.name }
    : { ok: false, fields: { timeZone: { code: 'user.time_zone_unknown' } } };
}

export function checkEmail(raw: string): FieldProblem | undefined {
  const value = raw.trim();
  if (value.length === 0) return { code: 'validation.required' };
  if (breaksLine(value)) return { code: 'validation.control_chars' };
  if (length(value) > accountLimits.email.max)
    return { code: 'validation.too_long', params: { max: accountLimits.email.max } };
  if (!EMAIL.test(value)) return { code: 'validation.email' };
  return undefined;
}

/**
 * Passwords are taken as typed (no trimming). NIST SP 800-63B: 8 to 200 characters, no
 * composition rules, but not a common password nor one built from the member's name or e-mail
 * (password-strength.ts says which).
 */
export function checkPassword(
  password: string,
  person: { username?: string; email?: string; displayName?: string } = {},
): FieldProblem | undefined {
  if (password.length === 0) return { code: 'validation.required' };
  if (breaksLine(password)) return { code: 'validation.control_chars' };
  const { min, max } = accountLimits.password;
  if (length(password) < min) return { code: 'validation.too_short', params: { min } };
  if (length(password) > max) return { code: 'validation.too_long', params: { max } };
  if (person.username && usernameKey(password) === usernameKey(person.username)) {
    return { code: 'validation.password_same_as_username' };
  }
  return checkPasswordStrength(password, personalWordsOf(person));
}

export function checkTokenName(raw: string): FieldProblem | undefined {
  return checkText(raw.trim(), accountLimits.tokenName.min, accountLimits.tokenName.max);
}

/** A token's scopes when none are asked for: reading and writing, never money. */
export const DEFAULT_TOKEN_SCOPES: readonly TokenScope[] = ['read', 'write'];

/** The scopes asked for, in their canonical order; every token can read. */
export function checkTokenScopes(
  requested: readonly string[] | undefined,
): { ok: true; value: TokenScope[] } | { ok: false; problem: FieldProblem } {
  if (requested === undefined) return { ok: true, value: [...DEFAULT_TOKEN_SCOPES] };
  if (!requested.every((scope) => (TOKEN_SCOPES as readonly string[]).includes(scope))) {
    return { ok: false, problem: { code: 'validation.invalid' } };
  }
  return { ok: true, value: TOKEN_SCOPES.filter((scope) => scope === 'read' || requested.includes(scope)) };
}

/** When a token made at `now` to last `days` expires; null for never. */
export function tokenExpiryOf(now: Date, days: number | undefined): Date | null {
  return days === undefined ? null : new Date(now.getTime() + days * 86_400_000);
}

export function checkTokenExpiryDays(days: number | undefined): FieldProblem | undefined {
  if (days === undefined) return undefined;
  const { min, max } = accountLimits.tokenExpiryDays;
  if (!Number.isSafeInteger(days) || days < min || days > max) return { code: 'validation.invalid' };
  return undefined;
}

function collect(problems: Record<string, FieldProblem | undefined>): FieldProblems | undefined {
  const fields = Object.fromEntries(Object.entries(problems).filter(([, p]) => p !== undefined)) as Record<
    string,
    FieldProblem
  >;
  return Object.keys(fields).length > 0 ? fields : undefined;
}

export interface Registration {
  username: string;
  email: string;
  password: string;
  displayName: string;
}

/** Checks a sign-up form as a whole and returns it normalised, or every field's problem at once. */
export function checkRegistration(input: {
  username: string;
  email: string;
  password: string;
  displayName?: string | undefined;
}): Checked<Registration> {
  const fields = collect({
    username: checkUsername(input.username),
    email: checkEmail(input.email),
    password: checkPassword(input.password, {
      username: input.username,
      email: input.email,
      ...(input.displayName === undefined ? {} : { displayName: input.displayName }),
    }),
    displayName: input.displayName === undefined ? undefined : checkDisplayName(input.displayName),
  });
  if (fields) return { ok: false, fields };
  const username = normalizeUsername(input.username);
  return {
    ok: true,
    value: {
      username,
      email: input.email.trim(),
      password: input.password,
      displayName: input.displayName === undefined ? username : normalizeDisplayName(input.displayName),
    },
  };
}

export { collect as collectProblems };
