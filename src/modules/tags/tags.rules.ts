import type { FieldProblem } from '../../platform/http/errors.js';

/** How many tags a question carries, and how long a tag may be. */
export const tagLimits = { perQuestion: { min: 1, max: 5 }, length: { min: 1, max: 35 } } as const;

// Lower-case Latin letters, digits and "+ # . -", plus CJK ideographs, kana and hangul.
const TAG = /^[a-z0-9+#.\-\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+$/u;

/**
 * The canonical spelling of a tag: NFKC (full-width → ASCII), trimmed, lower case, inner
 * spaces and underscores as "-", no leading/trailing punctuation runs of "-" or ".".
 * Returns undefined when nothing acceptable remains.
 */
export function normalizeTag(raw: string): string | undefined {
  const tag = raw
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/gu, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  if (!tag || [...tag].length > tagLimits.length.max || !TAG.test(tag)) return undefined;
  return tag;
}

/** Checks a question's tag list: 1–5 valid tags, duplicates folded; returns them normalised. */
export function checkTags(raw: readonly string[]): { tags: string[] } | { problem: FieldProblem } {
  const tags: string[] = [];
  for (const entry of raw) {
    if (entry.trim() === '') continue;
    const tag = normalizeTag(entry);
    if (!tag) return { problem: { code: 'validation.tag_invalid', params: { tag: entry.slice(0, 40) } } };
    if (!tags.includes(tag)) tags.push(tag);
  }
  const { min, max } = tagLimits.perQuestion;
  if (tags.length < min) return { problem: { code: 'validation.tags_required' } };
  if (tags.length > max) return { problem: { code: 'validation.too_many_tags', params: { max } } };
  return { tags };
}

/** Splits what a form field holds ("python, asyncio  c++") into separate tag entries. */
export function splitTagInput(input: string): string[] {
  return input.split(/[\s,，、;；]+/u).filter(Boolean);
}
