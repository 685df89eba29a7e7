import { type Kysely, type Selectable, sql } from 'kysely';
import type { BountiesTable, DB } from '../../platform/db/schema.js';
import { type Currency, type Money, signedMoney } from '../../platform/money.js';
import type { BountyAnswer, BountyState } from './bounty.states.js';

type Db = Kysely<DB>;

/** A cash bounty as the module sees it (camelCase, money as Money). */
export interface Bounty {
  id: number;
  questionId: number;
  offererId: number;
  holdId: number;
  amount: Money;
  state: BountyState;
  requestKey: string;
  startedAt: Date;
  endsAt: Date;
  graceEndsAt: Date;
  awardedAnswerId: number | null;
  recipientId: number | null;
  /** What the recipient's wallet received, after commission. */
  recipientAmount: Money;
  fee: Money;
  refund: Money;
  settledTransactionId: number | null;
  settledAt: Date | null;
  createdAt: Date;
}

/** An open bounty with what the featured list shows of its question. */
export interface FeaturedBounty extends Bounty {
  questionTitle: string;
  questionSlug: string;
  answerCount: number;
  offererName: string;
}

/** What the offer rules need about a question, read under a row lock. */
export interface QuestionFacts {
  id: number;
  authorId: number | null;
  title: string;
  slug: string;
  createdAt: Date;
  deleted: boolean;
}

/** A bounties row as the module sees it. */
export function toBounty(row: Selectable<BountiesTable>): Bounty {
  const currency = row.currency as Currency;
  return {
    id: row.id,
    questionId: row.question_id,
    offererId: row.offerer_id,
    holdId: row.hold_id,
    amount: signedMoney(row.amount_minor, currency),
    state: row.state as BountyState,
    requestKey: row.request_key,
    startedAt: row.started_at,
    endsAt: row.ends_at,
    graceEndsAt: row.grace_ends_at,
    awardedAnswerId: row.awarded_answer_id,
    recipientId: row.recipient_id,
    recipientAmount: signedMoney(row.recipient_minor, currency),
    fee: signedMoney(row.fee_minor, currency),
    refund: signedMoney(row.refund_minor, currency),
    settledTransactionId: row.settled_transaction_id,
    settledAt: row.settled_at,
    createdAt: row.created_at,
  };
}

/** The id the next bounty will have (so its hold can name it before the row exists). */
export async function nextBountyId(db: Db): Promise<number> {
  const { rows } = await sql<{
    id: number;
  }>`select nextval(pg_get_serial_sequence('bounties', 'id'))::int8 as id`.execute(db);
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('nextval returned no row');
  return id;
}

export interface NewBounty {
  id: number;
  questionId: number;
  offererId: number;
  holdId: number;
  amount: Money;
  requestKey: string;
  startedAt: Date;
  endsAt: Date;
  graceEndsAt: Date;
}

