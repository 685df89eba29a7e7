import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FormBody, formValues, idParam, problemOf } from '../../platform/http/forms.js';
import { isHtmxRequest } from '../../platform/http/request-context.js';
import { IdParams } from '../../platform/http/schemas.js';
import { viewerPrivileges } from '../reputation/index.js';
import { acceptAnswer, deleteAnswer, getAnswer } from './answers.service.js';
import { addComment, deleteComment, editComment } from './comments.service.js';
import {
  actionFailed,
  backToQuestion,
  inputFailure,
  isInputError,
  type QuestionsPagesOptions,
  questionPagePanels,
  renderQuestionPage,
  sendFragment,
  viewContext,
} from './pages.support.js';
import { deleteQuestion } from './questions.service.js';
import { commentView, getPostComments, getQuestionThread } from './thread.service.js';
import { type CommentDraft, CommentItem, Comments } from './views/comments.js';
import { postAnchor } from './views/paths.js';
import { VoteWidget } from './views/post-parts.js';
import { AnswersSection } from './views/question-page.js';
import { castVote } from './votes.service.js';

const kinds = ['question', 'answer'] as const;

/** The question id a comment form names (only to come back to it), or null when it names none. */
function questionIdOf(raw: string | undefined): number | null {
  const id = Number(raw);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** A form's vote: "1", "-1" or "0"; anything else (even nothing) is refused by the use case. */
function voteValue(raw: string | undefined): number {
  return raw === undefined || raw.trim() === '' ? Number.NaN : Number(raw);
}

/**
 * Votes, accepting, comments and deleting, as plain form posts that redirect back to the
 * question (303 to its URL + `#anchor`). With htmx (`HX-Request: true`) a route answers with
 * just the fragment to swap in: the vote widget, the answers, a post's comments.
 */
export const questionActionsPages: FastifyPluginAsyncTypebox<QuestionsPagesOptions> = async (
  app,
  { ctx },
) => {
  /** The question a post belongs to (404 if the caller may not see it). */
  async function questionOf(kind: 'question' | 'answer', id: number, actor: Parameters<typeof getAnswer>[1]) {
    return kind === 'question' ? id : (await getAnswer(ctx, actor, id)).questionId;
  }

  /** A post's comments as the fragment htmx swaps in, with a refused draft back in its box. */
  async function commentsOf(
    request: FastifyRequest,
    reply: FastifyReply,
    kind: 'question' | 'answer',
    id: number,
    questionId: number,
    draft?: CommentDraft,
  ) {
    const post = await getPostComments(
      ctx,
      request.actor,
      kind === 'question' ? { questionId: id } : { answerId: id },
    );
    return (
      <Comments
        ctx={viewContext(ctx, request, reply)}
        kind={kind}
        id={id}
        questionId={questionId}
        comments={post.comments}
        canComment={post.canComment}
        commentNeeds={post.commentNeeds}
        pageUrl={`/questions/${questionId}`}
        draft={draft}
      />
    );
  }

  /**
   * A refused comment (by the use case, or at the edge before the handler ran) back in its box:
   * the fragment htmx swaps in, or without JS the question page with the box open.
   */
  async function commentRefused(
    request: FastifyRequest,
    reply: FastifyReply,
    error: unknown,
    kind: 'question' | 'answer',
  ) {
    const id = idParam(request);
    const questionId = await questionOf(kind, id, request.actor);
    const body = formValues(request).body ?? '';
    if (!request.actor) return actionFailed(ctx, request, reply, error, questionId);
    if (isHtmxRequest(request)) {
      // With JS too, refused input comes back in the comment box: the field marked, the problem under it.
      if (!isInputError(error)) return actionFailed(ctx, request, reply, error, questionId);
      const failure = inputFailure(error, request);
      const draft = { kind, id, body, error: problemOf(failure) };
      return sendFragment(
        reply,
        await commentsOf(request, reply, kind, id, questionId, draft),
        failure.status,
      );
    }
    // Without JS a refused comment comes back in its box, with the problem beside it.
    const failure = inputFailure(error, request);
    return renderQuestionPage(
      ctx,
      request,
      reply,
      questionId,
      { commentDraft: { kind, id, body, error: problemOf(failure) } },
      failure.status,
    );
  }

  for (const kind of kinds) {
    const ref = (id: number) => (kind === 'question' ? { questionId: id } : { answerId: id });

    app.post(
      `/${kind}s/:id/vote`,
      { schema: { params: IdParams, body: FormBody('value') } },
      async (request, reply) => {
        const { id } = request.params;
        const questionId = await questionOf(kind, id, request.actor);
        try {
          const vote = await castVote(ctx, request.actor, kind, id, voteValue(request.body.value));
          if (isHtmxRequest(request)) {
            const privileges = await viewerPrivileges(ctx, request.actor);
            return sendFragment(
              reply,
              <VoteWidget
                ctx={viewContext(ctx, request, reply)}
                kind={kind}
                id={id}
                score={vote.score}
                myVote={vote.myVote}
                canVote
                needs={{
                  upvote: privileges?.lack('upvote') ?? null,
                  downvote: privileges?.lack('downvote') ?? null,
                }}
                pageUrl={`/questions/${questionId}`}
              />,
            );
          }
          return backToQuestion(ctx, request, reply, questionId, postAnchor({ kind, id }));
        } catch (error) {
          return actionFailed(ctx, request, reply, error, questionId);
        }
      },
    );

    app.post(
      `/${kind}s/:id/comments`,
      {
        schema: { params: IdParams, body: FormBody('body') },
        config: { formRefusal: (request, reply, error) => commentRefused(request, reply, error, kind) },
      },
      async (request, reply) => {
        const { id } = request.params;
        const questionId = await questionOf(kind, id, request.actor);
        const body = request.body.body ?? '';
        try {
          const comment = await addComment(ctx, request.actor, ref(id), { body });
          if (isHtmxRequest(request)) {
            return sendFragment(reply, await commentsOf(request, reply, kind, id, questionId));
          }
          return backToQuestion(ctx, request, reply, questionId, `comment-${comment.id}`);
        } catch (error) {
          return commentRefused(request, reply, error, kind);
        }
      },
    );

    app.post(`/${kind}s/:id/delete`, { schema: { params: IdParams } }, async (request, reply) => {
      const { id } = request.params;
      const questionId = await questionOf(kind, id, request.actor);
      try {
        if (kind === 'question') await deleteQuestion(ctx, request.actor, id);
        else await deleteAnswer(ctx, request.actor, id);
      } catch (error) {
        return actionFailed(ctx, request, reply, error, questionId);
      }
      // A deleted post stays visible to its author and moderators, with a notice.
      return backToQuestion(ctx, request, reply, questionId, postAnchor({ kind, id }));
    });
  }

  app.post('/answers/:id/accept', { schema: { params: IdParams } }, async (request, reply) => {
    const { id } = request.params;
    const questionId = await questionOf('answer', id, request.actor);
    try {
      await acceptAnswer(ctx, request.actor, id);
      if (isHtmxRequest(request)) {
        const thread = await getQuestionThread(ctx, request.actor, questionId);
        const panels = await questionPagePanels(ctx, request.actor, thread);
        return sendFragment(
          reply,
          <AnswersSection ctx={viewContext(ctx, request, reply)} thread={thread} panels={panels} />,
        );
      }
      return backToQuestion(ctx, request, reply, questionId, postAnchor({ kind: 'answer', id }));
    } catch (error) {
      return actionFailed(ctx, request, reply, error, questionId);
    }
  });

  /** A refused comment edit: the question page with the problem on top (htmx: the #flash alert). */
  async function commentEditRefused(request: FastifyRequest, reply: FastifyReply, error: unknown) {
    const known = questionIdOf(formValues(request).questionId);
    if (known === null) throw error;
    return actionFailed(ctx, request, reply, error, known);
  }

  // Its author edits a comment in place during its first five minutes (the use case enforces it).
  app.post(
    '/comments/:id/edit',
    {
      schema: { params: IdParams, body: FormBody('body', 'questionId', 'post') },
      config: { formRefusal: commentEditRefused },
    },
    async (request, reply) => {
      const { id } = request.params;
      try {
        const comment = await editComment(ctx, request.actor, id, { body: request.body.body ?? '' });
        const questionId =
          comment.questionId ?? (await questionOf('answer', comment.answerId!, request.actor));
        if (isHtmxRequest(request) && comment.deletedAt === null) {
          // The comment as the use case left it: only it is swapped in, so only it is read.
          return sendFragment(
            reply,
            <CommentItem
              ctx={viewContext(ctx, request, reply)}
              comment={commentView(request.actor, comment, ctx.clock.now())}
              kind={comment.questionId !== null ? 'question' : 'answer'}
              postId={comment.questionId ?? comment.answerId!}
              questionId={questionId}
            />,
          );
        }
        return backToQuestion(ctx, request, reply, questionId, `comment-${id}`);
      } catch (error) {
        return commentEditRefused(request, reply, error);
      }
    },
  );

  // The form names its question only to come back to it; the use case decides who may delete.
  app.post(
    '/comments/:id/delete',
    { schema: { params: IdParams, body: FormBody('questionId', 'post') } },
    async (request, reply) => {
      const questionId = questionIdOf(request.body.questionId);
      try {
        await deleteComment(ctx, request.actor, request.params.id);
      } catch (error) {
        if (questionId === null) throw error;
        return actionFailed(ctx, request, reply, error, questionId);
      }
      // htmx removes the comment itself (hx-swap="delete"); it needs no content back.
      if (isHtmxRequest(request)) return sendFragment(reply, '');
      if (questionId === null) return reply.redirect('/', 303);
      const named = request.body.post ?? '';
      const post = /^(question|answer)-\d{1,16}$/.test(named) ? named : `question-${questionId}`;
      return backToQuestion(ctx, request, reply, questionId, post);
    },
  );
};
