import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { QuestionLanguage } from '../../platform/text/language.js';

type Db = Kysely<DB>;

/** Who wrote something, as lists and pages show them. */
export interface AuthorRef {
  id: number;
  username: string;
  displayName: string;
  reputation: number;
  /** Set on imported accounts: where from (`se:ai`) and the id there (`"1234"`). */
  imported: { source: string; id: string } | null;
}

export interface QuestionRecord {
  id: number;
  authorId: number | null;
  author: AuthorRef | null;
  title: string;
  slug: string;
  body: string;
  bodyHtml: string;
  tags: string[];
  score: number;
  answerCount: number;
  commentCount: number;
  viewCount: number;
  acceptedAnswerId: number | null;
  createdAt: Date;
  updatedAt: Date;
  lastActivityAt: Date;
  deletedAt: Date | null;
  license: string | null;
  sourceUrl: string | null;
}

export interface QuestionSummaryRecord {
  id: number;
  title: string;
  slug: string;
  excerpt: string;
  tags: string[];
  score: number;
  answerCount: number;
  viewCount: number;
  acceptedAnswerId: number | null;
  author: AuthorRef | null;
  createdAt: Date;
  lastActivityAt: Date;
  /** Imported questions: the original. */
  sourceUrl: string | null;
}

export interface AnswerRecord {
  id: number;
  questionId: number;
  authorId: number | null;
  author: AuthorRef | null;
  body: string;
  bodyHtml: string;
  score: number;
  commentCount: number;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
  license: string | null;
  sourceUrl: string | null;
}

/** The author columns (`authorColumns`) of a joined row as an AuthorRef; null for no author. */
export function authorOf(row: {
  author_id: number | null;
  author_username: string | null;
  author_display_name: string | null;
  author_reputation: number | null;
  author_import_source: string | null;
  author_import_id: string | null;
}): AuthorRef | null {
  if (row.author_id === null || row.author_username === null) return null;
  return {
    id: row.author_id,
    username: row.author_username,
    displayName: row.author_display_name ?? row.author_username,
    reputation: row.author_reputation ?? 0,
    imported:
      row.author_import_source !== null && row.author_import_id !== null
        ? { source: row.author_import_source, id: row.author_import_id }
        : null,
  };
}

/** Select these after a `leftJoin('users', …)` on the author id; read them with `authorOf`. */
export const authorColumns = [
  'users.username as author_username',
  'users.display_name as author_display_name',
  'users.reputation as author_reputation',
  'users.import_source as author_import_source',
  'users.import_id as author_import_id',
] as const;

function selectQuestions(db: Db) {
  return db
    .selectFrom('questions')
    .leftJoin('users', 'users.id', 'questions.author_id')
    .select([
      'questions.id',
      'questions.author_id',
      'questions.title',
      'questions.slug',
      'questions.body',
      'questions.body_html',
      'questions.tags',
      'questions.score',
      'questions.answer_count',
      'questions.comment_count',
      'questions.view_count',
      'questions.accepted_answer_id',
      'questions.created_at',
      'questions.updated_at',
      'questions.last_activity_at',
      'questions.deleted_at',
      'questions.license',
      'questions.source_url',
      ...authorColumns,
    ]);
}

type QuestionRow = Awaited<ReturnType<ReturnType<typeof selectQuestions>['executeTakeFirstOrThrow']>>;

function toQuestion(row: QuestionRow): QuestionRecord {
  return {
    id: row.id,
    authorId: row.author_id,
    author: authorOf(row),
    title: row.title,
    slug: row.slug,
    body: row.body,
    bodyHtml: row.body_html,
    tags: row.tags,
    score: row.score,
    answerCount: row.answer_count,
    commentCount: row.comment_count,
    viewCount: row.view_count,
    acceptedAnswerId: row.accepted_answer_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastActivityAt: row.last_activity_at,
    deletedAt: row.deleted_at,
    license: row.license,
    sourceUrl: row.source_url,
  };
}

export async function findQuestionById(db: Db, id: number): Promise<QuestionRecord | undefined> {
  const row = await selectQuestions(db).where('questions.id', '=', id).executeTakeFirst();
  return row && toQuestion(row);
}

