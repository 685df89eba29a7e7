/**
 * The language a question is written in, as lists filter by it: `zh` (Chinese) or `en` (everything
 * else, English in practice). Decided on the title and the start of the body, so a Chinese question
 * full of English identifiers or an English one quoting a Chinese string each land where a reader
 * of that language looks. The same rule is written in SQL in migrations/0014 (backfill): change
 * both together.
 */

export type QuestionLanguage = 'en' | 'zh';

/** How much of the body counts (characters of plain text). */
export const LANGUAGE_SAMPLE_CHARS = 500;

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff]/g;
const LATIN_WORD = /[A-Za-z]{2,}/g;

/** `zh` when the text has at least 5 Han characters and at least one per two Latin words. */
export function detectLanguage(title: string, bodyText: string): QuestionLanguage {
  const sample = `${title} ${bodyText.slice(0, LANGUAGE_SAMPLE_CHARS)}`;
  const han = sample.match(HAN)?.length ?? 0;
  const words = sample.match(LATIN_WORD)?.length ?? 0;
  return han >= 5 && han * 2 >= words ? 'zh' : 'en';
}
