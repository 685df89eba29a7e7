import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError } from '../../platform/http/errors.js';
import { FormBody, formValues, idParam, toLogin } from '../../platform/http/forms.js';
import { sendPage } from '../../platform/http/pages.js';
import { IdParams } from '../../platform/http/schemas.js';
import { splitTagInput } from '../tags/index.js';
import { editAnswer, getAnswer } from './answers.service.js';
import { inputFailure, previewOf, type QuestionsPagesOptions, viewContext } from './pages.support.js';
import { canEditPost } from './questions.policy.js';
import { RevisionParams } from './questions.schemas.js';
import { editQuestion, getQuestion } from './questions.service.js';
import { getPostHistory, rollbackPost } from './revisions.service.js';
import { questionPath } from './views/paths.js';
import { EditAnswerPage, EditQuestionPage, type PostFormState } from './views/post-forms.js';
import { RevisionsPage } from './views/revisions-page.js';

const EditQuestionForm = FormBody('title', 'body', 'tags', 'comment', 'intent');
const EditAnswerForm = FormBody('body', 'comment', 'intent');

/** Editing questions and answers, their revision history, and rolling back to a revision. */
export const postEditsPages: FastifyPluginAsyncTypebox<QuestionsPagesOptions> = async (app, { ctx }) => {
  async function editableQuestion(request: FastifyRequest, id: number) {
    const question = await getQuestion(ctx, request.actor, id);
    // The same check the use case makes, so the form is never shown to someone it would refuse.
    if (!canEditPost(request.actor, question)) throw new ForbiddenError('question.edit_forbidden');
    return question;
  }

  async function editableAnswer(request: FastifyRequest, id: number) {
    const answer = await getAnswer(ctx, request.actor, id);
    if (!canEditPost(request.actor, answer)) throw new ForbiddenError('answer.edit_forbidden');
    return { answer, question: await getQuestion(ctx, request.actor, answer.questionId) };
  }

  app.get('/questions/:id/edit', { schema: { params: IdParams } }, async (request, reply) => {
    if (!request.actor) return toLogin(request, reply);
    const question = await editableQuestion(request, request.params.id);
    // The preview shows the current text from the start (htmx only updates it as the member types).
    const form: PostFormState = {
      values: { title: question.title, body: question.body, tags: question.tags.join(' '), comment: '' },
      previewHtml: previewOf(question.body),
    };
    return sendPage(
      reply,
      <EditQuestionPage ctx={viewContext(ctx, request, reply)} question={question} form={form} />,
    );
  });

  function questionValues(request: FastifyRequest) {
    const form = formValues(request);
    return {
      title: form.title ?? '',
      body: form.body ?? '',
      tags: form.tags ?? '',
      comment: form.comment ?? '',
    };
  }

  async function sendEditQuestion(
    request: FastifyRequest,
    reply: FastifyReply,
    form: PostFormState,
    status = 200,
  ) {
    return sendPage(
      reply,
      <EditQuestionPage
        ctx={viewContext(ctx, request, reply)}
        question={await editableQuestion(request, idParam(request))}
        form={form}
      />,
      status,
    );
  }

  /** The edit form again with what was typed and why it was refused (by the use case or the edge). */
  async function questionEditRefused(request: FastifyRequest, reply: FastifyReply, error: unknown) {
    if (!request.actor) return toLogin(request, reply, `/questions/${idParam(request)}/edit`);
    const values = questionValues(request);
    const failure = inputFailure(error, request);
    const { fieldErrors, message } = failure;
    const form = { values, fieldErrors, message, previewHtml: previewOf(values.body) };
    return sendEditQuestion(request, reply, form, failure.status);
  }

  app.post(
    '/questions/:id/edit',
    { schema: { params: IdParams, body: EditQuestionForm }, config: { formRefusal: questionEditRefused } },
    async (request, reply) => {
      if (!request.actor) return toLogin(request, reply, `/questions/${request.params.id}/edit`);
      const values = questionValues(request);
      if (request.body.intent === 'preview') {
        return sendEditQuestion(request, reply, { values, previewHtml: previewOf(values.body) });
      }
      try {
        const question = await editQuestion(ctx, request.actor, request.params.id, {
          ...values,
          tags: splitTagInput(values.tags),
        });
        return reply.redirect(questionPath(question), 303);
      } catch (error) {
        return questionEditRefused(request, reply, error);
      }
    },
  );

  app.get('/answers/:id/edit', { schema: { params: IdParams } }, async (request, reply) => {
    if (!request.actor) return toLogin(request, reply);
    const { answer, question } = await editableAnswer(request, request.params.id);
    return sendPage(
      reply,
      <EditAnswerPage
        ctx={viewContext(ctx, request, reply)}
        answerId={answer.id}
        question={question}
        form={{ values: { body: answer.body, comment: '' }, previewHtml: previewOf(answer.body) }}
      />,
    );
  });

  function answerValues(request: FastifyRequest) {
    const form = formValues(request);
    return { body: form.body ?? '', comment: form.comment ?? '' };
  }

  async function sendEditAnswer(
    request: FastifyRequest,
    reply: FastifyReply,
    form: PostFormState,
    status = 200,
  ) {
    const id = idParam(request);
    const { question } = await editableAnswer(request, id);
    return sendPage(
      reply,
      <EditAnswerPage ctx={viewContext(ctx, request, reply)} answerId={id} question={question} form={form} />,
      status,
    );
  }

  /** The answer's edit form again with what was typed and why it was refused. */
  async function answerEditRefused(request: FastifyRequest, reply: FastifyReply, error: unknown) {
    if (!request.actor) return toLogin(request, reply, `/answers/${idParam(request)}/edit`);
    const values = answerValues(request);
    const failure = inputFailure(error, request);
    const { fieldErrors, message } = failure;
    const form = { values, fieldErrors, message, previewHtml: previewOf(values.body) };
    return sendEditAnswer(request, reply, form, failure.status);
  }

  app.post(
    '/answers/:id/edit',
    { schema: { params: IdParams, body: EditAnswerForm }, config: { formRefusal: answerEditRefused } },
    async (request, reply) => {
      if (!request.actor) return toLogin(request, reply, `/answers/${request.params.id}/edit`);
      const { id } = request.params;
      const values = answerValues(request);
      if (request.body.intent === 'preview') {
        return sendEditAnswer(request, reply, { values, previewHtml: previewOf(values.body) });
      }
      try {
        const answer = await editAnswer(ctx, request.actor, id, values);
        const question = await getQuestion(ctx, request.actor, answer.questionId);
        return reply.redirect(`${questionPath(question)}#answer-${id}`, 303);
      } catch (error) {
        return answerEditRefused(request, reply, error);
      }
    },
  );

  for (const kind of ['question', 'answer'] as const) {
    const ref = (id: number) => (kind === 'question' ? { questionId: id } : { answerId: id });

    app.get(`/${kind}s/:id/revisions`, { schema: { params: IdParams } }, async (request, reply) => {
      const history = await getPostHistory(ctx, request.actor, ref(request.params.id));
      return sendPage(reply, <RevisionsPage ctx={viewContext(ctx, request, reply)} history={history} />);
    });

    app.post(
      `/${kind}s/:id/revisions/:number/rollback`,
      { schema: { params: RevisionParams } },
      async (request, reply) => {
        if (!request.actor) return toLogin(request, reply, `/${kind}s/${request.params.id}/revisions`);
        await rollbackPost(ctx, request.actor, ref(request.params.id), request.params.number);
        return reply.redirect(`/${kind}s/${request.params.id}/revisions`, 303);
      },
    );
  }
};
