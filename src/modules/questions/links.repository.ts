import { type Kysely, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

/** A question at the other end of a link, as the "Linked" box and the duplicate banner show it. */
export interface LinkedQuestion {
  id: number;
  title: string;
  slug: string;
  score: number;
  answerCount: number;
  accepted: boolean;
  /** How this question relates to the page's: it links here, is linked from here, or duplicates it. */
  relation: 'links_here' | 'linked_from_here' | 'duplicate_of_this' | 'original';
}

/** The most linked questions a page lists. */
const LINKS_LIMIT = 20;

/**
 * Every live question linked to or from this one (`question_links`, imported from Stack Exchange
 * PostLinks), highest score first: `original` is what this question duplicates. One query on the
 * pair's two indexes.
 */
export async function findLinksOfQuestion(db: Kysely<DB>, questionId: number): Promise<LinkedQuestion[]> {
  const rows = await db
    .selectFrom('question_links as l')
    .innerJoin('questions as q', (join) =>
      join.on((eb) =>
        eb.or([
          eb.and([eb('l.question_id', '=', questionId), eb('q.id', '=', eb.ref('l.related_question_id'))]),
          eb.and([eb('l.related_question_id', '=', questionId), eb('q.id', '=', eb.ref('l.question_id'))]),
        ]),
      ),
    )
    .where((eb) =>
      eb.or([eb('l.question_id', '=', questionId), eb('l.related_question_id', '=', questionId)]),
    )
    .where('q.deleted_at', 'is', null)
    .select([
      'q.id',
      'q.title',
      'q.slug',
      'q.score',
      'q.answer_count',
      'q.accepted_answer_id',
      'l.kind',
      'l.question_id as from_id',
    ])
    // Duplicate links first, so the limit never cuts what this question duplicates, and a pair
    // linked both ways keeps its duplicate row below.
    .orderBy(sql`l.kind = 'duplicate'`, 'desc')
    .orderBy('q.score', 'desc')
    .orderBy('q.id')
    .limit(LINKS_LIMIT)
    .execute();
  const seen = new Set<number>();
  const unique = rows.filter((row) => !seen.has(row.id) && seen.add(row.id));
  unique.sort((a, b) => b.score - a.score || a.id - b.id);
  return unique.map((row) => {
    const fromHere = row.from_id === questionId;
    return {
      id: row.id,
      title: row.title,
      slug: row.slug,
      score: row.score,
      answerCount: row.answer_count,
      accepted: row.accepted_answer_id !== null,
      relation:
        row.kind === 'duplicate'
          ? fromHere
            ? 'original'
            : 'duplicate_of_this'
          : fromHere
            ? 'linked_from_here'
            : 'links_here',
    };
  });
}
