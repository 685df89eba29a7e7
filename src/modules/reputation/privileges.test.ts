import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_THRESHOLDS,
  hasPrivilege,
  lackOf,
  PRIVILEGES,
  privilegesHeld,
  privilegeTable,
} from './privileges.js';

const table = privilegeTable();
const member = (reputation: number) => ({ role: 'user' as const, reputation });

describe('privileges', () => {
  test("the default table is Stack Overflow's, lowest first", () => {
    assert.deepEqual(table, DEFAULT_THRESHOLDS);
    assert.equal(table.upvote, 15);
    assert.equal(table.comment_everywhere, 50);
    assert.equal(table.offer_bounty, 75);
    assert.equal(table.downvote, 125);
    assert.equal(table.create_tags, 1500);
    assert.equal(table.protect_questions, 15_000);
    const values = PRIVILEGES.map((name) => table[name]);
    assert.deepEqual(
      values,
      [...values].sort((a, b) => a - b),
    );
  });

  test('upvoting: 14 lacks it, 15 has it', () => {
    assert.deepEqual(lackOf(table, member(14), 'upvote'), { privilege: 'upvote', required: 15, current: 14 });
    assert.equal(hasPrivilege(table, member(14), 'upvote'), false);
    assert.equal(lackOf(table, member(15), 'upvote'), null);
    assert.equal(hasPrivilege(table, member(15), 'upvote'), true);
  });

  test('downvoting: 124 lacks it, 125 has it', () => {
    assert.deepEqual(lackOf(table, member(124), 'downvote'), {
      privilege: 'downvote',
      required: 125,
      current: 124,
    });
    assert.equal(hasPrivilege(table, member(125), 'downvote'), true);
  });

  test('commenting everywhere at 49 / 50, a new tag at 1499 / 1500, a bounty at 74 / 75', () => {
    assert.equal(hasPrivilege(table, member(49), 'comment_everywhere'), false);
    assert.equal(hasPrivilege(table, member(50), 'comment_everywhere'), true);
    assert.equal(hasPrivilege(table, member(1499), 'create_tags'), false);
    assert.equal(hasPrivilege(table, member(1500), 'create_tags'), true);
    assert.equal(hasPrivilege(table, member(74), 'offer_bounty'), false);
    assert.equal(hasPrivilege(table, member(75), 'offer_bounty'), true);
  });

  test('moderators and admins have every privilege whatever their reputation', () => {
    for (const role of ['moderator', 'admin'] as const) {
      assert.deepEqual(privilegesHeld(table, { role, reputation: 1 }), [...PRIVILEGES]);
      assert.equal(lackOf(table, { role, reputation: 1 }, 'protect_questions'), null);
    }
    assert.deepEqual(privilegesHeld(table, member(1)), []);
    assert.deepEqual(privilegesHeld(table, member(125)), [
      'upvote',
      'flag',
      'comment_everywhere',
      'offer_bounty',
      'downvote',
    ]);
  });

  test('a new site factor lowers every default at once, rounding up and never below 1', () => {
    const beta = privilegeTable({}, 0.1);
    assert.equal(beta.upvote, 2);
    assert.equal(beta.downvote, 13);
    assert.equal(beta.create_tags, 150);
    assert.equal(beta.protect_questions, 1500);
    assert.equal(privilegeTable({}, 0.01).upvote, 1);
    assert.equal(hasPrivilege(beta, member(12), 'downvote'), false);
    assert.equal(hasPrivilege(beta, member(13), 'downvote'), true);
  });

  test('an override is taken as written, the factor notwithstanding; an unknown name is refused', () => {
    const set = privilegeTable({ create_tags: 300 }, 0.1);
    assert.equal(set.create_tags, 300);
    assert.equal(set.upvote, 2);
    assert.throws(() => privilegeTable({ vote_up: 5 }), /no privilege "vote_up"/);
    assert.throws(() => privilegeTable({}, 0), /factor/);
    assert.throws(() => privilegeTable({}, 1.5), /factor/);
  });
});
