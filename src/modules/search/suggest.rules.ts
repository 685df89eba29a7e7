/**
 * Did you mean: per word, the index vocabulary's words within a small edit distance, the closest
 * first and, among equally close ones, the most used (quantm → quantum, not quanta). Pure; the
 * engine supplies the candidate words and their document counts, the service checks that a
 * respelled query finds something before offering it.
 */

/** A vocabulary word near a typed one, with how many live questions use it. */
export interface VocabularyWord {
  readonly word: string;
  readonly docCount: number;
}

/** Edits between two words, a swap of neighbours counting as one (nueral → neural: 1). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const row = rows[i]!;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j]!, rows[i - 2]![j - 2]! + 1);
      }
    }
  }
  return rows[a.length]![b.length]!;
}

/** The most edits a correction may need: one for short words, two from six letters on. */
export function maxEdits(word: string): number {
  return word.length >= 6 ? 2 : 1;
}

/** A word used this often is taken as meant, whatever its neighbours. */
const KNOWN_ENOUGH = 3;
/** A rare known word gives way to a neighbour used this many times more (a typo in a title). */
const FAR_MORE_USED = 10;

/**
 * Corrections for one typed word, best first (at most `limit`); empty when the word is fine as
 * it is or nothing in the vocabulary is close enough.
 */
export function corrections(word: string, vocabulary: readonly VocabularyWord[], limit = 3): string[] {
  const own = vocabulary.find((v) => v.word === word)?.docCount ?? 0;
  if (own >= KNOWN_ENOUGH) return [];
  const limitEdits = maxEdits(word);
  return vocabulary
    .filter((v) => v.word !== word && v.docCount >= Math.max(1, own * FAR_MORE_USED))
    .map((v) => ({ ...v, edits: editDistance(word, v.word) }))
    .filter((v) => v.edits <= limitEdits)
    .sort((a, b) => a.edits - b.edits || b.docCount - a.docCount || (a.word < b.word ? -1 : 1))
    .slice(0, limit)
    .map((v) => v.word);
}

/**
 * Whole respelled queries, best first: every word at its best correction, then each word in turn
 * at its next one. Words without corrections stay as typed; nothing when no word changes.
 */
export function respellings(
  words: readonly string[],
  fixes: ReadonlyMap<string, readonly string[]>,
  limit = 3,
): string[][] {
  const options = words.map((w) => fixes.get(w) ?? []);
  if (options.every((o) => o.length === 0)) return [];
  const best = words.map((w, i) => options[i]![0] ?? w);
  const out = [best];
  for (let rank = 1; rank < 3 && out.length < limit; rank += 1) {
    for (const [i, option] of options.entries()) {
      const next = option[rank];
      if (next === undefined || out.length >= limit) continue;
      out.push(best.map((w, j) => (j === i ? next : w)));
    }
  }
  return out;
}
