/**
 * The life of a paid question, as pure functions taking `now`. A question is **paid** (its price
 * held in escrow) until the expert **answers** it (escrow released to the expert, less commission),
 * **declines** it (full refund), or its deadline passes (**expired**, full refund by a job). An
 * answered question may be **refunded** after the asker's dispute, by a moderator's decision.
 * The asker may rate the answer within 7 days and dispute it within 72 hours of the answer.
 */

export const PAID_QUESTION_STATES = ['paid', 'answered', 'declined', 'expired', 'refunded'] as const;
export type PaidQuestionState = (typeof PAID_QUESTION_STATES)[number];

export const VISIBILITIES = ['public', 'private'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const DISPUTE_STATES = ['open', 'refunded', 'released'] as const;
export type DisputeState = (typeof DISPUTE_STATES)[number];

/** The asker may dispute an answer for this long after it was given. */
export const DISPUTE_WINDOW_HOURS = 72;
/** The asker may rate an answer for this long after it was given. */
export const RATING_WINDOW_DAYS = 7;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** What happens to a paid question; each is one use case. */
export type PaidQuestionEvent = 'answer' | 'decline' | 'expire' | 'refund_after_dispute';

/** The allowed moves: only a paid question is answered, declined or expired; only an answered one refunded. */
export const PAID_QUESTION_MOVES: Readonly<
  Record<PaidQuestionState, Readonly<Partial<Record<PaidQuestionEvent, PaidQuestionState>>>>
> = {
  paid: { answer: 'answered', decline: 'declined', expire: 'expired' },
  answered: { refund_after_dispute: 'refunded' },
  declined: {},
  expired: {},
  refunded: {},
};

/** Why something is refused; each is a catalogue key and an error code. */
export type PaidQuestionRefusal =
  | 'paid_question.not_found'
  | 'paid_question.not_expert'
  | 'paid_question.not_asker'
  | 'paid_question.already_answered'
  | 'paid_question.already_declined'
  | 'paid_question.already_expired'
  | 'paid_question.already_refunded'
  | 'paid_question.deadline_passed'
  | 'paid_question.not_due'
  | 'paid_question.not_answered'
  | 'paid_question.unlock_not_needed'
  | 'paid_question.disputed'
  | 'paid_question.already_rated'
  | 'paid_question.rating_closed'
  | 'paid_question.already_disputed'
  | 'paid_question.dispute_closed'
  | 'dispute.already_decided';

/** Why a question that left `paid` refuses an expert's move: named after where it went. */
const CLOSED: Readonly<Record<Exclude<PaidQuestionState, 'paid'>, PaidQuestionRefusal>> = {
  answered: 'paid_question.already_answered',
  declined: 'paid_question.already_declined',
  expired: 'paid_question.already_expired',
  refunded: 'paid_question.already_refunded',
};

/** What the rules need to know about a paid question. */
export interface PaidQuestionFacts {
  readonly state: PaidQuestionState;
  readonly askerId: number;
  readonly expertId: number;
  readonly visibility: Visibility;
  readonly deadlineAt: Date;
  readonly answeredAt: Date | null;
}

export type Decision<N = PaidQuestionState> =
  | { ok: true; next: N }
  | { ok: false; reason: PaidQuestionRefusal };

function refuse(reason: PaidQuestionRefusal): { ok: false; reason: PaidQuestionRefusal } {
  return { ok: false, reason };
}

/** When a question asked at `askedAt` of an expert who answers within `answerHours` is refunded. */
export function deadlineOf(askedAt: Date, answerHours: number): Date {
  return new Date(askedAt.getTime() + answerHours * HOUR_MS);
}

/** True from the deadline on: the expert can no longer answer, and the expiry job refunds. */
export function isPastDeadline(question: Pick<PaidQuestionFacts, 'deadlineAt'>, now: Date): boolean {
  return now.getTime() >= question.deadlineAt.getTime();
}

/** The state after `event` at `now`, ignoring who acts (see the decide… functions for that). */
export function nextPaidQuestionState(
  question: PaidQuestionFacts,
  event: PaidQuestionEvent,
  now: Date,
): Decision {
  const next = PAID_QUESTION_MOVES[question.state][event];
  if (next === undefined) {
    if (question.state === 'paid') return refuse('paid_question.not_answered');
    return refuse(CLOSED[question.state]);
  }
  if ((event === 'answer' || event === 'decline') && isPastDeadline(question, now))
    return refuse('paid_question.deadline_passed');
  if (event === 'expire' && !isPastDeadline(question, now)) return refuse('paid_question.not_due');
  return { ok: true, next };
}

/** Whether `actorId` may answer now: the expert, while paid and before the deadline. */
export function decideAnswer(question: PaidQuestionFacts, actorId: number, now: Date): Decision {
  if (!canViewQuestion(question, actorId, false)) return refuse('paid_question.not_found');
  if (actorId !== question.expertId) return refuse('paid_question.not_expert');
  return nextPaidQuestionState(question, 'answer', now);
}

/** Whether `actorId` may decline now (full refund): the expert, while paid and before the deadline. */
export function decideDecline(question: PaidQuestionFacts, actorId: number, now: Date): Decision {
  if (!canViewQuestion(question, actorId, false)) return refuse('paid_question.not_found');
  if (actorId !== question.expertId) return refuse('paid_question.not_expert');
  return nextPaidQuestionState(question, 'decline', now);
}

/** Whether the expiry job may refund now: still paid, deadline reached. */
export function decideExpire(question: PaidQuestionFacts, now: Date): Decision {
  return nextPaidQuestionState(question, 'expire', now);
}

/** Who may see that a paid question exists: everyone if public; else its asker, expert and moderators. */
export function canViewQuestion(
  question: Pick<PaidQuestionFacts, 'visibility' | 'askerId' | 'expertId'>,
  viewerId: number | null,
  isModerator: boolean,
): boolean {
  if (question.visibility === 'public' || isModerator) return true;
  return viewerId === question.askerId || viewerId === question.expertId;
}

/** Who may read the answer: asker, expert, members who unlocked it, and moderators (for disputes). */
export function canReadAnswer(
  question: Pick<PaidQuestionFacts, 'askerId' | 'expertId'>,
  viewerId: number | null,
  options: { unlocked: boolean; isModerator: boolean },
): boolean {
  if (options.isModerator || options.unlocked) return true;
  return viewerId !== null && (viewerId === question.askerId || viewerId === question.expertId);
}

/**
 * Whether `actorId` may pay to unlock the answer: a public, answered question that is not under
 * an open dispute, and not their own (asker and expert see it anyway). A second unlock by the same
 * member is not refused here: the service returns the first one and charges nothing.
 */
export function decideUnlock(
  question: PaidQuestionFacts,
  actorId: number,
  options: { disputeOpen: boolean },
): Decision<'unlocked'> {
  if (question.visibility !== 'public') return refuse('paid_question.not_found');
  if (actorId === question.askerId || actorId === question.expertId)
    return refuse('paid_question.unlock_not_needed');
  if (question.state === 'refunded') return refuse('paid_question.already_refunded');
  if (question.state !== 'answered') return refuse('paid_question.not_answered');
  if (options.disputeOpen) return refuse('paid_question.disputed');
  return { ok: true, next: 'unlocked' };
}

/** The asker's window for a move that follows the answer, or a refusal naming why there is none. */
function afterAnswer(
  question: PaidQuestionFacts,
  actorId: number,
  now: Date,
  windowMs: number,
  closed: PaidQuestionRefusal,
): Decision<'ok'> {
  if (!canViewQuestion(question, actorId, false)) return refuse('paid_question.not_found');
  if (actorId !== question.askerId) return refuse('paid_question.not_asker');
  if (question.state === 'refunded') return refuse('paid_question.already_refunded');
  if (question.state !== 'answered' || question.answeredAt === null)
    return refuse('paid_question.not_answered');
  if (now.getTime() >= question.answeredAt.getTime() + windowMs) return refuse(closed);
  return { ok: true, next: 'ok' };
}

/** Whether `actorId` may rate the answer: the asker, once, within 7 days of the answer. */
export function decideRating(
  question: PaidQuestionFacts,
  actorId: number,
  now: Date,
  options: { alreadyRated: boolean },
): Decision<'rated'> {
  const window = afterAnswer(
    question,
    actorId,
    now,
    RATING_WINDOW_DAYS * DAY_MS,
    'paid_question.rating_closed',
  );
  if (!window.ok) return window;
  if (options.alreadyRated) return refuse('paid_question.already_rated');
  return { ok: true, next: 'rated' };
}

/** Whether `actorId` may dispute the answer: the asker, once, within 72 hours of the answer. */
export function decideDispute(
  question: PaidQuestionFacts,
  actorId: number,
  now: Date,
  options: { alreadyDisputed: boolean },
): Decision<'open'> {
  const window = afterAnswer(
    question,
    actorId,
    now,
    DISPUTE_WINDOW_HOURS * HOUR_MS,
    'paid_question.dispute_closed',
  );
  if (!window.ok) return window;
  if (options.alreadyDisputed) return refuse('paid_question.already_disputed');
  return { ok: true, next: 'open' };
}

/** A moderator's decision on an open dispute: refund the asker, or release (the expert keeps the money). */
export type DisputeOutcome = 'refund' | 'release';

/** The dispute's state after the decision, or why it cannot be decided (already decided). */
export function decideDisputeOutcome(
  dispute: { readonly state: DisputeState },
  question: PaidQuestionFacts,
  outcome: DisputeOutcome,
  now: Date,
): Decision<'refunded' | 'released'> {
  if (dispute.state !== 'open') return refuse('dispute.already_decided');
  if (outcome === 'release') return { ok: true, next: 'released' };
  const move = nextPaidQuestionState(question, 'refund_after_dispute', now);
  if (!move.ok) return move;
  return { ok: true, next: 'refunded' };
}

/** Narrows a string to a paid-question state. */
export function isPaidQuestionState(value: unknown): value is PaidQuestionState {
  return typeof value === 'string' && (PAID_QUESTION_STATES as readonly string[]).includes(value);
}

/** Narrows a string to a visibility. */
export function isVisibility(value: unknown): value is Visibility {
  return value === 'public' || value === 'private';
}
