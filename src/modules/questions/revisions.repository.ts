import type { Kysely } from 'kysely';
import type { DB, RevisionKind } from '../../platform/db/schema.js';
import { type AuthorRef, authorColumns, authorOf } from './questions.repository.js';

type Db = Kysely<DB>;

export interface RevisionRecord {
  id: number;
  number: number;
  kind: RevisionKind;
  author: AuthorRef | null;
  title: string | null;
  body: string;
  tags: string[] | null;
  comment: string;
  createdAt: Date;
}

export type PostRef = { questionId: number } | { answerId: number };

function postColumn(post: PostRef): ['question_id' | 'answer_id', number] {
  return 'questionId' in post ? ['question_id', post.questionId] : ['answer_id', post.answerId];
}

/** Appends the next revision of a post (numbered 1, 2, 3… per post) in the caller's transaction. */
export async function insertNextRevision(
  trx: Db,
  post: PostRef,
  revision: {
    authorId: number | null;
    kind: RevisionKind;
    title: string | null;
    body: string;
    tags: string[] | null;
    comment: string;
    now: Date;
  },
): Promise<number> {
  const [column, id] = postColumn(post);
  const last = await trx
    .selectFrom('revisions')
    .select((eb) => eb.fn.max('number').as('max'))
    .where(column, '=', id)
    .executeTakeFirst();
  const number = Number(last?.max ?? 0) + 1;
  await trx
    .insertInto('revisions')
    .values({
      question_id: column === 'question_id' ? id : null,
      answer_id: column === 'answer_id' ? id : null,
      number,
      author_id: revision.authorId,
      kind: revision.kind,
      title: revision.title,
      body: revision.body,
      tags: revision.tags,
      comment: revision.comment,
      created_at: revision.now,
    })
    .execute();
  return number;
}

/** Every revision of a post, oldest first. */
export async function findRevisions(db: Db, post: PostRef): Promise<RevisionRecord[]> {
  const [column, id] = postColumn(post);
  const rows = await db
    .selectFrom('revisions')
    .leftJoin('users', 'users.id', 'revisions.author_id')
    .select([
      'revisions.id',
      'revisions.number',
      'revisions.kind',
      'revisions.author_id',
      'revisions.title',
      'revisions.body',
      'revisions.tags',
      'revisions.comment',
      'revisions.created_at',
      ...authorColumns,
    ])
    .where(`revisions.${column}`, '=', id)
    .orderBy('revisions.number')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    kind: row.kind,
    author: authorOf(row),
    title: row.title,
    body: row.body,
    tags: row.tags,
    comment: row.comment,
    createdAt: row.created_at,
  }));
}
