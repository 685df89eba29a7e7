import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { QuestionLanguage } from '../text/language.js';

/**
 * Table interfaces, one per table, mirroring migrations/. Each module's repository derives its
 * row types from here; snake_case never leaves a repository.
 */

type CreatedAt = ColumnType<Date, Date | undefined, never>;

export type UserRole = 'user' | 'moderator' | 'admin';

export interface UsersTable {
  id: Generated<number>;
  username: string;
  /** NFKC + lower case: what uniqueness is checked on. */
  username_key: string;
  /** UTS #39 confusable skeleton, unique; null for members who joined looking like an older one. */
  username_skeleton: ColumnType<string | null, string | null | undefined, string | null>;
  email: string;
  email_key: string;
  display_name: string;
  password_hash: string;
  role: ColumnType<UserRole, UserRole | undefined, UserRole>;
  reputation: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  about: ColumnType<string, string | undefined, string>;
  /** IANA name chosen in settings (checked with Intl on the way in); null: the browser's, then the language's. */
  time_zone: ColumnType<string | null, string | null | undefined, string | null>;
  import_source: ColumnType<string | null, string | null | undefined, never>;
  import_id: ColumnType<string | null, string | null | undefined, never>;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value: a stolen database does not yield live cookies. */
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: CreatedAt;
  last_seen_at: Date;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
}

export interface PersonalAccessTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: CreatedAt;
  last_used_at: Date | null;
  /** Some of read, write, money (decision 0002). */
  scopes: ColumnType<string[], string[] | undefined, string[]>;
  expires_at: Date | null;
}

/** Secrets the app generated for itself, one per name (platform/db/app-secrets.ts). */
export interface AppSecretsTable {
  name: string;
  value: string;
  created_at: CreatedAt;
}

export interface RateLimitCountersTable {
  key: string;
  window_start: Date;
  hits: number;
  expires_at: Date;
}

/** Where an imported row came from (`se:ai`, `seed:zh_tech_faq`…); null for native rows. */
interface Imported {
  import_source: ColumnType<string | null, string | null | undefined, never>;
  import_id: ColumnType<string | null, string | null | undefined, never>;
}

type Counter = ColumnType<number, number | undefined, number>;
type Stamp = ColumnType<Date, Date | undefined, Date>;

export interface QuestionsTable extends Imported {
  id: Generated<number>;
  author_id: number | null;
  title: string;
  slug: string;
  /** Markdown as written; body_html is rendered from it once, at write time. */
  body: string;
  body_html: string;
  body_text: string;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  /** `detectLanguage` of the title and body (platform/text/language.ts). */
  language: ColumnType<QuestionLanguage, QuestionLanguage | undefined, QuestionLanguage>;
  score: Counter;
  answer_count: Counter;
  comment_count: Counter;
  view_count: Counter;
  accepted_answer_id: number | null;
  created_at: CreatedAt;
  updated_at: Stamp;
  last_activity_at: Stamp;
  deleted_at: Date | null;
  license: string | null;
  source_url: string | null;
}

export interface AnswersTable extends Imported {
  id: Generated<number>;
  question_id: number;
  author_id: number | null;
  body: string;
  body_html: string;
  body_text: string;
  score: Counter;
  comment_count: Counter;
  created_at: CreatedAt;
  updated_at: Stamp;
  deleted_at: Date | null;
  license: string | null;
  source_url: string | null;
}

export interface CommentsTable extends Imported {
  id: Generated<number>;
  question_id: number | null;
  answer_id: number | null;
  author_id: number | null;
  body: string;
  body_html: string;
  score: Counter;
  created_at: CreatedAt;
  updated_at: Stamp;
  deleted_at: Date | null;
}

export interface QuestionVotesTable extends Imported {
  id: Generated<number>;
  question_id: number;
  /** Null for anonymous imported votes. */
  voter_id: number | null;
  value: 1 | -1;
  created_at: CreatedAt;
}

export interface AnswerVotesTable extends Imported {
  id: Generated<number>;
  answer_id: number;
  voter_id: number | null;
  value: 1 | -1;
  created_at: CreatedAt;
}

export interface TagsTable {
  id: Generated<number>;
  name: string;
  description: ColumnType<string, string | undefined, string>;
  description_html: ColumnType<string, string | undefined, string>;
  question_count: Counter;
  created_at: CreatedAt;
  updated_at: Stamp;
  updated_by: number | null;
}

