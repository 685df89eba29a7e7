import { sql } from 'kysely';
import type { Db } from './search.port.js';

/**
 * Reads what search results show about questions (the search module is a read model over the
 * questions module's tables; it never writes them).
 */

export interface ResultQuestion {
  id: number;
  title: string;
  slug: string;
  tags: string[];
  score: number;
  answerCount: number;
  acceptedAnswerId: number | null;
  viewCount: number;
  createdAt: Date;
  author: { id: number; username: string; displayName: string; reputation: number } | null;
  /** The start of the plain-text body, enough for a snippet. */
  text: string;
}

interface Row {
  id: number;
  title: string;
  slug: string;
  tags: string[];
  score: number;
  answer_count: number;
  accepted_answer_id: number | null;
  view_count: number;
  created_at: Date;
  author_id: number | null;
  username: string | null;
  display_name: string | null;
  reputation: number | null;
  text: string;
}

/** Live questions with these ids, in the order of `ids` (missing or deleted ones are left out). */
export async function findResultQuestions(db: Db, ids: readonly number[], textChars = 3_000) {
  if (ids.length === 0) return [];
  const { rows } = await sql<Row>`
    select q.id, q.title, q.slug, q.tags, q.score, q.answer_count, q.accepted_answer_id, q.view_count,
      q.created_at, q.author_id, u.username, u.display_name, u.reputation, left(q.body_text, ${textChars}) as text
    from questions q left join users u on u.id = q.author_id
    where q.id = any(${sql.val([...ids])}::bigint[]) and q.deleted_at is null`.execute(db);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id): ResultQuestion[] => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
        id: r.id,
        title: r.title,
        slug: r.slug,
        tags: r.tags,
        score: r.score,
        answerCount: r.answer_count,
        acceptedAnswerId: r.accepted_answer_id,
        viewCount: r.view_count,
        createdAt: r.created_at,
        author:
          r.author_id !== null && r.username !== null
            ? {
                id: r.author_id,
                username: r.username,
                displayName: r.display_name ?? r.username,
                reputation: r.reputation ?? 0,
              }
            : null,
        text: r.text,
      },
    ];
  });
}

/** A live question's title, tags and plain body: what "related questions" starts from. */
export async function findQuestionSource(db: Db, id: number) {
  const { rows } = await sql<{ title: string; tags: string[]; body: string }>`
    select title, tags, left(body_text, 20000) as body from questions
    where id = ${id} and deleted_at is null`.execute(db);
  return rows[0];
}
