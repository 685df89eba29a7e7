import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ACCEPT_KINDS,
  acceptChanges,
  applyEvent,
  capDay,
  emptyState,
  pointsFor,
  type RecordedEvent,
  replay,
  reputationRules,
  VOTE_KINDS,
  voteChanges,
} from './reputation.rules.js';

const rules = reputationRules();
const DAY = new Date('2026-12-07T10:00:00Z');
const NEXT_DAY = new Date('2026-12-08T00:00:00Z');

let nextId = 1;
function event(kind: string, options: { at?: Date; reverses?: number; points?: number } = {}): RecordedEvent {
  return {
    id: nextId++,
    kind,
    points: options.points ?? pointsFor(rules, kind),
    createdAt: options.at ?? DAY,
    reverses: options.reverses ?? null,
  };
}

describe('reputation rules', () => {
  test("Stack Overflow's values: two upvotes and an accept take a new answerer from 1 to 36", () => {
    const events = [event('answer_upvoted'), event('answer_upvoted'), event('answer_accepted')];
    assert.equal(replay(rules, events).total, 36);
  });

  test('the table holds every core value and refuses unknown kinds or missing given points', () => {
    assert.equal(pointsFor(rules, 'question_upvoted'), 10);
    assert.equal(pointsFor(rules, 'question_downvoted'), -2);
    assert.equal(pointsFor(rules, 'downvoted_answer'), -1);
    assert.equal(pointsFor(rules, 'accepted_answer'), 2);
    assert.equal(pointsFor(rules, 'edit_approved'), 2);
    assert.equal(pointsFor(rules, 'flag_upheld'), -100);
    assert.equal(pointsFor(rules, 'imported', 4_321), 4_321);
    assert.throws(() => pointsFor(rules, 'imported'), /needs its points given/);
    assert.throws(() => pointsFor(rules, 'imported', 1.5), /needs its points given/);
    assert.throws(() => pointsFor(rules, 'gift'), /unknown reputation kind "gift"/);
  });

  test('configured points and a module’s own kinds; a module may not redefine a core kind', () => {
    const custom = reputationRules({ question_upvoted: 5 }, { extraKinds: { tip_received: { points: 3 } } });
    assert.equal(pointsFor(custom, 'answer_upvoted'), 10);
    assert.equal(pointsFor(custom, 'question_upvoted'), 5);
    assert.equal(pointsFor(custom, 'tip_received'), 3);
    assert.throws(
      () => reputationRules(undefined, { extraKinds: { answer_upvoted: { points: 1 } } }),
      /core's/,
    );
  });

  test('at most 200 a day from votes; the next UTC day starts afresh; accepts are not capped', () => {
    const events = Array.from({ length: 25 }, () => event('answer_upvoted'));
    const state = emptyState();
    const applied = events.map((e) => applyEvent(rules, state, e).applied);
    assert.equal(state.total, 201);
    assert.deepEqual(applied.slice(18), [10, 10, 0, 0, 0, 0, 0]);
    assert.equal(applyEvent(rules, state, event('answer_accepted')).applied, 15);
    assert.equal(applyEvent(rules, state, event('question_upvoted', { at: NEXT_DAY })).applied, 10);
    assert.equal(state.total, 226);
  });

  test('a vote that only partly fits under the cap gives what is left', () => {
    const custom = reputationRules(undefined, { dailyCap: 25 });
    const { applied, total } = replay(custom, [
      event('answer_upvoted'),
      event('answer_upvoted'),
      event('answer_upvoted'),
    ]);
    assert.deepEqual([...applied.values()], [10, 10, 5]);
    assert.equal(total, 26);
  });

  test('downvotes take points even at the cap, and do not make room under it', () => {
    const state = emptyState();
    for (let i = 0; i < 20; i += 1) applyEvent(rules, state, event('answer_upvoted'));
    assert.equal(applyEvent(rules, state, event('answer_downvoted')).applied, -2);
    assert.equal(applyEvent(rules, state, event('answer_upvoted')).applied, 0);
    assert.equal(state.total, 199);
  });

  test('undoing an event gives back exactly what it did and frees its share of the cap', () => {
    const state = emptyState();
    const votes = Array.from({ length: 20 }, () => event('answer_upvoted'));
    for (const vote of votes) applyEvent(rules, state, vote);
    const capped = event('answer_upvoted');
    assert.equal(applyEvent(rules, state, capped).applied, 0);
    assert.equal(applyEvent(rules, state, event('answer_upvoted', { reverses: capped.id })).applied, 0);
    const first = votes[0] as RecordedEvent;
    assert.equal(applyEvent(rules, state, event('answer_upvoted', { reverses: first.id })).applied, -10);
    assert.equal(state.total, 191);
    // The freed 10 can be earned again the same day.
    assert.equal(applyEvent(rules, state, event('question_upvoted')).applied, 10);
    assert.equal(state.total, 201);
  });

  test('an undoing on a later day frees the cap of the original’s day, not its own', () => {
    const state = emptyState();
    const vote = event('answer_upvoted');
    applyEvent(rules, state, vote);
    applyEvent(rules, state, event('answer_upvoted', { at: NEXT_DAY, reverses: vote.id }));
    assert.equal(state.capUsedByDay.get(capDay(DAY)), 0);
    assert.equal(state.capUsedByDay.get(capDay(NEXT_DAY)) ?? 0, 0);
  });

  test('reputation never goes below 1, and undoing a floored loss gives back only what was taken', () => {
    const state = emptyState();
    const flag = event('flag_upheld');
    assert.equal(applyEvent(rules, state, flag).applied, 0);
    assert.equal(state.total, 1);
    applyEvent(rules, state, event('answer_upvoted'));
    const down = event('answer_downvoted');
    assert.equal(applyEvent(rules, state, down).applied, -2);
    const big = event('flag_upheld');
    assert.equal(applyEvent(rules, state, big).applied, -8);
    assert.equal(state.total, 1);
    assert.equal(applyEvent(rules, state, event('flag_upheld', { reverses: big.id })).applied, 8);
    assert.equal(state.total, 9);
  });

  test('approved edits give at most 1,000 in all, within the daily cap too', () => {
    const custom = reputationRules(undefined, { dailyCap: 100_000, editCap: 5 });
    const { applied, total } = replay(custom, [
      event('edit_approved'),
      event('edit_approved'),
      event('edit_approved'),
      event('edit_approved'),
    ]);
    assert.deepEqual([...applied.values()], [2, 2, 1, 0]);
    assert.equal(total, 6);
    assert.equal(rules.editCap, 1000);
  });

  test('an imported total counts whole and is not capped', () => {
    assert.equal(replay(rules, [event('imported', { points: 12_344 })]).total, 12_345);
  });

  test('an undoing must follow its original', () => {
    assert.throws(() => replay(rules, [event('answer_upvoted', { reverses: 999_999 })]), /not earlier/);
  });

  test('replaying the same events twice gives the same answer (recompute is idempotent)', () => {
    const events = [
      event('question_upvoted'),
      event('answer_downvoted'),
      event('answer_accepted'),
      event('flag_upheld'),
      event('answer_upvoted', { at: NEXT_DAY }),
    ];
    assert.deepEqual(replay(rules, events), replay(rules, events));
  });
});

