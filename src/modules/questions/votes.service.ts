import type { ServiceContext } from '../../platform/context.js';
import { runTransaction } from '../../platform/db/transaction.js';
import { type Actor, requireActor } from '../../platform/http/auth.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.js';
import { checkPrivilege, lockMembers, recordVote } from '../reputation/index.js';
import { canSeePost, isAuthor } from './questions.policy.js';
import { findPostAuthorId, lockAnswerById, lockQuestionById } from './questions.repository.js';
import {
  bumpScore,
  deleteVote,
  findVote,
  insertVote,
  type PostKind,
  updateVoteValue,
  type VoteValue,
} from './votes.repository.js';

export interface VoteResult {
  score: number;
  myVote: -1 | 0 | 1;
}

/**
 * Casts (1, -1), changes, or retracts (0) the caller's vote on a post. The post row is locked
 * first, so concurrent votes serialise and its score always equals the sum of its votes.
 * Repeating the same vote is refused (`vote.already_cast`) and changes nothing; retracting
 * when there is no vote is a no-op and always allowed. Upvoting needs the `upvote` privilege and
 * downvoting `downvote` (403 `privilege.required`), read from the voter's locked row.
 */
export async function castVote(
  ctx: ServiceContext,
  actor: Actor | null,
  post: PostKind,
  postId: number,
  value: number,
): Promise<VoteResult> {
  const me = requireActor(actor);
  if (value !== 1 && value !== -1 && value !== 0)
    throw new ValidationError({ value: { code: 'vote.invalid' } });
  const now = ctx.clock.now();
  return runTransaction(ctx, async (trx) => {
    // The lock order: the members whose reputation the vote moves, then the post.
    const authorId = await findPostAuthorId(trx, post, postId);
    const totals = await lockMembers(trx, authorId ? [authorId, me.userId] : [me.userId]);
    const target =
      post === 'question' ? await lockQuestionById(trx, postId) : await lockAnswerById(trx, postId);
    const notFound = post === 'question' ? 'question.not_found' : 'answer.not_found';
    if (!target || !canSeePost(me, target)) throw new NotFoundError(notFound);
    if (target.deletedAt)
      throw new ConflictError(post === 'question' ? 'question.deleted' : 'answer.deleted');
    if (isAuthor(me, target)) throw new ForbiddenError('vote.own_post');
    if (value !== 0) {
      const reputation = totals.get(me.userId) ?? 0;
      checkPrivilege(ctx, { role: me.role, reputation }, value === 1 ? 'upvote' : 'downvote');
    }
    const existing = await findVote(trx, post, postId, me.userId);
    const before = existing ?? 0;
    // Retracting a vote that is not there is a no-op; repeating a cast vote is a mistake.
    if (value === 0 && existing === undefined)
      return { score: await bumpScore(trx, post, postId, 0), myVote: 0 };
    if (before === value) throw new ConflictError('vote.already_cast');
    if (value === 0) await deleteVote(trx, post, postId, me.userId);
    else if (existing === undefined)
      await insertVote(trx, { post, postId, voterId: me.userId, value: value as VoteValue, now });
    else await updateVoteValue(trx, post, postId, me.userId, value as VoteValue);
    const score = await bumpScore(trx, post, postId, value - before);
    if (target.authorId !== null) {
      await recordVote(
        ctx,
        trx,
        { post, postId, authorId: target.authorId, voterId: me.userId, value: value as VoteResult['myVote'] },
        now,
        totals,
      );
    }
    return { score, myVote: value as VoteResult['myVote'] };
  });
}
