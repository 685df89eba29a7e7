import type { Page } from '../../../platform/context.js';
import { pageParam, withQuery } from '../../../platform/views/href.js';
import { Layout } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { TabLinks } from '../../../platform/views/tabs.js';
import { formatNumber, Pagination, plural, TagBadge } from '../../../platform/views/widgets.js';
import type { TagRecord } from '../tags.repository.js';

export const tagSorts = ['popular', 'name'] as const;
export type TagSort = (typeof tagSorts)[number];

/** `/tags` with its filter, sort and page (defaults left out). */
export function tagsHref(options: { q?: string | undefined; sort: TagSort; page?: number }): string {
  const sort = options.sort !== 'popular' ? options.sort : undefined;
  return withQuery('/tags', { q: options.q, sort, page: pageParam(options.page) });
}

/** The start of a tag's description, for the tag grid. */
function excerpt(text: string, max = 160): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}

function TagCard(props: { ctx: PageContext; tag: TagRecord }) {
  const { ctx, tag } = props;
  return (
    <li class="col">
      <div class="card h-100 tag-card" data-tag={tag.name}>
        <div class="card-body">
          <TagBadge tag={tag.name} />
          {tag.description ? (
            <p class="small text-body-secondary mt-2 mb-0 tag-excerpt" safe>
              {excerpt(tag.description)}
            </p>
          ) : (
            ''
          )}
        </div>
        <div class="card-footer small text-body-secondary bg-transparent border-0 pt-0">
          {ctx.t(`qa.tags.questions.${plural(ctx.locale, tag.questionCount)}`, {
            n: formatNumber(tag.questionCount, ctx.locale),
          })}
        </div>
      </div>
    </li>
  );
}

/** `/tags`: every tag with its count and description, filtered by a prefix, popular or A–Z. */
export function TagsPage(props: { ctx: PageContext; list: Page<TagRecord>; q: string; sort: TagSort }) {
  const { ctx, list, q, sort } = props;
  return (
    <Layout ctx={ctx} title={ctx.text('qa.tags.title')}>
      <h1 class="h3 mb-2">{ctx.t('qa.tags.title')}</h1>
      <p class="text-body-secondary">{ctx.t('qa.tags.intro')}</p>
      <div class="d-flex flex-wrap justify-content-between align-items-end gap-3 mb-3">
        <search>
          <form method="get" action="/tags" class="d-flex gap-2 align-items-end" data-testid="tag-filter">
            <div>
              <label class="form-label small mb-1" for="tag-filter">
                {ctx.t('qa.tags.filter')}
              </label>
              <input
                class="form-control"
                type="search"
                id="tag-filter"
                name="q"
                value={q}
                maxlength={100}
                autocomplete="off"
                hx-get="/tags"
                hx-trigger="input changed delay:300ms, search"
                hx-include="closest form"
                hx-target="#tag-results"
                hx-select="#tag-results"
                hx-swap="outerHTML"
                hx-push-url="true"
              />
            </div>
            {sort !== 'popular' ? <input type="hidden" name="sort" value={sort} /> : ''}
            <button type="submit" class="btn btn-outline-secondary">
              {ctx.t('qa.tags.filter_submit')}
            </button>
          </form>
        </search>
        <TabLinks
          label={ctx.text('qa.sort.label')}
          options={tagSorts}
          current={sort}
          href={(option) => tagsHref({ q, sort: option })}
          text={(option) => ctx.t(`qa.tags.sort.${option}`)}
        />
      </div>
      <div id="tag-results">
        {list.items.length === 0 ? (
          <p class="text-body-secondary py-4" data-testid="empty-list">
            {ctx.t(q ? 'qa.tags.none_matching' : 'qa.tags.none')}
          </p>
        ) : (
          <ul class="row row-cols-1 row-cols-sm-2 row-cols-lg-4 g-3 list-unstyled" data-testid="tag-list">
            {list.items.map((tag) => (
              <TagCard ctx={ctx} tag={tag} />
            ))}
          </ul>
        )}
        <Pagination ctx={ctx} list={list} hrefFor={(page) => tagsHref({ q, sort, page })} />
      </div>
    </Layout>
  );
}