describe('what votes and accepts move', () => {
  test('an upvote moves the author only; a downvote on an answer costs the voter 1 too', () => {
    assert.deepEqual(voteChanges('question', 1, 7, 9), [{ userId: 7, kind: 'question_upvoted' }]);
    assert.deepEqual(voteChanges('question', -1, 7, 9), [{ userId: 7, kind: 'question_downvoted' }]);
    assert.deepEqual(voteChanges('answer', 1, 7, 9), [{ userId: 7, kind: 'answer_upvoted' }]);
    assert.deepEqual(voteChanges('answer', -1, 7, 9), [
      { userId: 7, kind: 'answer_downvoted' },
      { userId: 9, kind: 'downvoted_answer' },
    ]);
    for (const post of ['question', 'answer'] as const) {
      for (const value of [1, -1] as const) {
        for (const change of voteChanges(post, value, 7, 9)) {
          assert.ok(
            (VOTE_KINDS[post] as readonly string[]).includes(change.kind),
            'taking the vote back undoes it',
          );
        }
      }
    }
  });

  test('an accept gives the answerer 15 and the asker 2, and nothing for accepting one’s own answer', () => {
    assert.deepEqual(acceptChanges(7, 9), [
      { userId: 7, kind: 'answer_accepted' },
      { userId: 9, kind: 'accepted_answer' },
    ]);
    assert.deepEqual(acceptChanges(9, 9), []);
    assert.deepEqual(
      acceptChanges(7, 9).map((change) => pointsFor(rules, change.kind)),
      [15, 2],
    );
    assert.ok(
      acceptChanges(7, 9).every((change) => (ACCEPT_KINDS as readonly string[]).includes(change.kind)),
    );
  });
});
