import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ServiceContext } from '../../platform/context.js';
import { errorResponses, IdParams, PageOf } from '../../platform/http/schemas.js';
import { renderMarkdown } from '../../platform/markdown/index.js';
import { normalizeTag } from '../tags/index.js';
import { acceptAnswer, deleteAnswer, editAnswer, getAnswer, postAnswer } from './answers.service.js';
import { addComment, deleteComment, editComment } from './comments.service.js';
import {
  presentAnswer,
  presentComment,
  presentQuestion,
  presentRevision,
  presentThread,
} from './questions.present.js';
import {
  AcceptResponse,
  AnswerBody,
  AnswerSchema,
  AskBody,
  CommentBody,
  CommentSchema,
  EditAnswerBody,
  EditQuestionBody,
  PreviewBody,
  QuestionListQuery,
  QuestionSchema,
  QuestionSummarySchema,
  RevisionParams,
  RevisionSchema,
  VoteBody,
  VoteResponse,
} from './questions.schemas.js';
import { askQuestion, deleteQuestion, editQuestion, listQuestions } from './questions.service.js';
import { getPostHistory, rollbackPost } from './revisions.service.js';
import { getQuestionThread } from './thread.service.js';
import { castVote } from './votes.service.js';

const tags = ['questions'];
const QuestionEnvelope = Type.Object({ question: QuestionSchema });
const AnswerEnvelope = Type.Object({ answer: AnswerSchema });
const CommentEnvelope = Type.Object({ comment: CommentSchema });
const RevisionList = Type.Object({ items: Type.Array(RevisionSchema) });

