import type { Page } from '../../../platform/context.js';
import type { LoadedPanels } from '../../../platform/extensions/index.js';
import { Layout } from '../../../platform/views/layout.js';
import { TabLinks } from '../../../platform/views/tabs.js';
import { Byline, formatNumber, Pagination, plural, TagList } from '../../../platform/views/widgets.js';
import type { QuestionSummaryRecord } from '../questions.repository.js';
import type { QuestionListRegions } from '../questions.slots.js';
import {
  type LanguageFilter,
  languageChoices,
  listHref,
  questionPath,
  type Sort,
  sorts,
  type ViewContext,
} from './paths.js';
import { ImportedFrom } from './post-parts.js';

/** Votes, answers (green when one is accepted) and views, beside a question in a list. */
function Stats(props: { ctx: ViewContext; question: QuestionSummaryRecord }) {
  const { ctx, question } = props;
  const { locale, t } = ctx;
  const answered =
    question.acceptedAnswerId !== null ? ' stat-accepted' : question.answerCount > 0 ? ' stat-answered' : '';
  return (
    <div class="question-stats">
      <div class="stat">
        <span class="stat-value">{formatNumber(question.score, locale) as 'safe'}</span>{' '}
        {t(`qa.count.votes.${plural(locale, question.score)}`)}
      </div>
      <div class={`stat${answered}`} data-testid="answer-count">
        {question.acceptedAnswerId !== null ? (
          <span class="visually-hidden">{t('qa.list.has_accepted')} </span>
        ) : (
          ''
        )}
        <span class="stat-value">{formatNumber(question.answerCount, locale) as 'safe'}</span>{' '}
        {t(`qa.count.answers.${plural(locale, question.answerCount)}`)}
      </div>
      <div class="stat text-body-secondary">
        <span class="stat-value">{formatNumber(question.viewCount, locale) as 'safe'}</span>{' '}
        {t(`qa.count.views.${plural(locale, question.viewCount)}`)}
      </div>
    </div>
  );
}

function QuestionItem(props: {
  ctx: ViewContext;
  question: QuestionSummaryRecord;
  panels: LoadedPanels<QuestionListRegions>;
}) {
  const { ctx, question } = props;
  return (
    <li
      class="question-summary"
      id={`question-summary-${question.id}`}
      data-question-id={String(question.id)}
    >
      <Stats ctx={ctx} question={question} />
      <div class="question-summary-main">
        <h2 class="h5 mb-1">
          {props.panels.render('badge', ctx, question.id)}{' '}
          <a href={questionPath(question)} class="question-link" safe>
            {question.title}
          </a>
        </h2>
        <p class="question-excerpt text-body-secondary mb-2" safe>
          {question.excerpt}
        </p>
        <div class="d-flex flex-wrap justify-content-between align-items-center gap-2">
          <TagList tags={question.tags} label={ctx.text('qa.tags.label')} />
          <div class="small ms-auto">
            <Byline ctx={ctx} person={question.author} date={question.createdAt} now={ctx.now} />
            <ImportedFrom ctx={ctx} sourceUrl={question.sourceUrl} author={question.author} named={false} />
          </div>
        </div>
      </div>
    </li>
  );
}

/** A page of question summaries with sort tabs and pagination, or the empty state. */
export function QuestionList(props: {
  ctx: ViewContext;
  list: Page<QuestionSummaryRecord>;
  sort: Sort;
  base: string;
  /** What other modules show in the rows (badges), loaded once for the page by the route. */
  panels: LoadedPanels<QuestionListRegions>;
  /** Site-wide lists: the language shown, with its toggle. */
  language?: LanguageFilter | undefined;
}) {
  const { ctx, list, language } = props;
  return (
    <>
      <div class="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-3">
        <p class="mb-0 text-body-secondary" data-testid="question-total">
          {ctx.t(`qa.list.total.${plural(ctx.locale, list.total)}`, {
            n: formatNumber(list.total, ctx.locale),
          })}
        </p>
        {language ? (
          <TabLinks
            label={ctx.text('qa.language.label')}
            options={languageChoices}
            current={language.shown}
            href={(choice) => listHref(props.base, props.sort, 1, choice)}
            text={(choice) => ctx.t(`qa.language.${choice}`)}
            marker="language"
          />
        ) : (
          ''
        )}
        <TabLinks
          label={ctx.text('qa.sort.label')}
          options={sorts}
          current={props.sort}
          href={(sort) => listHref(props.base, sort, 1, language?.chosen)}
          text={(sort) => ctx.t(`qa.sort.${sort}`)}
          marker="sort"
        />
      </div>
      {list.items.length === 0 ? (
        <div class="empty-state text-center py-5" data-testid="empty-list">
          <p class="lead mb-3">{ctx.t(list.page > 1 ? 'qa.list.past_end' : 'qa.list.empty')}</p>
          <a class="btn btn-primary" href="/questions/ask">
            {ctx.t('nav.ask')}
          </a>
        </div>
      ) : (
        <ul class="question-list list-unstyled" data-testid="question-list">
          {list.items.map((question) => (
            <QuestionItem ctx={ctx} question={question} panels={props.panels} />
          ))}
        </ul>
      )}
      <Pagination
        ctx={ctx}
        list={list}
        hrefFor={(page) => listHref(props.base, props.sort, page, language?.chosen)}
      />
    </>
  );
}

/** `/` and `/questions`: every live question. */
export function QuestionListPage(props: {
  ctx: ViewContext;
  list: Page<QuestionSummaryRecord>;
  sort: Sort;
  base: string;
  panels: LoadedPanels<QuestionListRegions>;
  language: LanguageFilter;
}) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={ctx.text(`qa.list.title.${props.sort}`)}>
      <div class="d-flex justify-content-between align-items-center mb-3">
        <h1 class="h3 mb-0">{ctx.t(`qa.list.title.${props.sort}`)}</h1>
        <a class="btn btn-primary" href="/questions/ask">
          {ctx.t('nav.ask')}
        </a>
      </div>
      <QuestionList
        ctx={ctx}
        list={props.list}
        sort={props.sort}
        base={props.base}
        panels={props.panels}
        language={props.language}
      />
    </Layout>
  );
}