export async function insertBounty(db: Db, bounty: NewBounty): Promise<Bounty> {
  const row = await db
    .insertInto('bounties')
    .values({
      id: bounty.id,
      question_id: bounty.questionId,
      offerer_id: bounty.offererId,
      hold_id: bounty.holdId,
      amount_minor: bounty.amount.amountMinor,
      currency: bounty.amount.currency,
      state: 'open',
      request_key: bounty.requestKey,
      started_at: bounty.startedAt,
      ends_at: bounty.endsAt,
      grace_ends_at: bounty.graceEndsAt,
      created_at: bounty.startedAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toBounty(row);
}

export async function findBountyById(db: Db, id: number): Promise<Bounty | undefined> {
  const row = await db.selectFrom('bounties').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toBounty(row);
}

/** The bounty, locked `FOR NO KEY UPDATE` until the end of the transaction. */
export async function lockBountyById(db: Db, id: number): Promise<Bounty | undefined> {
  const row = await db
    .selectFrom('bounties')
    .selectAll()
    .where('id', '=', id)
    .forNoKeyUpdate()
    .executeTakeFirst();
  return row && toBounty(row);
}

export async function findBountyByRequestKey(db: Db, requestKey: string): Promise<Bounty | undefined> {
  const row = await db
    .selectFrom('bounties')
    .selectAll()
    .where('request_key', '=', requestKey)
    .executeTakeFirst();
  return row && toBounty(row);
}

/** Open bounties on a question, and open bounties of a member anywhere. */
export async function countOpenBounties(
  db: Db,
  by: { questionId: number } | { offererId: number },
): Promise<number> {
  let query = db
    .selectFrom('bounties')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', 'open');
  query =
    'questionId' in by
      ? query.where('question_id', '=', by.questionId)
      : query.where('offerer_id', '=', by.offererId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

export interface BountySettlement {
  state: Exclude<BountyState, 'open'>;
  awardedAnswerId: number | null;
  recipientId: number | null;
  recipientMinor: number;
  feeMinor: number;
  refundMinor: number;
  settledTransactionId: number;
  settledAt: Date;
}

export async function setBountySettlement(db: Db, id: number, settlement: BountySettlement): Promise<Bounty> {
  const row = await db
    .updateTable('bounties')
    .set({
      state: settlement.state,
      awarded_answer_id: settlement.awardedAnswerId,
      recipient_id: settlement.recipientId,
      recipient_minor: settlement.recipientMinor,
      fee_minor: settlement.feeMinor,
      refund_minor: settlement.refundMinor,
      settled_transaction_id: settlement.settledTransactionId,
      settled_at: settlement.settledAt,
    })
    .where('id', '=', id)
    .where('state', '=', 'open')
    .returningAll()
    .executeTakeFirstOrThrow();
  return toBounty(row);
}

export type FeaturedSort = 'amount' | 'ending';

/** Open bounties on live questions, largest first or ending first; with their total. */
export async function listOpenBounties(
  db: Db,
  options: { sort: FeaturedSort; page: number; pageSize: number },
): Promise<{ items: FeaturedBounty[]; total: number }> {
  const base = db
    .selectFrom('bounties as b')
    .innerJoin('questions as q', 'q.id', 'b.question_id')
    .where('b.state', '=', 'open')
    .where('q.deleted_at', 'is', null);
  let query = base
    .innerJoin('users as u', 'u.id', 'b.offerer_id')
    .selectAll('b')
    .select([
      'q.title as question_title',
      'q.slug as question_slug',
      'q.answer_count as question_answer_count',
      'u.display_name as offerer_name',
    ]);
  query =
    options.sort === 'amount'
      ? query.orderBy('b.amount_minor', 'desc').orderBy('b.ends_at', 'asc').orderBy('b.id', 'asc')
      : query.orderBy('b.ends_at', 'asc').orderBy('b.id', 'asc');
  const [rows, count] = await Promise.all([
    query
      .limit(options.pageSize)
      .offset((options.page - 1) * options.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((row) => ({
      ...toBounty(row),
      questionTitle: row.question_title,
      questionSlug: row.question_slug,
      answerCount: row.question_answer_count,
      offererName: row.offerer_name,
    })),
    total: Number(count.n),
  };
}

/** The open bounty of each of these questions that has one (one query for a whole list page). */
export async function findOpenBountiesByQuestions(db: Db, questionIds: readonly number[]): Promise<Bounty[]> {
  if (questionIds.length === 0) return [];
  const rows = await db
    .selectFrom('bounties')
    .selectAll()
    .where('state', '=', 'open')
    .where('question_id', 'in', [...questionIds])
    .execute();
  return rows.map(toBounty);
}

/** A question's bounties, newest first. */
export async function findBountiesByQuestion(db: Db, questionId: number, limit = 5): Promise<Bounty[]> {
  const rows = await db
    .selectFrom('bounties')
    .selectAll()
    .where('question_id', '=', questionId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toBounty);
}

function questionFactsQuery(db: Db, id: number) {
  return db
    .selectFrom('questions')
    .select(['id', 'author_id', 'title', 'slug', 'created_at', 'deleted_at'])
    .where('id', '=', id);
}

function toQuestionFacts(
  row: Awaited<ReturnType<ReturnType<typeof questionFactsQuery>['executeTakeFirst']>>,
): QuestionFacts | undefined {
  return (
    row && {
      id: row.id,
      authorId: row.author_id,
      title: row.title,
      slug: row.slug,
      createdAt: row.created_at,
      deleted: row.deleted_at !== null,
    }
  );
}

/** The question, locked `FOR NO KEY UPDATE` (offers on one question queue here). */
export async function lockQuestionById(db: Db, id: number): Promise<QuestionFacts | undefined> {
  return toQuestionFacts(await questionFactsQuery(db, id).forNoKeyUpdate().executeTakeFirst());
}

export async function findQuestionFacts(db: Db, id: number): Promise<QuestionFacts | undefined> {
  return toQuestionFacts(await questionFactsQuery(db, id).executeTakeFirst());
}

/**
 * The member's reputation, their `users` row locked `FOR NO KEY UPDATE`: one member's offers queue here,
 * so "at most 3 open" holds under concurrency.
 */
export async function lockMemberReputation(db: Db, userId: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('users')
    .select('reputation')
    .where('id', '=', userId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  return row?.reputation;
}

export async function findMemberReputation(db: Db, userId: number): Promise<number | undefined> {
  const row = await db.selectFrom('users').select('reputation').where('id', '=', userId).executeTakeFirst();
  return row?.reputation;
}

/** An answer as the bounty rules see it, with its question. */
export interface AnswerFacts extends BountyAnswer {
  questionId: number;
}

function toAnswerFacts(row: {
  id: number;
  question_id: number;
  author_id: number | null;
  score: number;
  created_at: Date;
  deleted_at: Date | null;
}): AnswerFacts {
  return {
    id: row.id,
    questionId: row.question_id,
    authorId: row.author_id,
    score: row.score,
    createdAt: row.created_at,
    deleted: row.deleted_at !== null,
  };
}

export async function findAnswerFacts(db: Db, answerId: number): Promise<AnswerFacts | undefined> {
  const row = await db
    .selectFrom('answers')
    .select(['id', 'question_id', 'author_id', 'score', 'created_at', 'deleted_at'])
    .where('id', '=', answerId)
    .executeTakeFirst();
  return row && toAnswerFacts(row);
}

/** Every answer of a question (deleted ones too: the rules leave them out). */
export async function listAnswerFacts(db: Db, questionId: number): Promise<AnswerFacts[]> {
  const rows = await db
    .selectFrom('answers')
    .select(['id', 'question_id', 'author_id', 'score', 'created_at', 'deleted_at'])
    .where('question_id', '=', questionId)
    .orderBy('id')
    .execute();
  return rows.map(toAnswerFacts);
}

export async function findDisplayName(db: Db, userId: number): Promise<string | undefined> {
  const row = await db.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst();
  return row?.display_name;
}
