import type { LoadedPanels } from '../../../platform/extensions/index.js';
import { Layout } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { TabLinks } from '../../../platform/views/tabs.js';
import { Byline, formatNumber, Pagination, plural, TagList } from '../../../platform/views/widgets.js';
import { type QuestionListRegions, questionPath } from '../../questions/index.js';
import type { SearchSort } from '../search.port.js';
import { type SearchOutcome, type SearchResultItem, searchSorts } from '../search.service.js';

export interface SearchViewContext extends PageContext {
  readonly now: Date;
}

/** `/search?q=…&sort=…&page=…`, keeping the query as typed. */
export function searchHref(q: string, sort: SearchSort, page = 1): string {
  const params = new URLSearchParams({ q });
  if (sort !== 'relevance') params.set('sort', sort);
  if (page > 1) params.set('page', String(page));
  return `/search?${params.toString()}`;
}

function ResultItem(props: {
  ctx: SearchViewContext;
  item: SearchResultItem;
  panels: LoadedPanels<QuestionListRegions>;
}) {
  const { ctx, item } = props;
  const badge = props.panels.render('badge', ctx, item.id);
  const answered =
    item.acceptedAnswerId !== null ? ' stat-accepted' : item.answerCount > 0 ? ' stat-answered' : '';
  return (
    <li class="question-summary" data-testid="search-result" data-question-id={String(item.id)}>
      <div class="question-stats">
        <div class="stat">
          <span class="stat-value">{formatNumber(item.score, ctx.locale) as 'safe'}</span>{' '}
          {ctx.t(`qa.count.votes.${plural(ctx.locale, item.score)}`)}
        </div>
        <div class={`stat${answered}`}>
          <span class="stat-value">{formatNumber(item.answerCount, ctx.locale) as 'safe'}</span>{' '}
          {ctx.t(`qa.count.answers.${plural(ctx.locale, item.answerCount)}`)}
        </div>
      </div>
      <div class="question-summary-main">
        <h2 class="h5 mb-1">
          {badge}
          {badge === '' ? '' : ' '}
          {/* titleHtml and snippetHtml are escaped by snippet.rules.ts; only <mark> is ours. */}
          <a href={questionPath(item)} class="question-link">
            {item.titleHtml as 'safe'}
          </a>
        </h2>
        <p class="question-excerpt text-body-secondary mb-2 search-snippet">{item.snippetHtml as 'safe'}</p>
        <div class="d-flex flex-wrap justify-content-between align-items-center gap-2">
          <TagList tags={item.tags} label={ctx.text('qa.tags.label')} />
          <div class="small ms-auto">
            <Byline ctx={ctx} person={item.author} date={item.createdAt} now={ctx.now} />
          </div>
        </div>
      </div>
    </li>
  );
}

function SyntaxHelp(props: { ctx: SearchViewContext; open: boolean }) {
  const { ctx } = props;
  const lines = [
    'search.help.words',
    'search.help.phrase',
    'search.help.exclude',
    'search.help.tag',
    'search.help.is',
    'search.help.user',
    'search.help.score',
    'search.help.created',
  ] as const;
  return (
    <details class="mt-3 small" open={props.open}>
      <summary>{ctx.t('search.help.title')}</summary>
      <ul class="mt-2 mb-0">
        {lines.map((key) => (
          <li>{ctx.t(key)}</li>
        ))}
      </ul>
    </details>
  );
}

/** The search page: the box, sorts, messages, results with snippets, pages. */
export function SearchPage(props: {
  ctx: SearchViewContext;
  q: string;
  outcome: SearchOutcome;
  /** What other modules show in the result rows (badges), loaded once for the page. */
  panels: LoadedPanels<QuestionListRegions>;
}) {
  const { ctx, q, outcome } = props;
  const heading =
    outcome.state === 'empty' ? ctx.text('search.title') : ctx.text('search.results_for', { query: q });
  return (
    <Layout ctx={ctx} title={heading}>
      <h1 class="h3 mb-3 text-break" safe>
        {heading}
      </h1>
      <search>
        <form method="get" action="/search" class="d-flex gap-2 mb-3">
          <label class="visually-hidden" for="search-q">
            {ctx.t('search.field')}
          </label>
          <input
            class="form-control"
            type="search"
            id="search-q"
            name="q"
            value={q}
            maxlength={2000}
            data-testid="search-input"
          />
          {outcome.sort !== 'relevance' ? <input type="hidden" name="sort" value={outcome.sort} /> : ''}
          <button class="btn btn-primary" type="submit">
            {ctx.t('search.submit')}
          </button>
        </form>
      </search>
      {outcome.warnings.map((warning) => (
        <div class="alert alert-warning py-2" role="status" data-testid="search-warning">
          {ctx.t(warning)}
        </div>
      ))}
      {outcome.state === 'empty' ? (
        <p class="text-body-secondary" data-testid="search-empty">
          {ctx.t('search.empty')}
        </p>
      ) : (
        <Results ctx={ctx} q={q} outcome={outcome} panels={props.panels} />
      )}
      <SyntaxHelp ctx={ctx} open={outcome.state === 'empty'} />
    </Layout>
  );
}

function Results(props: {
  ctx: SearchViewContext;
  q: string;
  outcome: SearchOutcome;
  panels: LoadedPanels<QuestionListRegions>;
}) {
  const { ctx, q, outcome } = props;
  return (
    <>
      <div class="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-2">
        <p class="mb-0 text-body-secondary" data-testid="search-count">
          {outcome.totalCapped
            ? ctx.t('search.count.capped', { count: formatNumber(outcome.total, ctx.locale) })
            : ctx.t(`search.count.${plural(ctx.locale, outcome.total)}`, {
                count: formatNumber(outcome.total, ctx.locale),
              })}
        </p>
        <TabLinks
          label={ctx.text('search.sort.label')}
          options={searchSorts}
          current={outcome.sort}
          href={(sort) => searchHref(q, sort)}
          text={(sort) => ctx.t(`search.sort.${sort}`)}
          marker="sort"
          compact
        />
      </div>
      {outcome.suggestion ? (
        <p data-testid="did-you-mean">
          {ctx.t('search.did_you_mean')}{' '}
          <a href={searchHref(outcome.suggestion, outcome.sort)} class="fw-semibold" safe>
            {outcome.suggestion}
          </a>
          ?
        </p>
      ) : (
        ''
      )}
      {outcome.relaxed ? (
        <p class="text-body-secondary small" data-testid="search-relaxed">
          {ctx.t('search.relaxed')}
        </p>
      ) : (
        ''
      )}
      {outcome.items.length === 0 ? (
        <p class="text-body-secondary" data-testid="search-none">
          {ctx.t('search.none')}
        </p>
      ) : (
        <ul class="question-list list-unstyled">
          {outcome.items.map((item) => (
            <ResultItem ctx={ctx} item={item} panels={props.panels} />
          ))}
        </ul>
      )}
      <Pagination
        ctx={ctx}
        list={{ page: outcome.page, pageSize: outcome.pageSize, total: Math.min(outcome.total, 1_000) }}
        hrefFor={(page) => searchHref(q, outcome.sort, page)}
      />
    </>
  );
}
