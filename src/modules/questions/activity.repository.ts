import { type Kysely, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

type Db = Kysely<DB>;

/** One of a member's live posts, as their profile lists it: a question, or an answer with its question. */
export interface ActivityPost {
  kind: 'question' | 'answer';
  /** The question's or the answer's id. */
  id: number;
  questionId: number;
  title: string;
  slug: string;
  score: number;
  /** A question with an accepted answer; an answer that is the accepted one. */
  accepted: boolean;
  createdAt: Date;
}

/** How many live questions and answers (on live questions) a member has written. */
export interface ActivityCounts {
  questions: number;
  answers: number;
}

function questionsBy(db: Db, authorId: number) {
  return db
    .selectFrom('questions as q')
    .where('q.author_id', '=', authorId)
    .where('q.deleted_at', 'is', null);
}

function answersBy(db: Db, authorId: number) {
  return db
    .selectFrom('answers as a')
    .innerJoin('questions as q', 'q.id', 'a.question_id')
    .where('a.author_id', '=', authorId)
    .where('a.deleted_at', 'is', null)
    .where('q.deleted_at', 'is', null);
}

/** A page of the member's live questions and answers together, newest first (author indexes on both). */
export async function findPostsByAuthor(
  db: Db,
  authorId: number,
  page: { page: number; pageSize: number },
): Promise<ActivityPost[]> {
  const questions = questionsBy(db, authorId).select([
    sql<'question' | 'answer'>`'question'`.as('kind'),
    'q.id as id',
    'q.id as question_id',
    'q.title',
    'q.slug',
    'q.score',
    sql<boolean>`q.accepted_answer_id is not null`.as('accepted'),
    'q.created_at',
  ]);
  const answers = answersBy(db, authorId).select([
    sql<'question' | 'answer'>`'answer'`.as('kind'),
    'a.id as id',
    'q.id as question_id',
    'q.title',
    'q.slug',
    'a.score',
    sql<boolean>`q.accepted_answer_id is not distinct from a.id`.as('accepted'),
    'a.created_at',
  ]);
  const rows = await db
    .selectFrom(questions.unionAll(answers).as('p'))
    .selectAll()
    .orderBy('p.created_at', 'desc')
    .orderBy('p.kind', 'desc')
    .orderBy('p.id', 'desc')
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .execute();
  return rows.map((row) => ({
    kind: row.kind,
    id: Number(row.id),
    questionId: Number(row.question_id),
    title: row.title,
    slug: row.slug,
    score: Number(row.score),
    accepted: Boolean(row.accepted),
    createdAt: row.created_at,
  }));
}

/** The member's live questions and answers, counted in one round trip. */
export async function countPostsByAuthor(db: Db, authorId: number): Promise<ActivityCounts> {
  const row = await db
    .selectNoFrom([
      questionsBy(db, authorId)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .as('questions'),
      answersBy(db, authorId)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .as('answers'),
    ])
    .executeTakeFirstOrThrow();
  return { questions: Number(row.questions ?? 0), answers: Number(row.answers ?? 0) };
}
