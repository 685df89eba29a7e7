/**
 * Reputation as pure rules: what each kind of event is worth, the daily cap on votes, the lifetime
 * cap on approved edits, the floor of 1, and undoing an event. The live path (recording one event
 * under the member's row lock) and `reputation:recompute` (replaying every event of a member) both
 * go through `applyEvent`, so a recompute reproduces what was recorded, or mends what drifted.
 */

/** Every member starts at, and never falls below, this. */
export const REPUTATION_FLOOR = 1;

/** The kinds of event the community core records; other modules add theirs (`reputationKindSlot`). */
export const CORE_KINDS = [
  'imported',
  'question_upvoted',
  'question_downvoted',
  'answer_upvoted',
  'answer_downvoted',
  'downvoted_answer',
  'answer_accepted',
  'accepted_answer',
  'edit_approved',
  'flag_upheld',
] as const;
export type CoreKind = (typeof CORE_KINDS)[number];

/** How an event kind counts. */
export interface KindRule {
  /**
   * Points per event, or `'given'` when the recorder says how many (an imported total, a bounty
   * in reputation).
   */
  readonly points: number | 'given';
  /** Counts towards the daily cap on gains from votes (Stack Overflow's 200 a day). */
  readonly capped?: boolean;
  /** Counts towards the lifetime cap on gains from approved edits. */
  readonly editCapped?: boolean;
}

export interface ReputationRules {
  readonly kinds: Readonly<Record<string, KindRule>>;
  /** The most a member gains from capped kinds in one UTC day. */
  readonly dailyCap: number;
  /** The most a member gains from approved edits in all. */
  readonly editCap: number;
}

/** Stack Overflow's values (its help centre, "What is reputation?"). */
export const DEFAULT_POINTS: Readonly<Record<Exclude<CoreKind, 'imported'>, number>> = {
  question_upvoted: 10,
  question_downvoted: -2,
  answer_upvoted: 10,
  answer_downvoted: -2,
  /** The voter's cost of downvoting an answer. */
  downvoted_answer: -1,
  /** To the answerer. */
  answer_accepted: 15,
  /** To the asker who accepted someone else's answer. */
  accepted_answer: 2,
  edit_approved: 2,
  /** A spam or offensive flag upheld against the post's author. */
  flag_upheld: -100,
};

export const DEFAULT_DAILY_CAP = 200;
export const DEFAULT_EDIT_CAP = 1000;

/**
 * The rules table: the core kinds at Stack Overflow's points, changed by `overrides` (the
 * configured REPUTATION_POINTS; a name that is no core kind is refused), plus kinds other modules
 * add (`reputationKindSlot`).
 */
export function reputationRules(
  overrides: Readonly<Record<string, number>> = {},
  options: { dailyCap?: number; editCap?: number; extraKinds?: Readonly<Record<string, KindRule>> } = {},
): ReputationRules {
  for (const name of Object.keys(overrides)) {
    if (!Object.hasOwn(DEFAULT_POINTS, name))
      throw new Error(`REPUTATION_POINTS names no reputation kind "${name}"`);
  }
  const points = { ...DEFAULT_POINTS, ...overrides };
  const core: Record<string, KindRule> = {
    imported: { points: 'given' },
    question_upvoted: { points: points.question_upvoted, capped: true },
    question_downvoted: { points: points.question_downvoted },
    answer_upvoted: { points: points.answer_upvoted, capped: true },
    answer_downvoted: { points: points.answer_downvoted },
    downvoted_answer: { points: points.downvoted_answer },
    answer_accepted: { points: points.answer_accepted },
    accepted_answer: { points: points.accepted_answer },
    edit_approved: { points: points.edit_approved, capped: true, editCapped: true },
    flag_upheld: { points: points.flag_upheld },
  };
  for (const [kind, rule] of Object.entries(options.extraKinds ?? {})) {
    if (Object.hasOwn(core, kind)) throw new Error(`reputation kind "${kind}" is the core's`);
    core[kind] = rule;
  }
  return {
    kinds: core,
    dailyCap: options.dailyCap ?? DEFAULT_DAILY_CAP,
    editCap: options.editCap ?? DEFAULT_EDIT_CAP,
  };
}

/** The points an event of `kind` is recorded with: the rule's, or the given ones for `'given'` kinds. */
export function pointsFor(rules: ReputationRules, kind: string, given?: number): number {
  const rule = rules.kinds[kind];
  if (!rule) throw new Error(`unknown reputation kind "${kind}"`);
  if (rule.points !== 'given') return rule.points;
  if (given === undefined || !Number.isSafeInteger(given)) {
    throw new Error(`reputation kind "${kind}" needs its points given as an integer`);
  }
  return given;
}

/** The UTC day an instant falls on, as the daily cap counts it ("2026-12-07"). */
export function capDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** One recorded event, as the rules read it. */
export interface RecordedEvent {
  readonly id: number;
  readonly kind: string;
  /** What the rule gave (before caps and the floor). */
  readonly points: number;
  readonly createdAt: Date;
  /** The event this one undoes, if it is an undoing. */
  readonly reverses: number | null;
}

