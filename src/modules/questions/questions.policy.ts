import type { Actor } from '../../platform/http/auth.js';

/** What a policy needs to know about a post. */
export interface PostState {
  readonly authorId: number | null;
  readonly deletedAt: Date | null;
}

export interface QuestionState extends PostState {
  readonly answerCount?: number;
}

/** Moderators and administrators look after the community. */
export function isModerator(actor: Actor | null): boolean {
  return actor?.role === 'moderator' || actor?.role === 'admin';
}

export function isAuthor(actor: Actor | null, post: PostState): boolean {
  return actor !== null && post.authorId !== null && actor.userId === post.authorId;
}

/** A deleted post stays visible to its author and to moderators only. */
export function canSeePost(actor: Actor | null, post: PostState): boolean {
  return post.deletedAt === null || isAuthor(actor, post) || isModerator(actor);
}

/**
 * Who may edit a live post: its author and moderators. Editing by reputation (as on Stack
 * Overflow) arrives with the reputation and privileges issue; it belongs here.
 */
export function canEditPost(actor: Actor | null, post: PostState): boolean {
  return post.deletedAt === null && (isAuthor(actor, post) || isModerator(actor));
}

/** Authors may delete their question while it has no answers; moderators always. */
export function canDeleteQuestion(actor: Actor | null, question: QuestionState): boolean {
  if (question.deletedAt !== null) return false;
  return isModerator(actor) || (isAuthor(actor, question) && (question.answerCount ?? 0) === 0);
}

export function canDeleteAnswer(actor: Actor | null, answer: PostState): boolean {
  return answer.deletedAt === null && (isAuthor(actor, answer) || isModerator(actor));
}

/** Members vote on live posts that are not their own. */
export function canVote(actor: Actor | null, post: PostState): boolean {
  return actor !== null && post.deletedAt === null && !isAuthor(actor, post);
}

/** Only the asker accepts (or un-accepts) an answer, on a live question. */
export function canAccept(actor: Actor | null, question: PostState): boolean {
  return question.deletedAt === null && isAuthor(actor, question);
}

export function canAnswer(actor: Actor | null, question: PostState): boolean {
  return actor !== null && question.deletedAt === null;
}

export function canComment(actor: Actor | null, post: PostState): boolean {
  return actor !== null && post.deletedAt === null;
}

/**
 * Whether commenting on `post` asks for the `comment_everywhere` privilege: not on one's own post,
 * nor on an answer to one's own question (`question` is the post's question, or the post itself).
 */
export function commentNeedsPrivilege(actor: Actor | null, post: PostState, question: PostState): boolean {
  return !isAuthor(actor, post) && !isAuthor(actor, question);
}

/** Comments are editable by their author for a short while after posting. */
export const COMMENT_EDIT_WINDOW_MS = 5 * 60 * 1000;

export function canEditComment(
  actor: Actor | null,
  comment: PostState & { createdAt: Date },
  now: Date,
): boolean {
  return (
    comment.deletedAt === null &&
    isAuthor(actor, comment) &&
    now.getTime() - comment.createdAt.getTime() <= COMMENT_EDIT_WINDOW_MS
  );
}

export function canDeleteComment(actor: Actor | null, comment: PostState): boolean {
  return comment.deletedAt === null && (isAuthor(actor, comment) || isModerator(actor));
}

/** What the caller may do with a post, for API responses and for showing buttons. */
export interface PostAbilities {
  edit: boolean;
  delete: boolean;
  vote: boolean;
  accept?: boolean;
  comment: boolean;
}
