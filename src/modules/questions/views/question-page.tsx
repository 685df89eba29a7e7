import type { LoadedPanels } from '../../../platform/extensions/index.js';
import { Alert } from '../../../platform/views/components.js';
import { RelativeTime } from '../../../platform/views/dates.js';
import { loginHref } from '../../../platform/views/href.js';
import { Layout } from '../../../platform/views/layout.js';
import { TabLinks } from '../../../platform/views/tabs.js';
import { formatNumber, Pagination, plural, TagList, UserCard } from '../../../platform/views/widgets.js';
import type { QuestionPageRegions } from '../questions.slots.js';
import { ANSWERS_PAGE_SIZE, type AnswerView, answerSorts, type QuestionThread } from '../thread.service.js';
import { type CommentDraft, Comments } from './comments.js';
import { DuplicateBanner, LinkedBox } from './links.js';
import { answersHref, questionPath, type ViewContext } from './paths.js';
import { AnswerForm, type PostFormState } from './post-forms.js';
import { AcceptControl, Attribution, DeletedNotice, PostMenu, VoteWidget } from './post-parts.js';

export interface QuestionPageProps {
  ctx: ViewContext;
  thread: QuestionThread;
  /** A refused action (without JS), shown above the question. */
  alert?: string | undefined;
  answerForm?: PostFormState | undefined;
  commentDraft?: CommentDraft | undefined;
  /** What other modules show on the page (a bounty, related questions…), loaded by the route. */
  panels: LoadedPanels<QuestionPageRegions>;
}

function Answer(props: {
  ctx: ViewContext;
  answer: AnswerView;
  questionId: number;
  pageUrl: string;
  draft?: CommentDraft | undefined;
  panels: LoadedPanels<QuestionPageRegions>;
}) {
  const { ctx, answer } = props;
  const deleted = answer.deletedAt !== null;
  // Rendered by platform/markdown when the answer was saved (raw HTML off): safe to insert.
  const safeBodyHtml = answer.bodyHtml;
  return (
    <article
      class={`post answer${answer.isAccepted ? ' answer-accepted' : ''}${deleted ? ' post-deleted' : ''}`}
      id={`answer-${answer.id}`}
      data-answer-id={String(answer.id)}
      aria-label={ctx.text(answer.isAccepted ? 'qa.answer.accepted_label' : 'qa.answer.label')}
    >
      <div class="post-layout">
        <div class="post-votecell">
          <VoteWidget
            ctx={ctx}
            kind="answer"
            id={answer.id}
            score={answer.score}
            myVote={answer.myVote}
            canVote={answer.abilities.vote}
            needs={answer.needs}
            pageUrl={props.pageUrl}
          />
          <AcceptControl
            ctx={ctx}
            answerId={answer.id}
            isAccepted={answer.isAccepted}
            canAccept={answer.abilities.accept ?? false}
          />
          {props.panels.render('answerActions', ctx, answer)}
        </div>
        <div class="post-cell">
          {deleted ? <DeletedNotice ctx={ctx} kind="answer" /> : ''}
          <div class="post-body markdown-body">{safeBodyHtml}</div>
          <div class="post-footer">
            <PostMenu
              ctx={ctx}
              kind="answer"
              id={answer.id}
              canEdit={answer.abilities.edit}
              canDelete={answer.abilities.delete}
            />
            <UserCard
              ctx={ctx}
              person={answer.author}
              action={ctx.text('qa.user.answered')}
              date={answer.createdAt}
              now={ctx.now}
            />
          </div>
          <Attribution
            ctx={ctx}
            license={answer.license}
            sourceUrl={answer.sourceUrl}
            author={answer.author}
          />
          <Comments
            ctx={ctx}
            kind="answer"
            id={answer.id}
            questionId={props.questionId}
            comments={answer.comments}
            canComment={answer.abilities.comment}
            commentNeeds={answer.needs.comment}
            pageUrl={props.pageUrl}
            draft={props.draft}
          />
        </div>
      </div>
    </article>
  );
}

/**
 * The answers, in the reader's order (accepted first by default) and a page at a time; htmx swaps
 * this section after an accept.
 */
export function AnswersSection(props: {
  ctx: ViewContext;
  thread: QuestionThread;
  draft?: CommentDraft | undefined;
  panels: LoadedPanels<QuestionPageRegions>;
}) {
  const { ctx, thread } = props;
  const { question, answers, answersView } = thread;
  const pageUrl = questionPath(question);
  return (
    <section id="answers" class="answers mt-4" aria-labelledby="answers-heading">
      <div class="d-flex flex-wrap align-items-center justify-content-between gap-2 pb-2 border-bottom">
        <h2 id="answers-heading" class="h4 mb-0" data-testid="answers-heading">
          {ctx.t(`qa.answers.heading.${plural(ctx.locale, answersView.total)}`, {
            n: formatNumber(answersView.total, ctx.locale),
          })}
        </h2>
        {answersView.total < 2 ? (
          ''
        ) : (
          <TabLinks
            label={ctx.text('qa.answers.sort.label')}
            options={answerSorts}
            current={answersView.sort}
            href={(sort) => answersHref(question, sort)}
            text={(sort) => ctx.t(`qa.answers.sort.${sort}`)}
            marker="answer-sort"
            compact
          />
        )}
      </div>
      {answers.length === 0 ? <p class="text-body-secondary">{ctx.t('qa.answers.none')}</p> : ''}
      {answers.map((answer) => (
        <Answer
          ctx={ctx}
          answer={answer}
          questionId={question.id}
          pageUrl={pageUrl}
          draft={props.draft}
          panels={props.panels}
        />
      ))}
      <Pagination
        ctx={ctx}
        list={{ page: answersView.page, pageSize: ANSWERS_PAGE_SIZE, total: answersView.total }}
        hrefFor={(page) => answersHref(question, answersView.sort, page)}
      />
    </section>
  );
}

