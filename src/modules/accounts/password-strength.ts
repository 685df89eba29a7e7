import { createRequire } from 'node:module';
import type { ZxcvbnFactory, ZxcvbnResult } from '@zxcvbn-ts/core';
import type { FieldProblem } from '../../platform/http/errors.js';

/**
 * Password strength after NIST SP 800-63B §5.1.1.2: no composition rules, but refuse passwords
 * that are among the most common, that are built from the member's own name or e-mail, or that
 * are otherwise quickly guessed (repeats, sequences, keyboard rows). The estimate is zxcvbn-ts
 * with its common-password (top ~50,000) and diceware dictionaries.
 */

/** zxcvbn score (0–4) a password must reach: 2 means more than about 10^6 guesses. */
export const MIN_SCORE = 2;
/** Built from the member's name or e-mail: refused unless the rest makes it strong on its own. */
export const MIN_SCORE_WITH_PERSONAL = 3;

export type PasswordWeakness =
  | 'password.too_common'
  | 'password.contains_personal'
  | 'password.predictable'
  | 'password.too_guessable';

const require = createRequire(import.meta.url);
let estimator: ZxcvbnFactory | undefined;

// The dictionaries are ~1 MB of JavaScript: loaded on the first check, once per process.
function zxcvbn(): ZxcvbnFactory {
  if (!estimator) {
    const core = require('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
    const common = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
    estimator = new core.ZxcvbnFactory({ dictionary: common.dictionary, graphs: common.adjacencyGraphs });
  }
  return estimator;
}

/** What a member's password must not be built from: their names, their e-mail and its parts, the site. */
export function personalWordsOf(person: {
  username?: string;
  email?: string;
  displayName?: string;
}): string[] {
  const words = new Set<string>(['techqa']);
  for (const value of [person.username, person.displayName]) {
    const word = value?.trim().toLowerCase();
    if (word && [...word].length >= 3) words.add(word);
  }
  const email = person.email?.trim().toLowerCase();
  if (email) {
    words.add(email);
    for (const part of email.split(/[@.+_-]/)) if ([...part].length >= 3) words.add(part);
  }
  return [...words];
}

/** Why the estimate refuses it, read from the patterns that make it guessable. */
function weaknessOf(result: ZxcvbnResult): PasswordWeakness {
  const patterns = result.sequence;
  if (patterns.some((m) => m.pattern === 'dictionary' && m.dictionaryName === 'userInputs')) {
    return 'password.contains_personal';
  }
  if (patterns.some((m) => m.pattern === 'dictionary' && m.dictionaryName === 'passwords-common')) {
    return 'password.too_common';
  }
  if (patterns.some((m) => ['repeat', 'sequence', 'spatial', 'date'].includes(m.pattern))) {
    return 'password.predictable';
  }
  return 'password.too_guessable';
}

/** The reason a password is too weak, or undefined when it is strong enough. Lengths are checked elsewhere. */
export function checkPasswordStrength(
  password: string,
  personalWords: readonly string[],
): FieldProblem | undefined {
  const result = zxcvbn().check(password, [...personalWords]);
  const personal = result.sequence.some(
    (m) => m.pattern === 'dictionary' && m.dictionaryName === 'userInputs',
  );
  if (result.score >= (personal ? MIN_SCORE_WITH_PERSONAL : MIN_SCORE)) return undefined;
  return { code: weaknessOf(result) };
}
