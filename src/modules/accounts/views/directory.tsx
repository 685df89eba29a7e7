import { formatDate } from '../../../platform/views/dates.js';
import { withQuery } from '../../../platform/views/href.js';
import { Layout } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { Pagination, plural } from '../../../platform/views/widgets.js';
import type { DirectoryMember, DirectorySort } from '../directory.service.js';

/**
 * The members' directory (`/users`): the orders as tabs, a name filter (and a tag for "by tag"),
 * cards of members, pages. Plain links and a GET form, so it works without JavaScript; htmx swaps
 * only `#directory` (the filter as one types, the tabs, the pages) and keeps the address in step.
 */

export interface DirectoryView {
  readonly sort: DirectorySort;
  /** The tag as read (normalised when the ranking read it), for "by tag". */
  readonly tag: string;
  readonly q: string;
  /** Undefined: "by tag" without a tag yet (the prompt), or a refused filter. */
  readonly list?: { items: DirectoryMember[]; total: number; page: number; pageSize: number } | undefined;
  /** Why the filter was refused (a tag it cannot read, a search too long). */
  readonly problem?: string | undefined;
}

const SORTS: readonly DirectorySort[] = ['reputation', 'new', 'tag'];

/** `/users?sort=new&q=li&page=2`, the defaults left out. */
export function directoryHref(view: { sort: DirectorySort; tag?: string; q?: string }, page = 1): string {
  return withQuery('/users', {
    sort: view.sort === 'reputation' ? undefined : view.sort,
    tag: view.sort === 'tag' ? view.tag : undefined,
    q: view.q,
    page: page > 1 ? page : undefined,
  });
}

const swap = {
  'hx-target': '#directory',
  'hx-select': '#directory',
  'hx-swap': 'outerHTML',
  'hx-push-url': 'true',
} as const;

function MemberCard(props: { ctx: PageContext; member: DirectoryMember }) {
  const { ctx, member } = props;
  const { t } = ctx;
  const role = member.roles[0] ?? 'user';
  return (
    <div class="col">
      <div class="card h-100" data-testid="member-card" data-user-id={String(member.id)}>
        <div class="card-body d-flex gap-3 p-3">
          <div class="avatar avatar-lg-card" aria-hidden="true" safe>
            {[...member.displayName][0] ?? '?'}
          </div>
          <div class="overflow-hidden">
            <a class="fw-semibold text-break d-block" href={`/users/${member.id}`} safe>
              {member.displayName}
            </a>
            <div class="small text-body-secondary text-break" safe>
              @{member.username}
            </div>
            <div class="small">
              <span data-testid="member-reputation">
                {t('user.directory.reputation', { reputation: member.reputation.toLocaleString(ctx.locale) })}
              </span>
              {role !== 'user' ? <span class="badge text-bg-info ms-2">{t(`user.role.${role}`)}</span> : ''}
            </div>
            {member.tagScore ? (
              <div class="small text-body-secondary" data-testid="member-tag-score">
                {t('user.directory.tag_score', { score: member.tagScore.score })}
                {' · '}
                {t(`user.directory.tag_answers.${plural(ctx.locale, member.tagScore.posts)}`, {
                  count: member.tagScore.posts,
                })}
              </div>
            ) : (
              <div class="small text-body-secondary">
                <time datetime={member.createdAt.toISOString()}>
                  {t('user.member_since', { date: formatDate(member.createdAt, ctx) })}
                </time>
              </div>
            )}
          </div>
        </div>
      </div>
    </div>
  );
}

function Filters(props: { ctx: PageContext; view: DirectoryView }) {
  const { ctx, view } = props;
  const { t } = ctx;
  return (
    <form
      method="get"
      action="/users"
      class="row g-2 align-items-end mb-3"
      hx-get="/users"
      hx-trigger="submit, input changed delay:400ms from:find input"
      {...swap}
    >
      {view.sort === 'reputation' ? '' : <input type="hidden" name="sort" value={view.sort} />}
      {view.sort === 'tag' ? (
        <div class="col-sm-4">
          <label class="form-label small mb-1" for="directory-tag">
            {t('user.directory.tag')}
          </label>
          <input
            class="form-control"
            id="directory-tag"
            name="tag"
            value={view.tag}
            maxlength="100"
            placeholder={ctx.text('user.directory.tag_placeholder')}
          />
        </div>
      ) : (
        ''
      )}
      <div class="col">
        <label class="form-label small mb-1" for="directory-q">
          {t('user.directory.search')}
        </label>
        <input
          class="form-control"
          type="search"
          id="directory-q"
          name="q"
          value={view.q}
          maxlength="50"
          autocomplete="off"
          data-testid="directory-search"
        />
      </div>
      <div class="col-auto">
        <button class="btn btn-outline-primary" type="submit">
          {t('user.directory.search_button')}
        </button>
      </div>
    </form>
  );
}

/** The directory page. */
export function DirectoryPage(props: { ctx: PageContext; view: DirectoryView }) {
  const { ctx, view } = props;
  const { t } = ctx;
  const list = view.list;
  return (
    <Layout ctx={ctx} title={ctx.text('user.directory.title')}>
      <div id="directory" data-testid="directory">
        <h1 class="h3 mb-3">{t('user.directory.title')}</h1>
        <nav aria-label={ctx.text('user.directory.sorts')}>
          <ul class="nav nav-pills mb-3" hx-boost="true" {...swap}>
            {SORTS.map((sort) => (
              <li class="nav-item">
                <a
                  class={`nav-link${sort === view.sort ? ' active' : ''}`}
                  href={directoryHref({ sort, q: view.q, tag: view.tag })}
                  aria-current={sort === view.sort ? 'page' : undefined}
                  data-sort={sort}
                >
                  {t(`user.directory.sort.${sort}`)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <Filters ctx={ctx} view={view} />
        {view.problem ? (
          <div class="alert alert-warning" role="alert" data-testid="directory-problem" safe>
            {view.problem}
          </div>
        ) : (
          ''
        )}
        {view.sort === 'tag' && view.tag !== '' && list ? (
          <h2 class="h6 text-body-secondary" data-testid="directory-tag-heading">
            {t('user.directory.tag_heading', { tag: view.tag })}
          </h2>
        ) : (
          ''
        )}
        {!list ? (
          view.problem ? (
            ''
          ) : (
            <p class="text-body-secondary" data-testid="directory-prompt">
              {t('user.directory.tag_prompt')}
            </p>
          )
        ) : list.items.length === 0 ? (
          <p class="text-body-secondary" data-testid="directory-empty">
            {view.sort === 'tag' && view.q === ''
              ? t('user.directory.tag_empty', { tag: view.tag })
              : t('user.directory.empty')}
          </p>
        ) : (
          <>
            <p class="small text-body-secondary" data-testid="directory-count">
              {t(`user.directory.count.${plural(ctx.locale, list.total)}`, { count: list.total })}
            </p>
            <div class="row row-cols-1 row-cols-sm-2 row-cols-lg-3 g-3" data-testid="members">
              {list.items.map((member) => (
                <MemberCard ctx={ctx} member={member} />
              ))}
            </div>
            <div hx-boost="true" {...swap}>
              <Pagination ctx={ctx} list={list} hrefFor={(page) => directoryHref(view, page)} />
            </div>
          </>
        )}
      </div>
    </Layout>
  );
}