export type RevisionKind = 'create' | 'edit' | 'rollback';

export interface RevisionsTable {
  id: Generated<number>;
  question_id: number | null;
  answer_id: number | null;
  /** 1 for the original post, then 2, 3… per post. */
  number: number;
  author_id: number | null;
  kind: RevisionKind;
  title: string | null;
  body: string;
  tags: string[] | null;
  comment: ColumnType<string, string | undefined, string>;
  created_at: CreatedAt;
}

export interface QuestionViewMarksTable {
  question_id: number;
  viewer_key: string;
  hour: Date;
}

export interface DB {
  users: UsersTable;
  sessions: SessionsTable;
  personal_access_tokens: PersonalAccessTokensTable;
  rate_limit_counters: RateLimitCountersTable;
  app_secrets: AppSecretsTable;
  questions: QuestionsTable;
  answers: AnswersTable;
  comments: CommentsTable;
  question_votes: QuestionVotesTable;
  answer_votes: AnswerVotesTable;
  tags: TagsTable;
  revisions: RevisionsTable;
  question_view_marks: QuestionViewMarksTable;
  question_links: QuestionLinksTable;
  question_tags: QuestionTagsTable;
  tag_answerers: TagAnswerersTable;
  jobs: JobsTable;
  ledger_accounts: LedgerAccountsTable;
  ledger_transactions: LedgerTransactionsTable;
  ledger_entries: LedgerEntriesTable;
  ledger_holds: LedgerHoldsTable;
  payment_orders: PaymentOrdersTable;
  payment_events: PaymentEventsTable;
  payment_refunds: PaymentRefundsTable;
  idempotency_keys: IdempotencyKeysTable;
  payouts: PayoutsTable;
  bounties: BountiesTable;
  expert_profiles: ExpertProfilesTable;
  paid_questions: PaidQuestionsTable;
  paid_question_unlocks: PaidQuestionUnlocksTable;
  paid_question_ratings: PaidQuestionRatingsTable;
  paid_question_disputes: PaidQuestionDisputesTable;
  reputation_events: ReputationEventsTable;
  suspensions: SuspensionsTable;
  moderation_log: ModerationLogTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type TokenRow = Selectable<PersonalAccessTokensTable>;

/** A directed link from one question to another: a mention, or "is a duplicate of". */
export interface QuestionLinksTable extends Imported {
  id: Generated<number>;
  question_id: number;
  related_question_id: number;
  kind: 'linked' | 'duplicate';
  /** Who marked it; null for imported links. */
  created_by: number | null;
  created_at: CreatedAt;
}

/** A live question under one of its tags, with its sort keys; written only by a trigger on questions. */
export interface QuestionTagsTable {
  tag: string;
  question_id: number;
  created_at: Date;
  score: number;
  last_activity_at: Date;
  answer_count: number;
}

/** Per tag and member: the summed score and number of their live answers to the tag's live questions (kept by triggers). */
export interface TagAnswerersTable {
  tag: string;
  user_id: number;
  score: number;
  answers: number;
}

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** Durable jobs (platform/jobs): due at run_at, claimed with a lease, retried with backoff. */
export interface JobsTable {
  id: Generated<number>;
  name: string;
  /** Parsed JSON when read; written as JSON text. */
  payload: ColumnType<unknown, string | undefined, string>;
  run_at: ColumnType<Date, Date | undefined, Date>;
  state: ColumnType<JobState, JobState | undefined, JobState>;
  attempts: Counter;
  max_attempts: number;
  last_error: string | null;
  /** The runner holding the lease while running. */
  locked_by: string | null;
  locked_until: Date | null;
  /** Unique when set: the same piece of work is scheduled once. */
  dedupe_key: string | null;
  created_at: CreatedAt;
  finished_at: Date | null;
}

/** A ledger account: a member's wallet, an escrow, or a platform account (see modules/ledger). */
export interface LedgerAccountsTable {
  id: Generated<number>;
  kind: string;
  normal_balance: 'debit' | 'credit';
  owner_user_id: number | null;
  ref: ColumnType<string, string | undefined, never>;
  currency: string;
  /** On the account's normal side; changed only by the entry trigger. */
  balance_minor: ColumnType<number, never, never>;
  created_at: CreatedAt;
}

/** One posting in the append-only journal; its entries sum to zero per currency. */
export interface LedgerTransactionsTable {
  id: Generated<number>;
  kind: string;
  idempotency_key: string;
  reverses_transaction_id: number | null;
  memo: string | null;
  metadata: ColumnType<Record<string, unknown>, string | undefined, never>;
  /** What the statement line says, as data (`{"what":"bounty.awarded","bountyId":42}`); null: only the memo. */
  facts: ColumnType<Record<string, string | number> | null, string | null | undefined, never>;
  created_at: CreatedAt;
}

/** One side of a transaction: amount_minor > 0 debits the account, < 0 credits it. */
export interface LedgerEntriesTable {
  id: Generated<number>;
  transaction_id: number;
  account_id: number;
  amount_minor: number;
  currency: string;
  /** Set by the entry trigger: the account's balance once this entry is applied. */
  balance_after_minor: ColumnType<number, never, never>;
  created_at: CreatedAt;
}

/** Money moved from a payer's wallet into its own escrow account until settled. */
export interface LedgerHoldsTable {
  id: ColumnType<number, number, never>;
  payer_user_id: number;
  payer_account_id: number;
  escrow_account_id: number;
  amount_minor: number;
  currency: string;
  state: ColumnType<string, string | undefined, string>;
  product_kind: string;
  product_ref: string;
  payee_user_id: number | null;
  released_minor: ColumnType<number, number | undefined, number>;
  fee_minor: ColumnType<number, number | undefined, number>;
  refunded_minor: ColumnType<number, number | undefined, number>;
  placed_transaction_id: number;
  resolved_transaction_id: number | null;
  expires_at: Date | null;
  created_at: CreatedAt;
  resolved_at: Date | null;
}

/** A member's Idempotency-Key on a money-moving POST, and the first result (platform/http/idempotency.ts). */
export interface IdempotencyKeysTable {
  id: Generated<number>;
  user_id: number;
  key: string;
  request_hash: string;
  status: 'in_progress' | 'completed';
  locked_until: Date | null;
  response_status: number | null;
  /** JSON text, kept as sent. */
  response_body: string | null;
  created_at: CreatedAt;
  completed_at: Date | null;
  expires_at: Date;
}

/** A member's withdrawal from their wallet to a gateway destination (modules/wallet). */
export interface PayoutsTable {
  id: Generated<number>;
  user_id: number;
  amount_minor: number;
  currency: string;
  gateway: string;
  destination: string;
  status: ColumnType<string, string | undefined, string>;
  request_key: string;
  request_transaction_id: number;
  settled_transaction_id: number | null;
  reviewed_by: number | null;
  reviewed_at: Date | null;
  review_note: string | null;
  external_id: string | null;
  failure: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  settled_at: Date | null;
}

/** A cash bounty on a question: money in escrow (a ledger hold) until awarded or settled (modules/bounties). */
export interface BountiesTable {
  id: Generated<number>;
  question_id: number;
  offerer_id: number;
  hold_id: number;
  amount_minor: number;
  currency: string;
  state: ColumnType<string, string | undefined, string>;
  request_key: string;
  started_at: Date;
  ends_at: Date;
  grace_ends_at: Date;
  awarded_answer_id: number | null;
  recipient_id: number | null;
  /** What the recipient's wallet received (after commission). */
  recipient_minor: ColumnType<number, number | undefined, number>;
  fee_minor: ColumnType<number, number | undefined, number>;
  refund_minor: ColumnType<number, number | undefined, number>;
  settled_transaction_id: number | null;
  settled_at: Date | null;
  created_at: CreatedAt;
}

/** A top-up order: money a member pays in through a gateway (modules/payments). */
export interface PaymentOrdersTable {
  id: Generated<number>;
  reference: string;
  user_id: number;
  gateway: string;
  amount_minor: number;
  currency: string;
  status: ColumnType<string, string | undefined, string>;
  refunded_minor: ColumnType<number, number | undefined, number>;
  /** The gateway's checkout (Stripe Checkout Session id); null where there is none. */
  checkout_id: string | null;
  /** The gateway's id of the payment (Alipay trade_no, Stripe PaymentIntent), once known. */
  external_id: string | null;
  pay_url: string | null;
  expires_at: Date;
  paid_at: Date | null;
  closed_at: Date | null;
  paid_late: ColumnType<boolean, boolean | undefined, boolean>;
  ledger_transaction_id: number | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** A gateway notification already handled: its id makes a replay a no-op (modules/payments). */
export interface PaymentEventsTable {
  id: Generated<number>;
  gateway: string;
  event_id: string;
  kind: string;
  order_id: number | null;
  outcome: string;
  received_at: CreatedAt;
}

/** A refund of (part of) a paid top-up back through its gateway (modules/payments). */
export interface PaymentRefundsTable {
  id: Generated<number>;
  reference: string;
  order_id: number;
  user_id: number;
  amount_minor: number;
  currency: string;
  status: ColumnType<string, string | undefined, string>;
  external_id: string | null;
  failure: string | null;
  ledger_transaction_id: number;
  reversal_transaction_id: number | null;
  created_at: CreatedAt;
  settled_at: Date | null;
}

/** A member who answers paid questions: price, deadline, tags, accepting or paused (modules/experts). */
export interface ExpertProfilesTable {
  user_id: number;
  bio: ColumnType<string, string | undefined, string>;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  price_minor: number;
  currency: string;
  answer_hours: number;
  accepting: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** A question put to one expert, its price held in escrow until answered, declined or expired (modules/experts). */
export interface PaidQuestionsTable {
  id: Generated<number>;
  asker_id: number;
  expert_id: number;
  title: string;
  body: string;
  body_html: string;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  visibility: 'public' | 'private';
  price_minor: number;
  currency: string;
  hold_id: number;
  state: ColumnType<string, string | undefined, string>;
  deadline_at: Date;
  answer_body: string | null;
  answer_html: string | null;
  answered_at: Date | null;
  settled_transaction_id: number | null;
  settled_at: Date | null;
  unlock_count: ColumnType<number, number | undefined, number>;
  request_key: string;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** A member's paid access to a public paid answer, with the posting that paid for it (modules/experts). */
export interface PaidQuestionUnlocksTable {
  id: Generated<number>;
  paid_question_id: number;
  user_id: number;
  price_minor: number;
  currency: string;
  transaction_id: number;
  created_at: CreatedAt;
}

/** The asker's stars (1–5) and review of a paid answer (modules/experts). */
export interface PaidQuestionRatingsTable {
  paid_question_id: number;
  asker_id: number;
  expert_id: number;
  stars: number;
  review: string | null;
  created_at: CreatedAt;
}

/** The asker's dispute of a paid answer and a moderator's decision (modules/experts). */
export interface PaidQuestionDisputesTable {
  id: Generated<number>;
  paid_question_id: number;
  opened_by: number;
  reason: string;
  state: ColumnType<string, string | undefined, string>;
  moderator_id: number | null;
  decision_note: string | null;
  refund_transaction_id: number | null;
  created_at: CreatedAt;
  decided_at: Date | null;
}

/** One move of a member's reputation, append-only; an undoing names what it undoes (modules/reputation). */
export interface ReputationEventsTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  /** What the rule gave. */
  points: number;
  /** What it did to the total after the caps and the floor. */
  applied: number;
  cap_used: ColumnType<number, number | undefined, number>;
  edit_cap_used: ColumnType<number, number | undefined, number>;
  post_type: 'question' | 'answer' | null;
  post_id: number | null;
  /** Who caused it (the voter, the accepter); null for imports. */
  actor_id: number | null;
  reverses_id: number | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

/** A member suspended by a moderator until `ends_at`, or until lifted early (modules/moderation). */
export interface SuspensionsTable {
  id: Generated<number>;
  user_id: number;
  moderator_id: number;
  reason: string;
  starts_at: Date;
  ends_at: Date;
  lifted_at: Date | null;
  lifted_by: number | null;
  created_at: CreatedAt;
}

/** One moderator action, append-only (modules/moderation); `actor_id` null: the server's operator. */
export interface ModerationLogTable {
  id: Generated<number>;
  actor_id: number | null;
  action: string;
  target_kind: string;
  target_id: number;
  reason: string | null;
  /** What the action changed, as the action words it (a role: `user→moderator`). */
  details: string | null;
  created_at: Date;
}
