/** Rows of one kind: written now, already there from an earlier run, or not usable. */
export interface RowCount {
  inserted: number;
  /** Already imported (same import source + import id): left as they are. */
  existing: number;
  /** Not written: no such post/question to attach to, a vote type we do not keep, a duplicate. */
  skipped: number;
}

/** What an import did, per kind of row, plus notes (missing files) and how long it took. */
export interface Summary {
  rows: Record<string, RowCount>;
  notes: string[];
  elapsedMs: number;
}

export function emptySummary(): Summary {
  return { rows: {}, notes: [], elapsedMs: 0 };
}

/** Adds counts to one row kind of a summary. */
export function tally(summary: Summary, kind: string, counts: Partial<RowCount>): void {
  const row = summary.rows[kind] ?? { inserted: 0, existing: 0, skipped: 0 };
  summary.rows[kind] = row;
  row.inserted += counts.inserted ?? 0;
  row.existing += counts.existing ?? 0;
  row.skipped += counts.skipped ?? 0;
}

/** Several summaries as one (counts added, notes joined, the longest time kept). */
export function mergeSummaries(summaries: readonly Summary[]): Summary {
  const merged = emptySummary();
  for (const summary of summaries) {
    for (const [kind, counts] of Object.entries(summary.rows)) tally(merged, kind, counts);
    merged.notes.push(...summary.notes);
    merged.elapsedMs = Math.max(merged.elapsedMs, summary.elapsedMs);
  }
  return merged;
}

// The order rows are listed in (others follow, in the order they came).
const ORDER = [
  'users',
  'users (placeholders)',
  'questions',
  'answers',
  'revisions',
  'accepted answers',
  'comments',
  'votes',
  'votes (score fill)',
  'question links',
  'tags',
  'tag descriptions',
  'posts of other types',
];

function rank(kind: string): number {
  const index = ORDER.indexOf(kind);
  return index < 0 ? ORDER.length : index;
}

/** A plain-text table of a summary, for a terminal. */
export function formatSummary(summary: Summary): string {
  const header = ['rows', 'inserted', 'existing', 'skipped'];
  const entries = Object.entries(summary.rows).sort(([a], [b]) => rank(a) - rank(b));
  const body = entries.map(([kind, c]) => [kind, String(c.inserted), String(c.existing), String(c.skipped)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const notes = summary.notes.map((note) => `note: ${note}`);
  return [
    line(header),
    rule,
    ...body.map(line),
    rule,
    `time: ${(summary.elapsedMs / 1000).toFixed(1)} s`,
    ...notes,
  ].join('\n');
}

/** Where a long import is: which file (or pass over it), and how far through it. */
export interface ImportProgress {
  task: string;
  /** Bytes read so far, of `total` (the file's size on disk). */
  done: number;
  total: number;
  /** Records read so far in this task. */
  rows: number;
}

export type ProgressListener = (progress: ImportProgress) => void;
