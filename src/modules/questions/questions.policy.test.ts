import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Actor } from '../../platform/http/auth.js';
import {
  COMMENT_EDIT_WINDOW_MS,
  canAccept,
  canAnswer,
  canComment,
  canDeleteAnswer,
  canDeleteComment,
  canDeleteQuestion,
  canEditComment,
  canEditPost,
  canSeePost,
  canVote,
  isModerator,
} from './questions.policy.js';

// Only the fields the policy reads matter; the cast keeps the fixture short when Actor grows.
const actor = (userId: number, role: Actor['role'] = 'user') =>
  ({ userId, username: `u${userId}`, displayName: `U${userId}`, role, via: 'session' }) as Actor;
const author = actor(1);
const other = actor(2);
const moderator = actor(3, 'moderator');
const admin = actor(4, 'admin');
const deleted = new Date('2026-01-01T00:00:00Z');
const live = { authorId: 1, deletedAt: null };
const gone = { authorId: 1, deletedAt: deleted };

describe('questions policy', () => {
  test('moderators and administrators moderate; members and visitors do not', () => {
    assert.deepEqual([moderator, admin, author, null].map(isModerator), [true, true, false, false]);
  });

  test('a deleted post is seen by its author and moderators only', () => {
    assert.equal(canSeePost(null, live), true);
    assert.deepEqual(
      [author, other, moderator, null].map((a) => canSeePost(a, gone)),
      [true, false, true, false],
    );
  });

  test('live posts are edited by their author or a moderator; deleted ones by nobody', () => {
    assert.deepEqual(
      [author, other, moderator, null].map((a) => canEditPost(a, live)),
      [true, false, true, false],
    );
    assert.deepEqual(
      [author, moderator].map((a) => canEditPost(a, gone)),
      [false, false],
    );
    // A post whose author left (imported, or account removed) is no one's to edit but moderators'.
    assert.equal(canEditPost(author, { authorId: null, deletedAt: null }), false);
  });

  test('an author deletes a question only while it has no answers; moderators always', () => {
    assert.equal(canDeleteQuestion(author, { ...live, answerCount: 0 }), true);
    assert.equal(canDeleteQuestion(author, { ...live }), true, 'no count known means none');
    assert.equal(canDeleteQuestion(author, { ...live, answerCount: 1 }), false);
    assert.equal(canDeleteQuestion(moderator, { ...live, answerCount: 5 }), true);
    assert.equal(canDeleteQuestion(other, { ...live, answerCount: 0 }), false);
    assert.equal(canDeleteQuestion(moderator, { ...gone, answerCount: 0 }), false, 'not twice');
  });

  test('answers are deleted by their author or a moderator, once', () => {
    assert.deepEqual(
      [author, other, moderator].map((a) => canDeleteAnswer(a, live)),
      [true, false, true],
    );
    assert.equal(canDeleteAnswer(moderator, gone), false);
  });

  test('members vote on live posts that are not their own', () => {
    assert.deepEqual(
      [author, other, moderator, null].map((a) => canVote(a, live)),
      [false, true, true, false],
    );
    assert.equal(canVote(other, gone), false);
  });

  test('only the asker accepts, on a live question', () => {
    assert.deepEqual(
      [author, other, moderator].map((a) => canAccept(a, live)),
      [true, false, false],
    );
    assert.equal(canAccept(author, gone), false);
  });

  test('members answer and comment on live posts; visitors do not', () => {
    for (const can of [canAnswer, canComment]) {
      assert.deepEqual(
        [author, other, null].map((a) => can(a, live)),
        [true, true, false],
      );
      assert.equal(can(other, gone), false);
    }
  });

  test('a comment is editable by its author for five minutes, inclusive', () => {
    const createdAt = new Date('2026-06-01T12:00:00Z');
    const comment = { ...live, createdAt };
    const at = (ms: number) => new Date(createdAt.getTime() + ms);
    assert.equal(COMMENT_EDIT_WINDOW_MS, 5 * 60 * 1000);
    assert.equal(canEditComment(author, comment, at(0)), true);
    assert.equal(canEditComment(author, comment, at(COMMENT_EDIT_WINDOW_MS)), true);
    assert.equal(canEditComment(author, comment, at(COMMENT_EDIT_WINDOW_MS + 1)), false);
    assert.equal(canEditComment(moderator, comment, at(0)), false, 'moderators delete, never rewrite');
    assert.equal(canEditComment(author, { ...comment, deletedAt: deleted }, at(0)), false);
  });

  test('comments are deleted by their author or a moderator, once', () => {
    assert.deepEqual(
      [author, other, moderator].map((a) => canDeleteComment(a, live)),
      [true, false, true],
    );
    assert.equal(canDeleteComment(author, gone), false);
  });
});
