import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

type Db = Kysely<DB>;

export type PostKind = 'question' | 'answer';
export type VoteValue = 1 | -1;

/** The member's current vote on a post, if any. */
export async function findVote(
  db: Db,
  post: PostKind,
  postId: number,
  voterId: number,
): Promise<VoteValue | undefined> {
  const row =
    post === 'question'
      ? await db
          .selectFrom('question_votes')
          .select('value')
          .where('question_id', '=', postId)
          .where('voter_id', '=', voterId)
          .executeTakeFirst()
      : await db
          .selectFrom('answer_votes')
          .select('value')
          .where('answer_id', '=', postId)
          .where('voter_id', '=', voterId)
          .executeTakeFirst();
  return row?.value;
}

/** The member's votes on many posts at once (for a question page). */
export async function findVotesOfVoter(
  db: Db,
  voterId: number,
  questionId: number,
  answerIds: readonly number[],
): Promise<{ question: VoteValue | undefined; answers: Map<number, VoteValue> }> {
  const question = await findVote(db, 'question', questionId, voterId);
  const answers = new Map<number, VoteValue>();
  if (answerIds.length > 0) {
    const rows = await db
      .selectFrom('answer_votes')
      .select(['answer_id', 'value'])
      .where('voter_id', '=', voterId)
      .where('answer_id', 'in', answerIds)
      .execute();
    for (const row of rows) answers.set(row.answer_id, row.value);
  }
  return { question, answers };
}

export async function insertVote(
  db: Db,
  vote: { post: PostKind; postId: number; voterId: number; value: VoteValue; now: Date },
): Promise<void> {
  if (vote.post === 'question') {
    await db
      .insertInto('question_votes')
      .values({ question_id: vote.postId, voter_id: vote.voterId, value: vote.value, created_at: vote.now })
      .execute();
  } else {
    await db
      .insertInto('answer_votes')
      .values({ answer_id: vote.postId, voter_id: vote.voterId, value: vote.value, created_at: vote.now })
      .execute();
  }
}

export async function updateVoteValue(
  db: Db,
  post: PostKind,
  postId: number,
  voterId: number,
  value: VoteValue,
): Promise<void> {
  if (post === 'question') {
    await db
      .updateTable('question_votes')
      .set({ value })
      .where('question_id', '=', postId)
      .where('voter_id', '=', voterId)
      .execute();
  } else {
    await db
      .updateTable('answer_votes')
      .set({ value })
      .where('answer_id', '=', postId)
      .where('voter_id', '=', voterId)
      .execute();
  }
}

export async function deleteVote(db: Db, post: PostKind, postId: number, voterId: number): Promise<void> {
  if (post === 'question') {
    await db
      .deleteFrom('question_votes')
      .where('question_id', '=', postId)
      .where('voter_id', '=', voterId)
      .execute();
  } else {
    await db
      .deleteFrom('answer_votes')
      .where('answer_id', '=', postId)
      .where('voter_id', '=', voterId)
      .execute();
  }
}

/** Adds `delta` to a post's score and returns the new score. */
export async function bumpScore(db: Db, post: PostKind, postId: number, delta: number): Promise<number> {
  const row =
    post === 'question'
      ? await db
          .updateTable('questions')
          .set((eb) => ({ score: eb('score', '+', delta) }))
          .where('id', '=', postId)
          .returning('score')
          .executeTakeFirstOrThrow()
      : await db
          .updateTable('answers')
          .set((eb) => ({ score: eb('score', '+', delta) }))
          .where('id', '=', postId)
          .returning('score')
          .executeTakeFirstOrThrow();
  return row.score;
}
