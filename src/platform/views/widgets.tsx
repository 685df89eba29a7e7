import type { Locale } from '../i18n/index.js';
import { sharedFormatter } from '../i18n/intl-cache.js';
import { RelativeTime } from './dates.js';
import type { PageContext } from './page-context.js';

// Small building blocks the community pages share: numbers, plurals, tags, people, pages (times: dates.tsx).

/** A count in the reader's language ("1,234" / "1,234"). */
export function formatNumber(n: number, locale: Locale): string {
  return sharedFormatter(`number:${locale}`, () => new Intl.NumberFormat(locale)).format(n);
}

/** The plural category English (and any locale) needs for `n`: pick `…one` or `…other` keys. */
export function plural(locale: Locale, n: number): 'one' | 'other' {
  return sharedFormatter(`plural:${locale}`, () => new Intl.PluralRules(locale)).select(n) === 'one'
    ? 'one'
    : 'other';
}

/** A tag's page: names may hold "+", "#", "." or Chinese, so always encoded. */
export function tagPath(tag: string): string {
  return `/tags/${encodeURIComponent(tag)}`;
}

export function TagBadge(props: { tag: string }) {
  return (
    <a class="tag-badge" href={tagPath(props.tag)} rel="tag" safe>
      {props.tag}
    </a>
  );
}

/** A post's tags as a list (screen readers announce how many). */
export function TagList(props: { tags: readonly string[]; label: string }) {
  if (props.tags.length === 0) return '';
  return (
    <ul class="tag-list list-inline mb-0" aria-label={props.label}>
      {props.tags.map((tag) => (
        <li class="list-inline-item">
          <TagBadge tag={tag} />
        </li>
      ))}
    </ul>
  );
}

/** Who wrote something, as the pages show them (null: an account that is gone, or an import). */
export interface PersonRef {
  readonly id: number;
  readonly displayName: string;
  readonly reputation: number;
}

/** The first letter of a name, as a stand-in picture. */
export function Avatar(props: { name: string; size?: 'sm' | 'md' }) {
  return (
    <span class={`avatar avatar-${props.size ?? 'md'}`} aria-hidden="true" safe>
      {[...props.name][0]?.toUpperCase() ?? '?'}
    </span>
  );
}

/**
 * "asked 3 hours ago" + picture, name and reputation, as under a post. `action` is the
 * already-translated verb ("asked", "answered", "edited").
 */
export function UserCard(props: {
  ctx: PageContext;
  person: PersonRef | null;
  action: string;
  date: Date;
  now: Date;
  highlight?: boolean;
}) {
  const { ctx, person } = props;
  return (
    <div class={`user-card${props.highlight ? ' user-card-owner' : ''}`}>
      <div class="user-card-time small text-body-secondary">
        <span safe>{props.action}</span> <RelativeTime ctx={ctx} date={props.date} now={props.now} />
      </div>
      <div class="d-flex align-items-center gap-2">
        <Avatar name={person?.displayName ?? '?'} />
        <div class="small">
          {person ? (
            <a href={`/users/${person.id}`} class="user-card-name" safe>
              {person.displayName}
            </a>
          ) : (
            <span class="text-body-secondary">{ctx.t('qa.user.unknown')}</span>
          )}
          {person ? (
            <div class="text-body-secondary" title={ctx.text('user.reputation')}>
              <span class="visually-hidden">{ctx.t('user.reputation')}: </span>
              {formatNumber(person.reputation, ctx.locale) as 'safe'}
            </div>
          ) : (
            ''
          )}
        </div>
      </div>
    </div>
  );
}

/** A compact "name · 3 hours ago" line, for lists and comments. */
export function Byline(props: { ctx: PageContext; person: PersonRef | null; date: Date; now: Date }) {
  const { ctx, person } = props;
  return (
    <span class="byline">
      {person ? (
        <a href={`/users/${person.id}`} safe>
          {person.displayName}
        </a>
      ) : (
        <span class="text-body-secondary">{ctx.t('qa.user.unknown')}</span>
      )}{' '}
      <RelativeTime ctx={ctx} date={props.date} now={props.now} />
    </span>
  );
}

/** Which page numbers to show: first, last, and two either side of the current one. */
export function pageWindow(page: number, pages: number): Array<number | 'gap'> {
  const wanted = new Set([1, pages, page - 2, page - 1, page, page + 1, page + 2]);
  const numbers = [...wanted].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  const out: Array<number | 'gap'> = [];
  for (const n of numbers) {
    const last = out[out.length - 1];
    if (typeof last === 'number' && n - last > 1) out.push('gap');
    out.push(n);
  }
  return out;
}

/** Previous / numbered / next links; nothing when everything fits on one page. */
export function Pagination(props: {
  ctx: PageContext;
  /** Where the list stands: its page, page size and total (a `Page` as list use cases return it). */
  list: { readonly page: number; readonly pageSize: number; readonly total: number };
  hrefFor: (page: number) => string;
}) {
  const { ctx } = props;
  const { page, pageSize, total } = props.list;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1 && page <= 1) return '';
  const item = (target: number, label: JSX.Element, options: { rel?: string; disabled?: boolean } = {}) =>
    options.disabled ? (
      <li class="page-item disabled">
        <span class="page-link">{label}</span>
      </li>
    ) : (
      <li class="page-item">
        <a class="page-link" href={props.hrefFor(target)} rel={options.rel}>
          {label}
        </a>
      </li>
    );
  return (
    <nav aria-label={ctx.text('qa.pagination.label')} class="mt-4">
      <ul class="pagination flex-wrap">
        {item(page - 1, ctx.t('qa.pagination.previous'), { rel: 'prev', disabled: page <= 1 })}
        {pageWindow(Math.min(page, pages), pages).map((n) =>
          n === 'gap' ? (
            <li class="page-item disabled">
              <span class="page-link">…</span>
            </li>
          ) : n === page ? (
            <li class="page-item active" aria-current="page">
              <span class="page-link">{n}</span>
            </li>
          ) : (
            <li class="page-item">
              <a class="page-link" href={props.hrefFor(n)}>
                {n}
              </a>
            </li>
          ),
        )}
        {item(page + 1, ctx.t('qa.pagination.next'), { rel: 'next', disabled: page >= pages })}
      </ul>
    </nav>
  );
}

/** `?page=` / `?sort=` read leniently: anything odd is the first page. */
export function pageNumber(raw: string | undefined): number {
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}