export interface LockedQuestion {
  id: number;
  authorId: number | null;
  deletedAt: Date | null;
  acceptedAnswerId: number | null;
  answerCount: number;
  tags: string[];
  title: string;
  body: string;
}

/**
 * The question row locked for the rest of the transaction (read-modify-write of counters, accept),
 * `FOR NO KEY UPDATE` like every row of the lock order: no use case changes a question's id or
 * deletes its row, so rows naming it (answers, votes, bounties, search documents) may go on being
 * written meanwhile.
 */
export async function lockQuestionById(trx: Db, id: number): Promise<LockedQuestion | undefined> {
  const row = await trx
    .selectFrom('questions')
    .select(['id', 'author_id', 'deleted_at', 'accepted_answer_id', 'answer_count', 'tags', 'title', 'body'])
    .where('id', '=', id)
    .forNoKeyUpdate()
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      authorId: row.author_id,
      deletedAt: row.deleted_at,
      acceptedAnswerId: row.accepted_answer_id,
      answerCount: row.answer_count,
      tags: row.tags,
      title: row.title,
      body: row.body,
    }
  );
}

export type QuestionSort = 'newest' | 'votes' | 'active' | 'unanswered';

export interface QuestionFilter {
  sort: QuestionSort;
  tag?: string | undefined;
  authorId?: number | undefined;
  /** Only questions in this language (site-wide lists; tag and author lists ignore it). */
  language?: QuestionLanguage | undefined;
}

function filtered(db: Db, filter: QuestionFilter) {
  let query = db.selectFrom('questions').where('questions.deleted_at', 'is', null);
  if (filter.sort === 'unanswered') query = query.where('questions.answer_count', '=', 0);
  if (filter.authorId) query = query.where('questions.author_id', '=', filter.authorId);
  if (filter.language && !filter.tag && !filter.authorId) {
    query = query.where('questions.language', '=', filter.language);
  }
  return query;
}

/** A tag's live questions come from `question_tags`, whose indexes give them in every list order. */
function taggedIds(db: Db, tag: string, filter: QuestionFilter) {
  let query = db
    .selectFrom('question_tags')
    .select('question_tags.question_id')
    .where('question_tags.tag', '=', tag);
  if (filter.sort === 'unanswered') query = query.where('question_tags.answer_count', '=', 0);
  return query;
}

const sortColumns: Record<QuestionSort, Expression<unknown>[]> = {
  newest: [sql`questions.created_at desc`, sql`questions.id desc`],
  unanswered: [sql`questions.created_at desc`, sql`questions.id desc`],
  votes: [sql`questions.score desc`, sql`questions.id desc`],
  active: [sql`questions.last_activity_at desc`, sql`questions.id desc`],
};

// The same orders on question_tags, which carries the same sort keys.
const tagSortColumns: Record<QuestionSort, Expression<unknown>[]> = {
  newest: [sql`question_tags.created_at desc`, sql`question_tags.question_id desc`],
  unanswered: [sql`question_tags.created_at desc`, sql`question_tags.question_id desc`],
  votes: [sql`question_tags.score desc`, sql`question_tags.question_id desc`],
  active: [sql`question_tags.last_activity_at desc`, sql`question_tags.question_id desc`],
};

/** One page of live questions in the requested order, with a short plain-text excerpt. */
export async function findQuestionSummaries(
  db: Db,
  filter: QuestionFilter,
  page: { limit: number; offset: number },
): Promise<QuestionSummaryRecord[]> {
  let query = filtered(db, filter)
    .leftJoin('users', 'users.id', 'questions.author_id')
    .select([
      'questions.id',
      'questions.title',
      'questions.slug',
      sql<string>`left(questions.body_text, 240)`.as('excerpt'),
      'questions.tags',
      'questions.score',
      'questions.answer_count',
      'questions.view_count',
      'questions.accepted_answer_id',
      'questions.author_id',
      'questions.created_at',
      'questions.last_activity_at',
      'questions.source_url',
      ...authorColumns,
    ]);
  for (const column of sortColumns[filter.sort]) query = query.orderBy(column as never);
  if (filter.tag && !filter.authorId) {
    // The page is cut from the tag's index range; the outer query only joins and orders it.
    let ids = taggedIds(db, filter.tag, filter);
    for (const column of tagSortColumns[filter.sort]) ids = ids.orderBy(column as never);
    query = query.where('questions.id', 'in', ids.limit(page.limit).offset(page.offset));
  } else {
    if (filter.tag) query = query.where(sql<SqlBool>`questions.tags @> array[${filter.tag}]::text[]`);
    query = query.limit(page.limit).offset(page.offset);
  }
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    slug: row.slug,
    excerpt: row.excerpt,
    tags: row.tags,
    score: row.score,
    answerCount: row.answer_count,
    viewCount: row.view_count,
    acceptedAnswerId: row.accepted_answer_id,
    author: authorOf(row),
    createdAt: row.created_at,
    lastActivityAt: row.last_activity_at,
    sourceUrl: row.source_url,
  }));
}

