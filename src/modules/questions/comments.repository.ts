import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { type AuthorRef, authorColumns, authorOf } from './questions.repository.js';

type Db = Kysely<DB>;

export type CommentTarget = { questionId: number } | { answerId: number };

export interface CommentRecord {
  id: number;
  questionId: number | null;
  answerId: number | null;
  authorId: number | null;
  author: AuthorRef | null;
  body: string;
  bodyHtml: string;
  score: number;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

function selectComments(db: Db) {
  return db
    .selectFrom('comments')
    .leftJoin('users', 'users.id', 'comments.author_id')
    .select([
      'comments.id',
      'comments.question_id',
      'comments.answer_id',
      'comments.author_id',
      'comments.body',
      'comments.body_html',
      'comments.score',
      'comments.created_at',
      'comments.updated_at',
      'comments.deleted_at',
      ...authorColumns,
    ]);
}

type CommentRow = Awaited<ReturnType<ReturnType<typeof selectComments>['executeTakeFirstOrThrow']>>;

function toComment(row: CommentRow): CommentRecord {
  return {
    id: row.id,
    questionId: row.question_id,
    answerId: row.answer_id,
    authorId: row.author_id,
    author: authorOf(row),
    body: row.body,
    bodyHtml: row.body_html,
    score: row.score,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

export async function findCommentById(db: Db, id: number): Promise<CommentRecord | undefined> {
  const row = await selectComments(db).where('comments.id', '=', id).executeTakeFirst();
  return row && toComment(row);
}

export async function lockCommentById(db: Db, id: number): Promise<CommentRecord | undefined> {
  const row = await selectComments(db)
    .where('comments.id', '=', id)
    .forUpdate(['comments'])
    .executeTakeFirst();
  return row && toComment(row);
}

/** Live comments on a question and on its answers, oldest first: one query for a whole page. */
export async function findLiveCommentsOfThread(
  db: Db,
  questionId: number,
  answerIds: readonly number[],
): Promise<CommentRecord[]> {
  const rows = await selectComments(db)
    .where('comments.deleted_at', 'is', null)
    .where((eb) =>
      answerIds.length > 0
        ? eb.or([eb('comments.question_id', '=', questionId), eb('comments.answer_id', 'in', answerIds)])
        : eb('comments.question_id', '=', questionId),
    )
    .orderBy('comments.created_at')
    .orderBy('comments.id')
    .execute();
  return rows.map(toComment);
}

/** Live comments on one question (not its answers') or one answer, oldest first: what a comment list shows. */
export async function findLiveCommentsOfPost(db: Db, target: CommentTarget): Promise<CommentRecord[]> {
  const rows = await selectComments(db)
    .where('comments.deleted_at', 'is', null)
    .where((eb) =>
      'questionId' in target
        ? eb('comments.question_id', '=', target.questionId)
        : eb('comments.answer_id', '=', target.answerId),
    )
    .orderBy('comments.created_at')
    .orderBy('comments.id')
    .execute();
  return rows.map(toComment);
}

export async function insertComment(
  db: Db,
  comment: { target: CommentTarget; authorId: number; body: string; bodyHtml: string; now: Date },
): Promise<number> {
  const row = await db
    .insertInto('comments')
    .values({
      question_id: 'questionId' in comment.target ? comment.target.questionId : null,
      answer_id: 'answerId' in comment.target ? comment.target.answerId : null,
      author_id: comment.authorId,
      body: comment.body,
      body_html: comment.bodyHtml,
      created_at: comment.now,
      updated_at: comment.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateCommentBody(
  db: Db,
  id: number,
  body: { body: string; bodyHtml: string; now: Date },
): Promise<void> {
  await db
    .updateTable('comments')
    .set({ body: body.body, body_html: body.bodyHtml, updated_at: body.now })
    .where('id', '=', id)
    .execute();
}

export async function setCommentDeletedAt(db: Db, id: number, deletedAt: Date): Promise<void> {
  await db.updateTable('comments').set({ deleted_at: deletedAt }).where('id', '=', id).execute();
}

/** Keeps the denormalised comment count of the commented post in step. */
export async function bumpCommentCount(db: Db, target: CommentTarget, delta: number): Promise<void> {
  if ('questionId' in target) {
    await db
      .updateTable('questions')
      .set((eb) => ({ comment_count: eb('comment_count', '+', delta) }))
      .where('id', '=', target.questionId)
      .execute();
  } else {
    await db
      .updateTable('answers')
      .set((eb) => ({ comment_count: eb('comment_count', '+', delta) }))
      .where('id', '=', target.answerId)
      .execute();
  }
}