/** JSON routes of API.md "Questions and answers": parse, call one use case, present. */
export const questionsApi: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (app, { ctx }) => {
  app.get(
    '/api/v1/questions',
    {
      schema: {
        tags,
        summary: 'List questions: newest, votes, active or unanswered; optionally one tag',
        querystring: QuestionListQuery,
        response: { 200: PageOf(QuestionSummarySchema), ...errorResponses(422) },
      },
    },
    async (request) => {
      const { sort, tag, page, pageSize } = request.query;
      const tagName = tag === undefined ? undefined : (normalizeTag(tag) ?? tag);
      return listQuestions(ctx, { sort, tag: tagName }, { page, pageSize });
    },
  );

  app.post(
    '/api/v1/questions',
    {
      schema: {
        tags,
        summary: 'Ask a question',
        body: AskBody,
        response: { 201: QuestionEnvelope, ...errorResponses(400, 401, 403, 413, 422) },
      },
    },
    async (request, reply) => {
      const question = await askQuestion(ctx, request.actor, request.body);
      return reply.status(201).send({ question: presentQuestion(question) });
    },
  );

  app.get(
    '/api/v1/questions/:id',
    {
      schema: {
        tags,
        summary: 'A question with its answers and comments',
        params: IdParams,
        response: { 200: QuestionEnvelope, ...errorResponses(404, 422) },
      },
    },
    async (request) => ({
      question: presentThread(await getQuestionThread(ctx, request.actor, request.params.id)),
    }),
  );

  app.patch(
    '/api/v1/questions/:id',
    {
      schema: {
        tags,
        summary: 'Edit a question (a new revision)',
        params: IdParams,
        body: EditQuestionBody,
        response: { 200: QuestionEnvelope, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => ({
      question: presentQuestion(await editQuestion(ctx, request.actor, request.params.id, request.body)),
    }),
  );

  app.delete(
    '/api/v1/questions/:id',
    {
      schema: {
        tags,
        summary: 'Delete a question (soft)',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      await deleteQuestion(ctx, request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );

  for (const kind of ['question', 'answer'] as const) {
    const ref = (id: number) => (kind === 'question' ? { questionId: id } : { answerId: id });
    app.get(
      `/api/v1/${kind}s/:id/revisions`,
      {
        schema: {
          tags,
          summary: `Every revision of ${kind === 'question' ? 'a question' : 'an answer'}, oldest first`,
          params: IdParams,
          response: { 200: RevisionList, ...errorResponses(404, 422) },
        },
      },
      async (request) => {
        const history = await getPostHistory(ctx, request.actor, ref(request.params.id));
        return { items: history.revisions.map(presentRevision) };
      },
    );

    app.post(
      `/api/v1/${kind}s/:id/revisions/:number/rollback`,
      {
        schema: {
          tags,
          summary: 'Restore an earlier revision (as a new revision)',
          params: RevisionParams,
          response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => {
        await rollbackPost(ctx, request.actor, ref(request.params.id), request.params.number);
        return reply.status(204).send(null);
      },
    );

    app.post(
      `/api/v1/${kind}s/:id/vote`,
      {
        schema: {
          tags,
          summary: 'Vote up (1), down (-1) or retract (0)',
          params: IdParams,
          body: VoteBody,
          response: { 200: VoteResponse, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) => castVote(ctx, request.actor, kind, request.params.id, request.body.value),
    );

    app.post(
      `/api/v1/${kind}s/:id/comments`,
      {
        schema: {
          tags,
          summary: `Comment on ${kind === 'question' ? 'a question' : 'an answer'}`,
          params: IdParams,
          body: CommentBody,
          response: { 201: CommentEnvelope, ...errorResponses(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) => {
        const comment = await addComment(ctx, request.actor, ref(request.params.id), request.body);
        return reply.status(201).send({ comment: presentComment(comment) });
      },
    );
  }

  app.post(
    '/api/v1/questions/:id/answers',
    {
      schema: {
        tags,
        summary: 'Answer a question',
        params: IdParams,
        body: AnswerBody,
        response: { 201: AnswerEnvelope, ...errorResponses(400, 401, 403, 404, 409, 413, 422) },
      },
    },
    async (request, reply) => {
      const answer = await postAnswer(ctx, request.actor, request.params.id, request.body);
      return reply.status(201).send({ answer: presentAnswer(answer, null) });
    },
  );

  app.get(
    '/api/v1/answers/:id',
    {
      schema: {
        tags,
        summary: 'An answer',
        params: IdParams,
        response: { 200: AnswerEnvelope, ...errorResponses(404, 422) },
      },
    },
    async (request) => {
      const answer = await getAnswer(ctx, request.actor, request.params.id);
      return { answer: presentAnswer(answer, answer.isAccepted ? answer.id : null) };
    },
  );

  app.patch(
    '/api/v1/answers/:id',
    {
      schema: {
        tags,
        summary: 'Edit an answer (a new revision)',
        params: IdParams,
        body: EditAnswerBody,
        response: { 200: AnswerEnvelope, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => ({
      answer: presentAnswer(await editAnswer(ctx, request.actor, request.params.id, request.body)),
    }),
  );

  app.delete(
    '/api/v1/answers/:id',
    {
      schema: {
        tags,
        summary: 'Delete an answer (soft)',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      await deleteAnswer(ctx, request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/answers/:id/accept',
    {
      schema: {
        tags,
        summary: 'Accept an answer, or un-accept it if already accepted (the asker only)',
        params: IdParams,
        response: { 200: AcceptResponse, ...errorResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request) => acceptAnswer(ctx, request.actor, request.params.id),
  );

  app.patch(
    '/api/v1/comments/:id',
    {
      schema: {
        tags,
        summary: 'Edit your comment (within 5 minutes)',
        params: IdParams,
        body: CommentBody,
        response: { 200: CommentEnvelope, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => ({
      comment: presentComment(await editComment(ctx, request.actor, request.params.id, request.body)),
    }),
  );

  app.delete(
    '/api/v1/comments/:id',
    {
      schema: {
        tags,
        summary: 'Delete a comment (its author or a moderator)',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      await deleteComment(ctx, request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/markdown/preview',
    {
      schema: {
        tags,
        summary: 'Render Markdown exactly as a post would be',
        body: PreviewBody,
        response: { 200: Type.Object({ html: Type.String() }), ...errorResponses(400, 413, 422) },
      },
    },
    async (request) => ({
      html: renderMarkdown(request.body.body, { mode: request.body.mode ?? 'full' }).html,
    }),
  );
};
