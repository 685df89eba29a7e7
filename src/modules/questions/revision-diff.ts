import { diffArrays, diffWordsWithSpace } from 'diff';

export interface DiffSegment {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** Word-level differences between two texts, as segments to show inline (jsdiff). */
export function diffText(before: string, after: string): DiffSegment[] {
  return diffWordsWithSpace(before, after).map((part) => ({
    kind: part.added ? 'added' : part.removed ? 'removed' : 'same',
    text: part.value,
  }));
}

/** Tags added and removed between two versions, in order. */
export function diffTags(before: readonly string[], after: readonly string[]): DiffSegment[] {
  return diffArrays([...before], [...after]).flatMap((part) =>
    part.value.map(
      (tag) => ({ kind: part.added ? 'added' : part.removed ? 'removed' : 'same', text: tag }) as DiffSegment,
    ),
  );
}

/** True when a diff has any change at all. */
export function hasChanges(segments: readonly DiffSegment[]): boolean {
  return segments.some((segment) => segment.kind !== 'same');
}
