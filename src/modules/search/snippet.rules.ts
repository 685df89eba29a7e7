import { escapeHtml } from '@kitajs/html';
import { searchTokens } from '../../platform/text/search-tokens.js';

/**
 * Result snippets: a window of a question's plain text around the searched words, HTML-escaped,
 * with the words marked `<mark>`. The only markup in the output is ours, so it is safe to insert.
 */

export const SNIPPET_CHARS = 220;

// Endings stripped so that "queries" also marks "query" and "running" marks "run…".
const SUFFIX = /(?:ing|ies|ied|ed|es|s|ly|ation|ions?|ment)$/u;

/** What to look for in the text: the query's index words, Latin ones also by their stem. */
export function highlightNeedles(words: readonly string[]): string[] {
  const needles = new Set<string>();
  for (const token of searchTokens(words.join(' '))) {
    if (/\p{Script=Han}/u.test(token)) {
      if ([...token].length >= 1) needles.add(token);
      continue;
    }
    if (token.length < 2) continue;
    needles.add(token);
    const stem = token.replace(SUFFIX, '');
    if (stem.length >= 3 && stem !== token) needles.add(stem);
  }
  return [...needles].sort((a, b) => b.length - a.length);
}

function needlePattern(needles: readonly string[]): RegExp | undefined {
  if (needles.length === 0) return undefined;
  const parts = needles.map((needle) => {
    const escaped = needle.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
    // Latin words match at a word start only ("run" in "running", not in "prune"), marking the whole word.
    return /\p{Script=Han}/u.test(needle) ? escaped : `(?<![\\p{L}\\p{N}])${escaped}[\\p{L}\\p{N}]*`;
  });
  return new RegExp(parts.join('|'), 'giu');
}

/**
 * Escaped `text` (cut to about `maxChars` around the first match, with "…" where cut) with the
 * needles marked. Without needles or matches, the start of the text.
 */
export function snippetHtml(text: string, needles: readonly string[], maxChars = SNIPPET_CHARS): string {
  const clean = text.replace(/\s+/gu, ' ').trim();
  const pattern = needlePattern(needles);
  const first = pattern ? clean.search(pattern) : -1;
  let start = first > maxChars / 3 ? first - Math.floor(maxChars / 3) : 0;
  // Start at a word boundary when one is near.
  if (start > 0) {
    const space = clean.indexOf(' ', start);
    if (space > 0 && space < start + 20) start = space + 1;
  }
  let end = Math.min(clean.length, start + maxChars);
  if (end < clean.length) {
    const space = clean.lastIndexOf(' ', end);
    if (space > start + maxChars / 2) end = space;
  }
  const window = clean.slice(start, end);
  return `${start > 0 ? '…' : ''}${markHtml(window, pattern)}${end < clean.length ? '…' : ''}`;
}

/** Escaped `text` with the needles marked (for titles: no cutting). */
export function highlightHtml(text: string, needles: readonly string[]): string {
  return markHtml(text, needlePattern(needles));
}

function markHtml(text: string, pattern: RegExp | undefined): string {
  if (!pattern) return escapeHtml(text);
  let html = '';
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const at = match.index ?? 0;
    html += `${escapeHtml(text.slice(last, at))}<mark>${escapeHtml(match[0])}</mark>`;
    last = at + match[0].length;
  }
  return html + escapeHtml(text.slice(last));
}
