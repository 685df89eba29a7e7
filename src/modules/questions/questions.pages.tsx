import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { NotFoundError } from '../../platform/http/errors.js';
import { FormBody, formValues, idParam, toLogin } from '../../platform/http/forms.js';
import { sendPage } from '../../platform/http/pages.js';
import { IdParams } from '../../platform/http/schemas.js';
import { renderMarkdown } from '../../platform/markdown/index.js';
import { pageNumber } from '../../platform/views/widgets.js';
import { splitTagInput } from '../tags/index.js';
import { postAnswer } from './answers.service.js';
import {
  askFormPanels,
  backToQuestion,
  inputFailure,
  PREVIEW_MAX,
  previewOf,
  type QuestionsPagesOptions,
  questionListPanels,
  questionPagePanels,
  questionUrl,
  renderQuestionPage,
  sendFragment,
  viewContext,
} from './pages.support.js';
import { askQuestion, listQuestions } from './questions.service.js';
import { getQuestionThread } from './thread.service.js';
import { viewerKey } from './view-counter.js';
import {
  answerSortOf,
  filterLanguage,
  languageFilterOf,
  questionPath,
  slugSegment,
  sortOf,
} from './views/paths.js';
import { AskPage, PreviewFragment } from './views/post-forms.js';
import { QuestionListPage } from './views/question-list.js';
import { QuestionPage } from './views/question-page.js';

/** Questions per list page (Stack Overflow's default). */
export const LIST_PAGE_SIZE = 15;

/** `?sort=&page=`, read leniently: an unknown sort or page is the default, not an error page. */
const ListQuery = Type.Object({
  sort: Type.Optional(Type.String({ maxLength: 20 })),
  page: Type.Optional(Type.String({ maxLength: 10 })),
  language: Type.Optional(Type.String({ maxLength: 10 })),
});

/** `?answers=&page=` on a question page, read as leniently as the lists' query. */
const ThreadQuery = Type.Object({
  answers: Type.Optional(Type.String({ maxLength: 20 })),
  page: Type.Optional(Type.String({ maxLength: 10 })),
});

const QuestionParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  slug: Type.Optional(Type.String({ maxLength: 400 })),
});

const PreviewBody = Type.Object(
  { body: Type.Optional(Type.String({ maxLength: PREVIEW_MAX })) },
  { additionalProperties: true },
);

