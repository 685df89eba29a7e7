import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

/**
 * Turns mixed Chinese/English technical text into the words a search index should hold:
 * Chinese is segmented with jieba (search mode: 机器学习 also yields 机器, 学习), identifiers are
 * split as programmers read them (useEffect → useeffect, use, effect), and names that punctuation
 * would destroy are kept whole (c++ → cplusplus, c# → csharp, .net → dotnet, node.js → nodejs).
 * The output is fed to PostgreSQL's `english` text-search configuration, which adds stemming
 * and English stop words; the same function prepares queries, so both sides agree.
 */

const jieba = Jieba.withDict(dict);
const userWords = new Set<string>();

/** Teaches the segmenter words it must keep whole (the site's tags: 机器学习, 区块链…). */
export function addUserWords(words: Iterable<string>): void {
  const fresh = [...words].filter((w) => /\p{Script=Han}/u.test(w) && !userWords.has(w));
  if (fresh.length === 0) return;
  for (const word of fresh) userWords.add(word);
  jieba.loadDict(Buffer.from(fresh.map((w) => `${w} 100000 n`).join('\n')));
}

// Names whose punctuation carries meaning, rewritten before the text is split into words.
const PROTECTED: Array<[RegExp, string]> = [
  [/(^|[^\p{L}\p{N}])c\+\+(?![\p{L}\p{N}+])/giu, '$1cplusplus'],
  [/(^|[^\p{L}\p{N}])c#(?![\p{L}\p{N}])/giu, '$1csharp'],
  [/(^|[^\p{L}\p{N}])f#(?![\p{L}\p{N}])/giu, '$1fsharp'],
  [/(^|[^\p{L}\p{N}.])\.net(?![\p{L}\p{N}])/giu, '$1dotnet'],
  // node.js → "nodejs node": found by either spelling.
  [/(^|[^\p{L}\p{N}])([a-z][a-z0-9]*)\.js(?![\p{L}\p{N}])/giu, '$1$2js $2'],
];

// Very common Chinese function words: as useless for matching as "the" and "of".
const CHINESE_STOP_WORDS = new Set(
  '的 了 是 在 和 与 及 或 也 都 就 而 着 吗 呢 吧 啊 呀 哦 么 这 那 这个 那个 一个 有 没有 我 你 他 她 它 我们 你们 他们 请问 如何 怎么 怎样 什么 为什么 为何 哪些 哪个 是否 可以 能 能否 会 要 把 被 让 对 从 到 给 上 下 中 里 时 时候 之 其 该 如果 但是 但 因为 所以 以及 还是 还 又 很 更 最 吗？'.split(
    ' ',
  ),
);

const HAN = /\p{Script=Han}/u;
// A letter or digit of any script but Han: an identifier ends where Chinese begins, so
// "使用Dataset处理" reads as 使用 / Dataset / 处理 with or without backticks around the name.
const WORD = '(?:(?!\\p{Script=Han})[\\p{L}\\p{N}])';
// Runs of Han characters, or runs of other letters/digits (with the joiners identifiers use).
const RUNS = new RegExp(`\\p{Script=Han}+|${WORD}(?:${WORD}|[_'.-])*${WORD}|${WORD}`, 'gu');

/** camelCase / PascalCase / snake_case / kebab-case / dotted parts of an identifier. */
export function identifierParts(word: string): string[] {
  const parts = word
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_.'-]+/)
    .filter(Boolean)
    .map((p) => p.toLowerCase());
  return parts.length > 1 ? parts : [];
}

/** The index words of `text`, in order, duplicates kept (term frequency matters). */
export function searchTokens(text: string): string[] {
  let normalized = text.normalize('NFKC');
  for (const [pattern, replacement] of PROTECTED) normalized = normalized.replace(pattern, replacement);
  const tokens: string[] = [];
  // Identifier parts need the original case, so find runs before lower-casing them.
  for (const match of normalized.matchAll(RUNS)) {
    const run = match[0];
    if (HAN.test(run[0] ?? '')) {
      for (const word of jieba.cutForSearch(run, true)) {
        if (word.trim() && !CHINESE_STOP_WORDS.has(word)) tokens.push(word);
      }
      continue;
    }
    const whole = run.toLowerCase().replace(/[.'-]+$/g, '');
    if (!whole) continue;
    tokens.push(whole.replace(/[.'_-]/g, ''));
    for (const part of identifierParts(run)) if (part !== whole) tokens.push(part);
  }
  return tokens;
}

/** `searchTokens` joined for `to_tsvector('english', …)`; truncated so huge posts stay cheap. */
export function searchDocument(text: string, maxTokens = 20_000): string {
  const tokens = searchTokens(text);
  return (tokens.length > maxTokens ? tokens.slice(0, maxTokens) : tokens).join(' ');
}