/** How many live questions match; capped, since an exact count of a huge list buys nothing. */
export async function countQuestions(db: Db, filter: QuestionFilter, cap = 100_000): Promise<number> {
  // A tag's live question count is kept exact in `tags`: reading it beats counting thousands of rows.
  if (filter.tag && filter.sort !== 'unanswered' && !filter.authorId) {
    const tag = await db
      .selectFrom('tags')
      .select('question_count')
      .where('name', '=', filter.tag)
      .executeTakeFirst();
    return tag?.question_count ?? 0;
  }
  if (filter.tag && !filter.authorId) {
    const row = await db
      .selectFrom(taggedIds(db, filter.tag, filter).limit(cap).as('matching'))
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }
  let matching = filtered(db, filter);
  if (filter.tag) matching = matching.where(sql<SqlBool>`questions.tags @> array[${filter.tag}]::text[]`);
  const row = await db
    .selectFrom(matching.select('questions.id').limit(cap).as('matching'))
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertQuestion(
  db: Db,
  question: {
    authorId: number;
    title: string;
    slug: string;
    body: string;
    bodyHtml: string;
    bodyText: string;
    tags: string[];
    language: QuestionLanguage;
    now: Date;
  },
): Promise<number> {
  const row = await db
    .insertInto('questions')
    .values({
      author_id: question.authorId,
      title: question.title,
      slug: question.slug,
      body: question.body,
      body_html: question.bodyHtml,
      body_text: question.bodyText,
      tags: question.tags,
      language: question.language,
      created_at: question.now,
      updated_at: question.now,
      last_activity_at: question.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Writes an edit; the body columns only when the body itself changed (`rendered`). */
export async function updateQuestionContent(
  db: Db,
  id: number,
  content: {
    title: string;
    slug: string;
    tags: string[];
    language: QuestionLanguage;
    now: Date;
    rendered?: { body: string; bodyHtml: string; bodyText: string } | undefined;
  },
): Promise<void> {
  await db
    .updateTable('questions')
    .set({
      title: content.title,
      slug: content.slug,
      tags: content.tags,
      language: content.language,
      updated_at: content.now,
      last_activity_at: content.now,
      ...(content.rendered
        ? {
            body: content.rendered.body,
            body_html: content.rendered.bodyHtml,
            body_text: content.rendered.bodyText,
          }
        : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function setQuestionDeletedAt(db: Db, id: number, deletedAt: Date | null): Promise<void> {
  await db.updateTable('questions').set({ deleted_at: deletedAt }).where('id', '=', id).execute();
}

export async function setAcceptedAnswer(
  db: Db,
  questionId: number,
  answerId: number | null,
  now: Date,
): Promise<void> {
  await db
    .updateTable('questions')
    .set({ accepted_answer_id: answerId, last_activity_at: now })
    .where('id', '=', questionId)
    .execute();
}

/** Adds `delta` to a question's answer count and marks activity. */
export async function bumpAnswerCount(db: Db, questionId: number, delta: number, now: Date): Promise<void> {
  await db
    .updateTable('questions')
    .set((eb) => ({ answer_count: eb('answer_count', '+', delta), last_activity_at: now }))
    .where('id', '=', questionId)
    .execute();
}

export async function touchQuestionActivity(db: Db, questionId: number, now: Date): Promise<void> {
  await db.updateTable('questions').set({ last_activity_at: now }).where('id', '=', questionId).execute();
}

function selectAnswers(db: Db) {
  return db
    .selectFrom('answers')
    .leftJoin('users', 'users.id', 'answers.author_id')
    .select([
      'answers.id',
      'answers.question_id',
      'answers.author_id',
      'answers.body',
      'answers.body_html',
      'answers.score',
      'answers.comment_count',
      'answers.created_at',
      'answers.updated_at',
      'answers.deleted_at',
      'answers.license',
      'answers.source_url',
      ...authorColumns,
    ]);
}

type AnswerRow = Awaited<ReturnType<ReturnType<typeof selectAnswers>['executeTakeFirstOrThrow']>>;

function toAnswer(row: AnswerRow): AnswerRecord {
  return {
    id: row.id,
    questionId: row.question_id,
    authorId: row.author_id,
    author: authorOf(row),
    body: row.body,
    bodyHtml: row.body_html,
    score: row.score,
    commentCount: row.comment_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
    license: row.license,
    sourceUrl: row.source_url,
  };
}

export async function findAnswerById(db: Db, id: number): Promise<AnswerRecord | undefined> {
  const row = await selectAnswers(db).where('answers.id', '=', id).executeTakeFirst();
  return row && toAnswer(row);
}

/**
 * Who wrote a post, unlocked: a use case that moves its author's reputation locks the members
 * first (the lock order) and so needs the author before it locks the post.
 */
export async function findPostAuthorId(
  db: Db,
  post: 'question' | 'answer',
  id: number,
): Promise<number | null | undefined> {
  const row =
    post === 'question'
      ? await db.selectFrom('questions').select('author_id').where('id', '=', id).executeTakeFirst()
      : await db.selectFrom('answers').select('author_id').where('id', '=', id).executeTakeFirst();
  return row?.author_id;
}

/** The authors an accept of this answer moves: its own, and the currently accepted answer's (unlocked, as above). */
export async function findAcceptAuthorIds(db: Db, answerId: number): Promise<number[]> {
  const row = await db
    .selectFrom('answers as a')
    .innerJoin('questions as q', 'q.id', 'a.question_id')
    .leftJoin('answers as accepted', 'accepted.id', 'q.accepted_answer_id')
    .select(['a.author_id as authorId', 'accepted.author_id as acceptedAuthorId'])
    .where('a.id', '=', answerId)
    .executeTakeFirst();
  return [row?.authorId, row?.acceptedAuthorId].filter((id): id is number => typeof id === 'number');
}

export async function lockAnswerById(
  trx: Db,
  id: number,
): Promise<
  | { id: number; questionId: number; authorId: number | null; deletedAt: Date | null; body: string }
  | undefined
> {
  const row = await trx
    .selectFrom('answers')
    .select(['id', 'question_id', 'author_id', 'deleted_at', 'body'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      questionId: row.question_id,
      authorId: row.author_id,
      deletedAt: row.deleted_at,
      body: row.body,
    }
  );
}

/** A question's answers, deleted ones included (the caller decides who sees them). */
export async function findAnswersOfQuestion(db: Db, questionId: number): Promise<AnswerRecord[]> {
  const rows = await selectAnswers(db)
    .where('answers.question_id', '=', questionId)
    .orderBy('answers.id')
    .execute();
  return rows.map(toAnswer);
}

export async function insertAnswer(
  db: Db,
  answer: {
    questionId: number;
    authorId: number;
    body: string;
    bodyHtml: string;
    bodyText: string;
    now: Date;
  },
): Promise<number> {
  const row = await db
    .insertInto('answers')
    .values({
      question_id: answer.questionId,
      author_id: answer.authorId,
      body: answer.body,
      body_html: answer.bodyHtml,
      body_text: answer.bodyText,
      created_at: answer.now,
      updated_at: answer.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateAnswerContent(
  db: Db,
  id: number,
  content: { body: string; bodyHtml: string; bodyText: string; now: Date },
): Promise<void> {
  await db
    .updateTable('answers')
    .set({
      body: content.body,
      body_html: content.bodyHtml,
      body_text: content.bodyText,
      updated_at: content.now,
    })
    .where('id', '=', id)
    .execute();
}

export async function setAnswerDeletedAt(db: Db, id: number, deletedAt: Date | null): Promise<void> {
  await db.updateTable('answers').set({ deleted_at: deletedAt }).where('id', '=', id).execute();
}