/** What an event did: its effect on the total, and what it used of the caps. */
export interface Applied {
  readonly applied: number;
  readonly day: string;
  readonly capUsed: number;
  readonly editCapUsed: number;
}

/** A member's reputation as far as the events replayed so far go. */
export interface ReputationState {
  total: number;
  /** Gains from capped kinds per UTC day, undone gains taken off again. */
  readonly capUsedByDay: Map<string, number>;
  editCapUsed: number;
  /** What each event did, by id (an undoing reads its original's). */
  readonly byEvent: Map<number, Applied>;
}

export function emptyState(): ReputationState {
  return { total: REPUTATION_FLOOR, capUsedByDay: new Map(), editCapUsed: 0, byEvent: new Map() };
}

/** The change that takes `total` by `change` but never below the floor. */
function floored(total: number, change: number): number {
  return Math.max(REPUTATION_FLOOR, total + change) - total;
}

/**
 * Applies one event to the state and says what it did. A gain of a capped kind is cut to what is
 * left of that day's cap (and of the edit cap); the floor cuts any loss that would take the total
 * below 1. An undoing gives back exactly what its original did (floored in turn) and frees what
 * the original used of the caps.
 */
export function applyEvent(rules: ReputationRules, state: ReputationState, event: RecordedEvent): Applied {
  let result: Applied;
  if (event.reverses !== null) {
    const original = state.byEvent.get(event.reverses);
    if (!original)
      throw new Error(`reputation event ${event.id} undoes ${event.reverses}, which is not earlier`);
    const used = state.capUsedByDay.get(original.day) ?? 0;
    state.capUsedByDay.set(original.day, used - original.capUsed);
    state.editCapUsed -= original.editCapUsed;
    result = {
      applied: floored(state.total, -original.applied),
      day: original.day,
      capUsed: 0,
      editCapUsed: 0,
    };
  } else {
    const rule = rules.kinds[event.kind];
    const day = capDay(event.createdAt);
    let gain = event.points;
    let capUsed = 0;
    let editCapUsed = 0;
    if (gain > 0 && rule?.capped) {
      gain = Math.min(gain, Math.max(0, rules.dailyCap - (state.capUsedByDay.get(day) ?? 0)));
      if (rule.editCapped) gain = Math.min(gain, Math.max(0, rules.editCap - state.editCapUsed));
      capUsed = gain;
      if (rule.editCapped) editCapUsed = gain;
      state.capUsedByDay.set(day, (state.capUsedByDay.get(day) ?? 0) + capUsed);
      state.editCapUsed += editCapUsed;
    }
    result = { applied: floored(state.total, gain), day, capUsed, editCapUsed };
  }
  state.total += result.applied;
  state.byEvent.set(event.id, result);
  return result;
}

/** Replays a member's events in order: what each did, and the total they come to. */
export function replay(
  rules: ReputationRules,
  events: readonly RecordedEvent[],
): { total: number; applied: Map<number, number> } {
  const state = emptyState();
  const applied = new Map<number, number>();
  for (const event of events) applied.set(event.id, applyEvent(rules, state, event).applied);
  return { total: state.total, applied };
}

/** The kinds a vote on each kind of post records, and so what taking the vote back undoes. */
export const VOTE_KINDS = {
  question: ['question_upvoted', 'question_downvoted'],
  answer: ['answer_upvoted', 'answer_downvoted', 'downvoted_answer'],
} as const satisfies Record<string, readonly CoreKind[]>;

/** The kinds accepting an answer records, and so what moving the accept undoes. */
export const ACCEPT_KINDS = ['answer_accepted', 'accepted_answer'] as const satisfies readonly CoreKind[];

/** Whose reputation a vote moves, by which rule: the author's, and a downvoter's own on an answer. */
export function voteChanges(
  post: 'question' | 'answer',
  value: 1 | -1,
  authorId: number,
  voterId: number,
): Array<{ userId: number; kind: CoreKind }> {
  if (post === 'question')
    return [{ userId: authorId, kind: value === 1 ? 'question_upvoted' : 'question_downvoted' }];
  if (value === 1) return [{ userId: authorId, kind: 'answer_upvoted' }];
  return [
    { userId: authorId, kind: 'answer_downvoted' },
    { userId: voterId, kind: 'downvoted_answer' },
  ];
}

/** Whose reputation accepting an answer moves: the answerer's and the asker's, and nobody's for one's own answer. */
export function acceptChanges(
  answerAuthorId: number,
  askerId: number,
): Array<{ userId: number; kind: CoreKind }> {
  if (answerAuthorId === askerId) return [];
  return [
    { userId: answerAuthorId, kind: 'answer_accepted' },
    { userId: askerId, kind: 'accepted_answer' },
  ];
}
