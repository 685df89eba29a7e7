import type { CommentRecord } from './comments.repository.js';
import type { AnswerRecord, QuestionRecord } from './questions.repository.js';
import type { RevisionRecord } from './revisions.repository.js';
import type { AnswerView, CommentView, QuestionThread } from './thread.service.js';

// Records → the API's shapes (API.md "Questions and answers"). Internal fields stay behind.

export function presentComment(comment: CommentRecord | CommentView) {
  return {
    id: comment.id,
    questionId: comment.questionId,
    answerId: comment.answerId,
    body: comment.body,
    bodyHtml: comment.bodyHtml,
    author: comment.author,
    createdAt: comment.createdAt,
    updatedAt: comment.updatedAt,
    ...('abilities' in comment ? { abilities: comment.abilities } : {}),
  };
}

export function presentAnswer(answer: AnswerRecord | AnswerView, acceptedAnswerId?: number | null) {
  return {
    id: answer.id,
    questionId: answer.questionId,
    body: answer.body,
    bodyHtml: answer.bodyHtml,
    score: answer.score,
    author: answer.author,
    isAccepted: 'isAccepted' in answer ? answer.isAccepted : answer.id === acceptedAnswerId,
    deleted: answer.deletedAt !== null,
    createdAt: answer.createdAt,
    updatedAt: answer.updatedAt,
    license: answer.license,
    sourceUrl: answer.sourceUrl,
    ...('abilities' in answer
      ? { myVote: answer.myVote, abilities: answer.abilities, comments: answer.comments.map(presentComment) }
      : {}),
  };
}

export function presentQuestion(question: QuestionRecord) {
  return {
    id: question.id,
    title: question.title,
    slug: question.slug,
    body: question.body,
    bodyHtml: question.bodyHtml,
    tags: question.tags,
    score: question.score,
    author: question.author,
    answerCount: question.answerCount,
    commentCount: question.commentCount,
    acceptedAnswerId: question.acceptedAnswerId,
    viewCount: question.viewCount,
    deleted: question.deletedAt !== null,
    createdAt: question.createdAt,
    updatedAt: question.updatedAt,
    lastActivityAt: question.lastActivityAt,
    license: question.license,
    sourceUrl: question.sourceUrl,
  };
}

export function presentThread(thread: QuestionThread) {
  return {
    ...presentQuestion(thread.question),
    myVote: thread.question.myVote,
    abilities: thread.question.abilities,
    answers: thread.answers.map((answer) => presentAnswer(answer)),
    comments: thread.comments.map(presentComment),
  };
}

export function presentRevision(revision: RevisionRecord) {
  return {
    number: revision.number,
    kind: revision.kind,
    author: revision.author,
    title: revision.title,
    body: revision.body,
    tags: revision.tags,
    comment: revision.comment,
    createdAt: revision.createdAt,
  };
}
