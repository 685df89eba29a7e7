import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { ForbiddenError } from '../../platform/http/errors.js';
import { FormBody, toLogin } from '../../platform/http/forms.js';
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

  app.post(
    '/questions/:id/edit',
    { schema: { params: IdParams, body: EditQuestionForm } },
    async (request, reply) => {
      if (!request.actor) return toLogin(request, reply, `/questions/${request.params.id}/edit`);
      const { id } = request.params;
      const values = {
        title: request.body.title ?? '',
        body: request.body.body ?? '',
        tags: request.body.tags ?? '',
        comment: request.body.comment ?? '',
      };
      const render = async (form: PostFormState, status = 200) =>
        sendPage(
          reply,
          <EditQuestionPage
            ctx={viewContext(ctx, request, reply)}
            question={await editableQuestion(request, id)}
            form={form}
          />,
          status,
        );
      if (request.body.intent === 'preview') return render({ values, previewHtml: previewOf(values.body) });
      try {
        const question = await editQuestion(ctx, request.actor, id, {
          ...values,
          tags: splitTagInput(values.tags),
        });
        return reply.redirect(questionPath(question), 303);
      } catch (error) {
        const failure = inputFailure(error, request);
        return render(
          {
            values,
            fieldErrors: failure.fieldErrors,
            message: failure.message,
            previewHtml: previewOf(values.body),
          },
          failure.status,
        );
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

  app.post(
    '/answers/:id/edit',
    { schema: { params: IdParams, body: EditAnswerForm } },
    async (request, reply) => {
      if (!request.actor) return toLogin(request, reply, `/answers/${request.params.id}/edit`);
      const { id } = request.params;
      const values = { body: request.body.body ?? '', comment: request.body.comment ?? '' };
      const render = async (form: PostFormState, status = 200) => {
        const { question } = await editableAnswer(request, id);
        return sendPage(
          reply,
          <EditAnswerPage
            ctx={viewContext(ctx, request, reply)}
            answerId={id}
            question={question}
            form={form}
          />,
          status,
        );
      };
      if (request.body.intent === 'preview') return render({ values, previewHtml: previewOf(values.body) });
      try {
        const answer = await editAnswer(ctx, request.actor, id, values);
        const question = await getQuestion(ctx, request.actor, answer.questionId);
        return reply.redirect(`${questionPath(question)}#answer-${id}`, 303);
      } catch (error) {
        const failure = inputFailure(error, request);
        return render(
          {
            values,
            fieldErrors: failure.fieldErrors,
            message: failure.message,
            previewHtml: previewOf(values.body),
          },
          failure.status,
        );
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