/** The question list, asking, the live preview, the question page and answering. */
export const questionsPages: FastifyPluginAsyncTypebox<QuestionsPagesOptions> = async (
  app,
  { ctx, views },
) => {
  for (const base of ['/', '/questions']) {
    app.get(
      base,
      { schema: { querystring: ListQuery }, config: { pageCache: true } },
      async (request, reply) => {
        const sort = sortOf(request.query.sort);
        const page = pageNumber(request.query.page);
        const language = languageFilterOf(request.query.language, request.locale);
        const list = await listQuestions(
          ctx,
          { sort, language: filterLanguage(language) },
          { page, pageSize: LIST_PAGE_SIZE },
        );
        const panels = await questionListPanels(ctx, request.actor, list.items, 'questions');
        return sendPage(
          reply,
          <QuestionListPage
            ctx={viewContext(ctx, request, reply)}
            list={list}
            sort={sort}
            base={base}
            panels={panels}
            language={language}
          />,
        );
      },
    );
  }

  app.get('/questions/ask', async (request, reply) => {
    if (!request.actor) return toLogin(request, reply);
    const panels = await askFormPanels(ctx);
    return sendPage(reply, <AskPage ctx={viewContext(ctx, request, reply)} panels={panels} />);
  });

  function askValues(request: FastifyRequest) {
    const form = formValues(request);
    return { title: form.title ?? '', body: form.body ?? '', tags: form.tags ?? '' };
  }

  /** The ask form again with what was typed and why it was refused (by the use case or the edge). */
  async function askRefused(request: FastifyRequest, reply: FastifyReply, error: unknown) {
    if (!request.actor) return toLogin(request, reply, '/questions/ask');
    const values = askValues(request);
    const failure = inputFailure(error, request);
    return sendPage(
      reply,
      <AskPage
        ctx={viewContext(ctx, request, reply)}
        panels={await askFormPanels(ctx)}
        form={{
          values,
          fieldErrors: failure.fieldErrors,
          message: failure.message,
          previewHtml: previewOf(values.body),
        }}
      />,
      failure.status,
    );
  }

  app.post(
    '/questions/ask',
    { schema: { body: FormBody('title', 'body', 'tags', 'intent') }, config: { formRefusal: askRefused } },
    async (request, reply) => {
      if (!request.actor) return toLogin(request, reply, '/questions/ask');
      const values = askValues(request);
      if (request.body.intent === 'preview') {
        const previewHtml = previewOf(values.body);
        return sendPage(
          reply,
          <AskPage
            ctx={viewContext(ctx, request, reply)}
            panels={await askFormPanels(ctx)}
            form={{ values, previewHtml }}
          />,
        );
      }
      try {
        const question = await askQuestion(ctx, request.actor, {
          ...values,
          tags: splitTagInput(values.tags),
        });
        return reply.redirect(questionPath(question), 303);
      } catch (error) {
        return askRefused(request, reply, error);
      }
    },
  );

  // What htmx shows under a Markdown textarea as the member types: the post exactly as it will look.
  app.post('/questions/preview', { schema: { body: PreviewBody } }, async (request, reply) => {
    const html = renderMarkdown(request.body.body ?? '').html;
    return sendFragment(reply, <PreviewFragment ctx={viewContext(ctx, request, reply)} html={html} />);
  });

  const recordView = (request: FastifyRequest, questionId: number) =>
    views.record(
      questionId,
      viewerKey({
        userId: request.actor?.userId,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      }),
    );

  app.get(
    '/questions/:id/:slug?',
    // Only the canonical URL of a visible question renders a 200, so only that is ever cached.
    {
      schema: { params: QuestionParams, querystring: ThreadQuery },
      // Before the schema: /questions/feed or /questions/<word> is no page (404), not a bad id (422).
      preValidation: async (request) => {
        if (!/^\d{1,16}$/.test(String((request.params as { id: unknown }).id))) {
          throw new NotFoundError('question.not_found');
        }
      },
      config: {
        pageCache: {
          onHit: (request) => recordView(request, (request.params as Static<typeof QuestionParams>).id),
        },
      },
    },
    async (request, reply) => {
      const thread = await getQuestionThread(ctx, request.actor, request.params.id, {
        sort: answerSortOf(request.query.answers),
        page: pageNumber(request.query.page),
      });
      const { question } = thread;
      if (request.params.slug !== slugSegment(question.slug)) {
        const query = request.url.indexOf('?');
        return reply.redirect(`${questionPath(question)}${query >= 0 ? request.url.slice(query) : ''}`, 301);
      }
      recordView(request, question.id);
      const panels = await questionPagePanels(ctx, request.actor, thread);
      return sendPage(
        reply,
        <QuestionPage ctx={viewContext(ctx, request, reply)} thread={thread} panels={panels} />,
      );
    },
  );

  /** The question page with the answer form again, what was typed and why it was refused. */
  async function answerRefused(request: FastifyRequest, reply: FastifyReply, error: unknown) {
    const questionId = idParam(request);
    if (!request.actor)
      return toLogin(request, reply, `${await questionUrl(ctx, request, questionId)}#your-answer`);
    const body = formValues(request).body ?? '';
    const failure = inputFailure(error, request);
    const answerForm = {
      values: { body },
      fieldErrors: failure.fieldErrors,
      message: failure.message,
      previewHtml: previewOf(body),
    };
    return renderQuestionPage(ctx, request, reply, questionId, { answerForm }, failure.status);
  }

  app.post(
    '/questions/:id/answers',
    {
      schema: { params: IdParams, body: FormBody('body', 'intent') },
      config: { formRefusal: answerRefused },
    },
    async (request, reply) => {
      const questionId = request.params.id;
      if (!request.actor)
        return toLogin(request, reply, `${await questionUrl(ctx, request, questionId)}#your-answer`);
      const body = request.body.body ?? '';
      if (request.body.intent === 'preview') {
        const previewHtml = previewOf(body);
        return renderQuestionPage(ctx, request, reply, questionId, {
          answerForm: { values: { body }, previewHtml },
        });
      }
      try {
        const answer = await postAnswer(ctx, request.actor, questionId, { body });
        return backToQuestion(ctx, request, reply, questionId, `answer-${answer.id}`);
      } catch (error) {
        return answerRefused(request, reply, error);
      }
    },
  );
};
