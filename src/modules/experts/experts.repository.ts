import { type Kysely, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { type Money, money } from '../../platform/money.js';
import type { DisputeState, PaidQuestionState, Visibility } from './paid-question.states.js';

/** Kysely only: expert profiles, paid questions, unlocks, ratings, disputes. No rules; camelCase out. */

type Db = Kysely<DB>;

/** A member as these pages show them. */
export interface Person {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
}

export interface ExpertProfile {
  readonly userId: number;
  readonly person: Person;
  readonly bio: string;
  readonly tags: string[];
  readonly price: Money;
  readonly answerHours: number;
  readonly accepting: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** An expert in the directory, with their rating so far. */
export interface ExpertListing extends ExpertProfile {
  readonly ratingCount: number;
  /** Sum of stars; the average is computed by the rules. */
  readonly ratingTotal: number;
  readonly answeredCount: number;
}

export interface PaidQuestion {
  readonly id: number;
  readonly asker: Person;
  readonly expert: Person;
  readonly title: string;
  readonly body: string;
  readonly bodyHtml: string;
  readonly tags: string[];
  readonly visibility: Visibility;
  readonly price: Money;
  readonly holdId: number;
  readonly state: PaidQuestionState;
  readonly deadlineAt: Date;
  readonly answerBody: string | null;
  readonly answerHtml: string | null;
  readonly answeredAt: Date | null;
  readonly settledTransactionId: number | null;
  readonly settledAt: Date | null;
  readonly unlockCount: number;
  readonly requestKey: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface Unlock {
  readonly id: number;
  readonly paidQuestionId: number;
  readonly userId: number;
  readonly price: Money;
  readonly transactionId: number;
  readonly createdAt: Date;
}

export interface Rating {
  readonly paidQuestionId: number;
  readonly askerId: number;
  readonly expertId: number;
  readonly stars: number;
  readonly review: string | null;
  readonly createdAt: Date;
}

export interface Dispute {
  readonly id: number;
  readonly paidQuestionId: number;
  readonly openedBy: number;
  readonly reason: string;
  readonly state: DisputeState;
  readonly moderatorId: number | null;
  readonly decisionNote: string | null;
  readonly refundTransactionId: number | null;
  readonly createdAt: Date;
  readonly decidedAt: Date | null;
}

// ---------------------------------------------------------------- expert profiles

function profileQuery(db: Db) {
  return db
    .selectFrom('expert_profiles as e')
    .innerJoin('users as u', 'u.id', 'e.user_id')
    .select([
      'e.user_id',
      'e.bio',
      'e.tags',
      'e.price_minor',
      'e.currency',
      'e.answer_hours',
      'e.accepting',
      'e.created_at',
      'e.updated_at',
      'u.username',
      'u.display_name',
    ]);
}

type ProfileRow = Awaited<ReturnType<ReturnType<typeof profileQuery>['executeTakeFirstOrThrow']>>;

function toProfile(row: ProfileRow): ExpertProfile {
  return {
    userId: Number(row.user_id),
    person: { id: Number(row.user_id), username: row.username, displayName: row.display_name },
    bio: row.bio,
    tags: row.tags,
    price: money(row.price_minor, row.currency),
    answerHours: row.answer_hours,
    accepting: row.accepting,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findExpertProfile(db: Db, userId: number): Promise<ExpertProfile | undefined> {
  const row = await profileQuery(db).where('e.user_id', '=', userId).executeTakeFirst();
  return row && toProfile(row);
}

/** Locks an expert's profile row: an ask reads the price under it, so a price change waits. */
export async function lockExpertProfile(db: Db, userId: number): Promise<ExpertProfile | undefined> {
  await db
    .selectFrom('expert_profiles')
    .select('user_id')
    .where('user_id', '=', userId)
    .forNoKeyUpdate()
    .execute();
  return findExpertProfile(db, userId);
}

export async function upsertExpertProfile(
  db: Db,
  values: {
    userId: number;
    bio: string;
    tags: string[];
    price: Money;
    answerHours: number;
    accepting: boolean;
    now: Date;
  },
): Promise<void> {
  const row = {
    bio: values.bio,
    tags: values.tags,
    price_minor: values.price.amountMinor,
    currency: values.price.currency,
    answer_hours: values.answerHours,
    accepting: values.accepting,
    updated_at: values.now,
  };
  await db
    .insertInto('expert_profiles')
    .values({ user_id: values.userId, ...row, created_at: values.now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(row))
    .execute();
}

/** Profiles with their rating count and star total and how many paid questions each answered. */
function listingQuery(db: Db) {
  return profileQuery(db).select((eb) => [
    eb
      .selectFrom('paid_question_ratings as r')
      .select((inner) => inner.fn.countAll<number>().as('n'))
      .whereRef('r.expert_id', '=', 'e.user_id')
      .as('rating_count'),
    eb
      .selectFrom('paid_question_ratings as r')
      .select((inner) => inner.fn.coalesce(inner.fn.sum<number>('r.stars'), sql<number>`0`).as('s'))
      .whereRef('r.expert_id', '=', 'e.user_id')
      .as('rating_total'),
    eb
      .selectFrom('paid_questions as q')
      .select((inner) => inner.fn.countAll<number>().as('n'))
      .whereRef('q.expert_id', '=', 'e.user_id')
      .where('q.state', 'in', ['answered', 'refunded'])
      .as('answered_count'),
  ]);
}

type ListingRow = Awaited<ReturnType<ReturnType<typeof listingQuery>['executeTakeFirstOrThrow']>>;

function toListing(row: ListingRow): ExpertListing {
  return {
    ...toProfile(row),
    ratingCount: Number(row.rating_count ?? 0),
    ratingTotal: Number(row.rating_total ?? 0),
    answeredCount: Number(row.answered_count ?? 0),
  };
}

/** The directory: experts (optionally with `tag`), accepting ones first, then by rating count. */
export async function listExperts(
  db: Db,
  query: { tag?: string | undefined; page: number; pageSize: number },
): Promise<{ items: ExpertListing[]; total: number }> {
  let base = listingQuery(db);
  if (query.tag) base = base.where(sql<boolean>`${query.tag} = any(e.tags)`);
  const rows = await base
    .orderBy('e.accepting', 'desc')
    .orderBy('rating_count', 'desc')
    .orderBy('e.user_id', 'asc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  let counter = db.selectFrom('expert_profiles as e').select((eb) => eb.fn.countAll<number>().as('n'));
  if (query.tag) counter = counter.where(sql<boolean>`${query.tag} = any(e.tags)`);
  const total = Number((await counter.executeTakeFirstOrThrow()).n);
  return { total, items: rows.map(toListing) };
}

/** One expert as the directory shows them (rating, answered count), or undefined for a member who is not one. */
export async function findExpertListing(db: Db, userId: number): Promise<ExpertListing | undefined> {
  const row = await listingQuery(db).where('e.user_id', '=', userId).executeTakeFirst();
  return row && toListing(row);
}

// ---------------------------------------------------------------- paid questions

function questionQuery(db: Db) {
  return db
    .selectFrom('paid_questions as q')
    .innerJoin('users as a', 'a.id', 'q.asker_id')
    .innerJoin('users as x', 'x.id', 'q.expert_id')
    .selectAll('q')
    .select([
      'a.username as asker_username',
      'a.display_name as asker_display_name',
      'x.username as expert_username',
      'x.display_name as expert_display_name',
    ]);
}

type QuestionRow = Awaited<ReturnType<ReturnType<typeof questionQuery>['executeTakeFirstOrThrow']>>;

function toQuestion(row: QuestionRow): PaidQuestion {
  return {
    id: Number(row.id),
    asker: { id: Number(row.asker_id), username: row.asker_username, displayName: row.asker_display_name },
    expert: {
      id: Number(row.expert_id),
      username: row.expert_username,
      displayName: row.expert_display_name,
    },
    title: row.title,
    body: row.body,
    bodyHtml: row.body_html,
    tags: row.tags,
    visibility: row.visibility,
    price: money(row.price_minor, row.currency),
    holdId: Number(row.hold_id),
    state: row.state as PaidQuestionState,
    deadlineAt: row.deadline_at,
    answerBody: row.answer_body,
    answerHtml: row.answer_html,
    answeredAt: row.answered_at,
    settledTransactionId: row.settled_transaction_id === null ? null : Number(row.settled_transaction_id),
    settledAt: row.settled_at,
    unlockCount: row.unlock_count,
    requestKey: row.request_key,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findPaidQuestionById(db: Db, id: number): Promise<PaidQuestion | undefined> {
  const row = await questionQuery(db).where('q.id', '=', id).executeTakeFirst();
  return row && toQuestion(row);
}

/** The same, row-locked for the caller's transaction: every write to a paid question starts here. */
export async function lockPaidQuestionById(db: Db, id: number): Promise<PaidQuestion | undefined> {
  const locked = await db
    .selectFrom('paid_questions')
    .select('id')
    .where('id', '=', id)
    .forNoKeyUpdate()
    .execute();
  if (locked.length === 0) return undefined;
  return findPaidQuestionById(db, id);
}

export async function findPaidQuestionByRequestKey(db: Db, key: string): Promise<PaidQuestion | undefined> {
  const row = await questionQuery(db).where('q.request_key', '=', key).executeTakeFirst();
  return row && toQuestion(row);
}

/** The id the next paid question will have: taken first, so its hold can be named after it. */
export async function nextPaidQuestionId(db: Db): Promise<number> {
  const { rows } = await sql<{
    id: number;
  }>`select nextval(pg_get_serial_sequence('paid_questions', 'id'))::int8 as id`.execute(db);
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('nextval returned no row');
  return Number(id);
}

export async function insertPaidQuestion(
  db: Db,
  values: {
    id: number;
    askerId: number;
    expertId: number;
    title: string;
    body: string;
    bodyHtml: string;
    tags: string[];
    visibility: Visibility;
    price: Money;
    holdId: number;
    deadlineAt: Date;
    requestKey: string;
    now: Date;
  },
): Promise<number> {
  const row = await db
    .insertInto('paid_questions')
    .values({
      id: values.id,
      asker_id: values.askerId,
      expert_id: values.expertId,
      title: values.title,
      body: values.body,
      body_html: values.bodyHtml,
      tags: values.tags,
      visibility: values.visibility,
      price_minor: values.price.amountMinor,
      currency: values.price.currency,
      hold_id: values.holdId,
      deadline_at: values.deadlineAt,
      request_key: values.requestKey,
      created_at: values.now,
      updated_at: values.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function setPaidQuestionAnswered(
  db: Db,
  id: number,
  values: { answerBody: string; answerHtml: string; transactionId: number; now: Date },
): Promise<void> {
  await db
    .updateTable('paid_questions')
    .set({
      state: 'answered',
      answer_body: values.answerBody,
      answer_html: values.answerHtml,
      answered_at: values.now,
      settled_transaction_id: values.transactionId,
      settled_at: values.now,
      updated_at: values.now,
    })
    .where('id', '=', id)
    .execute();
}

/** Declined or expired: the hold's refund settled it. */
export async function setPaidQuestionClosed(
  db: Db,
  id: number,
  values: { state: 'declined' | 'expired'; transactionId: number; now: Date },
): Promise<void> {
  await db
    .updateTable('paid_questions')
    .set({
      state: values.state,
      settled_transaction_id: values.transactionId,
      settled_at: values.now,
      updated_at: values.now,
    })
    .where('id', '=', id)
    .execute();
}

export async function setPaidQuestionRefunded(db: Db, id: number, now: Date): Promise<void> {
  await db
    .updateTable('paid_questions')
    .set({ state: 'refunded', updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function incrementUnlockCount(db: Db, id: number): Promise<void> {
  await db
    .updateTable('paid_questions')
    .set((eb) => ({ unlock_count: eb('unlock_count', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** Paid questions filtered by expert, asker, states and visibility; newest first. */
export async function listPaidQuestions(
  db: Db,
  filter: {
    expertId?: number;
    askerId?: number;
    states?: readonly PaidQuestionState[];
    visibility?: Visibility;
    page: number;
    pageSize: number;
    oldestFirst?: boolean;
  },
): Promise<{ items: PaidQuestion[]; total: number }> {
  let query = questionQuery(db);
  let counter = db.selectFrom('paid_questions as q').select((eb) => eb.fn.countAll<number>().as('n'));
  if (filter.expertId !== undefined) {
    query = query.where('q.expert_id', '=', filter.expertId);
    counter = counter.where('q.expert_id', '=', filter.expertId);
  }
  if (filter.askerId !== undefined) {
    query = query.where('q.asker_id', '=', filter.askerId);
    counter = counter.where('q.asker_id', '=', filter.askerId);
  }
  if (filter.states && filter.states.length > 0) {
    query = query.where('q.state', 'in', [...filter.states]);
    counter = counter.where('q.state', 'in', [...filter.states]);
  }
  if (filter.visibility) {
    query = query.where('q.visibility', '=', filter.visibility);
    counter = counter.where('q.visibility', '=', filter.visibility);
  }
  const rows = await query
    .orderBy(filter.oldestFirst ? 'q.deadline_at' : 'q.id', filter.oldestFirst ? 'asc' : 'desc')
    .orderBy('q.id', 'desc')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  const total = Number((await counter.executeTakeFirstOrThrow()).n);
  return { items: rows.map(toQuestion), total };
}

// ---------------------------------------------------------------- unlocks

function toUnlock(row: {
  id: number;
  paid_question_id: number;
  user_id: number;
  price_minor: number;
  currency: string;
  transaction_id: number;
  created_at: Date;
}): Unlock {
  return {
    id: Number(row.id),
    paidQuestionId: Number(row.paid_question_id),
    userId: Number(row.user_id),
    price: money(row.price_minor, row.currency),
    transactionId: Number(row.transaction_id),
    createdAt: row.created_at,
  };
}

export async function findUnlock(
  db: Db,
  paidQuestionId: number,
  userId: number,
): Promise<Unlock | undefined> {
  const row = await db
    .selectFrom('paid_question_unlocks')
    .selectAll()
    .where('paid_question_id', '=', paidQuestionId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row && toUnlock(row);
}

export async function insertUnlock(
  db: Db,
  values: { paidQuestionId: number; userId: number; price: Money; transactionId: number; now: Date },
): Promise<Unlock> {
  const row = await db
    .insertInto('paid_question_unlocks')
    .values({
      paid_question_id: values.paidQuestionId,
      user_id: values.userId,
      price_minor: values.price.amountMinor,
      currency: values.price.currency,
      transaction_id: values.transactionId,
      created_at: values.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toUnlock(row);
}

// ---------------------------------------------------------------- ratings

function toRating(row: {
  paid_question_id: number;
  asker_id: number;
  expert_id: number;
  stars: number;
  review: string | null;
  created_at: Date;
}): Rating {
  return {
    paidQuestionId: Number(row.paid_question_id),
    askerId: Number(row.asker_id),
    expertId: Number(row.expert_id),
    stars: row.stars,
    review: row.review,
    createdAt: row.created_at,
  };
}

export async function findRating(db: Db, paidQuestionId: number): Promise<Rating | undefined> {
  const row = await db
    .selectFrom('paid_question_ratings')
    .selectAll()
    .where('paid_question_id', '=', paidQuestionId)
    .executeTakeFirst();
  return row && toRating(row);
}

export async function insertRating(
  db: Db,
  values: {
    paidQuestionId: number;
    askerId: number;
    expertId: number;
    stars: number;
    review: string | null;
    now: Date;
  },
): Promise<Rating> {
  const row = await db
    .insertInto('paid_question_ratings')
    .values({
      paid_question_id: values.paidQuestionId,
      asker_id: values.askerId,
      expert_id: values.expertId,
      stars: values.stars,
      review: values.review,
      created_at: values.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRating(row);
}

/** How many ratings of each star count an expert has. */
export async function countRatingsByStars(
  db: Db,
  expertId: number,
): Promise<Array<{ stars: number; count: number }>> {
  const rows = await db
    .selectFrom('paid_question_ratings')
    .select((eb) => ['stars', eb.fn.countAll<number>().as('n')])
    .where('expert_id', '=', expertId)
    .groupBy('stars')
    .execute();
  return rows.map((row) => ({ stars: row.stars, count: Number(row.n) }));
}

/** An expert's latest reviews (ratings with text), newest first. */
export async function listReviews(db: Db, expertId: number, limit: number): Promise<Rating[]> {
  const rows = await db
    .selectFrom('paid_question_ratings')
    .selectAll()
    .where('expert_id', '=', expertId)
    .where('review', 'is not', null)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toRating);
}

// ---------------------------------------------------------------- disputes

type DisputeRow = {
  id: number;
  paid_question_id: number;
  opened_by: number;
  reason: string;
  state: string;
  moderator_id: number | null;
  decision_note: string | null;
  refund_transaction_id: number | null;
  created_at: Date;
  decided_at: Date | null;
};

function toDispute(row: DisputeRow): Dispute {
  return {
    id: Number(row.id),
    paidQuestionId: Number(row.paid_question_id),
    openedBy: Number(row.opened_by),
    reason: row.reason,
    state: row.state as DisputeState,
    moderatorId: row.moderator_id === null ? null : Number(row.moderator_id),
    decisionNote: row.decision_note,
    refundTransactionId: row.refund_transaction_id === null ? null : Number(row.refund_transaction_id),
    createdAt: row.created_at,
    decidedAt: row.decided_at,
  };
}

export async function findDisputeByQuestion(db: Db, paidQuestionId: number): Promise<Dispute | undefined> {
  const row = await db
    .selectFrom('paid_question_disputes')
    .selectAll()
    .where('paid_question_id', '=', paidQuestionId)
    .executeTakeFirst();
  return row && toDispute(row);
}

export async function findDisputeById(db: Db, id: number): Promise<Dispute | undefined> {
  const row = await db
    .selectFrom('paid_question_disputes')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toDispute(row);
}

export async function insertDispute(
  db: Db,
  values: { paidQuestionId: number; openedBy: number; reason: string; now: Date },
): Promise<Dispute> {
  const row = await db
    .insertInto('paid_question_disputes')
    .values({
      paid_question_id: values.paidQuestionId,
      opened_by: values.openedBy,
      reason: values.reason,
      created_at: values.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toDispute(row);
}

export async function setDisputeDecided(
  db: Db,
  id: number,
  values: {
    state: 'refunded' | 'released';
    moderatorId: number;
    note: string | null;
    refundTransactionId: number | null;
    now: Date;
  },
): Promise<Dispute> {
  const row = await db
    .updateTable('paid_question_disputes')
    .set({
      state: values.state,
      moderator_id: values.moderatorId,
      decision_note: values.note,
      refund_transaction_id: values.refundTransactionId,
      decided_at: values.now,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toDispute(row);
}

export async function listDisputes(
  db: Db,
  filter: { state?: DisputeState; page: number; pageSize: number },
): Promise<{ items: Dispute[]; total: number }> {
  let query = db.selectFrom('paid_question_disputes').selectAll();
  let counter = db.selectFrom('paid_question_disputes').select((eb) => eb.fn.countAll<number>().as('n'));
  if (filter.state) {
    query = query.where('state', '=', filter.state);
    counter = counter.where('state', '=', filter.state);
  }
  const rows = await query
    .orderBy('id', 'asc')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  return { items: rows.map(toDispute), total: Number((await counter.executeTakeFirstOrThrow()).n) };
}