/** `/questions/:id/:slug`: the question, its answers and comments, and the answer form. */
export function QuestionPage(props: QuestionPageProps) {
  const { ctx, thread } = props;
  const { question } = thread;
  const pageUrl = questionPath(question);
  const deleted = question.deletedAt !== null;
  // Rendered by platform/markdown when the question was saved (raw HTML off): safe to insert.
  const safeBodyHtml = question.bodyHtml;
  const content = (
    <>
      {props.alert ? (
        <Alert kind="danger">
          <span safe>{props.alert}</span>
        </Alert>
      ) : (
        ''
      )}
      <article
        class={`post question${deleted ? ' post-deleted' : ''}`}
        id={`question-${question.id}`}
        aria-labelledby="question-title"
      >
        <header class="question-header mb-3 pb-2 border-bottom">
          <div class="d-flex justify-content-between align-items-start gap-3">
            <h1 id="question-title" class="h3 mb-2" safe>
              {question.title}
            </h1>
            <a class="btn btn-primary text-nowrap" href="/questions/ask">
              {ctx.t('nav.ask')}
            </a>
          </div>
          <div class="question-meta small text-body-secondary d-flex flex-wrap gap-3">
            <span>
              {ctx.t('qa.question.asked')} <RelativeTime ctx={ctx} date={question.createdAt} now={ctx.now} />
            </span>
            <span>
              {ctx.t('qa.question.modified')}{' '}
              <RelativeTime ctx={ctx} date={question.lastActivityAt} now={ctx.now} />
            </span>
            <span data-testid="view-count">
              {ctx.t(`qa.question.viewed.${plural(ctx.locale, question.viewCount)}`, {
                n: formatNumber(question.viewCount, ctx.locale),
              })}
            </span>
          </div>
        </header>
        {deleted ? <DeletedNotice ctx={ctx} kind="question" /> : ''}
        <DuplicateBanner ctx={ctx} links={thread.links} />
        {props.panels.render('banner', ctx)}
        <div class="post-layout">
          <div class="post-votecell">
            <VoteWidget
              ctx={ctx}
              kind="question"
              id={question.id}
              score={question.score}
              myVote={question.myVote}
              canVote={question.abilities.vote}
              needs={question.needs}
              pageUrl={pageUrl}
            />
          </div>
          <div class="post-cell">
            <div class="post-body markdown-body">{safeBodyHtml}</div>
            <div class="mb-3">
              <TagList tags={question.tags} label={ctx.text('qa.tags.label')} />
            </div>
            <div class="post-footer">
              <PostMenu
                ctx={ctx}
                kind="question"
                id={question.id}
                canEdit={question.abilities.edit}
                canDelete={question.abilities.delete}
              />
              <UserCard
                ctx={ctx}
                person={question.author}
                action={ctx.text('qa.user.asked')}
                date={question.createdAt}
                now={ctx.now}
                highlight
              />
            </div>
            <Attribution
              ctx={ctx}
              license={question.license}
              sourceUrl={question.sourceUrl}
              author={question.author}
            />
            <Comments
              ctx={ctx}
              kind="question"
              id={question.id}
              questionId={question.id}
              comments={thread.comments}
              canComment={question.abilities.comment}
              commentNeeds={question.needs.comment}
              pageUrl={pageUrl}
              draft={props.commentDraft}
            />
          </div>
        </div>
      </article>
      <AnswersSection ctx={ctx} thread={thread} draft={props.commentDraft} panels={props.panels} />
      <LinkedBox ctx={ctx} links={thread.links} />
      {props.panels.render('afterAnswers', ctx)}
      {question.abilities.answer || !ctx.user ? (
        <section class="your-answer mt-4" aria-labelledby="your-answer-heading" id="your-answer">
          <h2 id="your-answer-heading" class="h4">
            {ctx.t('qa.answer.yours')}
          </h2>
          {question.abilities.answer ? (
            <AnswerForm ctx={ctx} questionId={question.id} form={props.answerForm} />
          ) : (
            <p class="text-body-secondary" data-testid="answer-login">
              {ctx.t('qa.answer.login_prompt')}{' '}
              <a href={loginHref(`${pageUrl}#your-answer`)}>{ctx.t('nav.login')}</a>
              {' · '}
              <a href="/register">{ctx.t('nav.register')}</a>
            </p>
          )}
        </section>
      ) : (
        ''
      )}
    </>
  );
  // A side column only when a module puts something there: otherwise the page is one column.
  const sidebar = props.panels.offers('sidebar') ? props.panels.render('sidebar', ctx) : '';
  return (
    <Layout ctx={ctx} title={question.title}>
      {sidebar === '' ? (
        content
      ) : (
        <div class="row">
          <div class="col-lg-9">{content}</div>
          <aside class="col-lg-3 question-sidebar" data-testid="question-sidebar">
            {sidebar}
          </aside>
        </div>
      )}
    </Layout>
  );
}
