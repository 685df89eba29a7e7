import type { PageContext } from '../../../platform/views/page-context.js';
import { Pagination } from '../../../platform/views/widgets.js';

/**
 * The pieces a profile tab's panel renders with (accounts' profile slot): its entry in the tab
 * strip and its pagination. Plain links, so tabs and pages work without JavaScript; htmx swaps
 * only the tabs (`#profile-tabs`) and keeps the address in step.
 */

/** `/users/5?tab=expert&page=2` (the first page left out). */
export function profileTabHref(memberId: number, tab: string, page = 1): string {
  const query = new URLSearchParams({ tab });
  if (page > 1) query.set('page', String(page));
  return `/users/${memberId}?${query.toString()}`;
}

/** What htmx needs to swap the tabs only, and push the address. */
const swapTabs = {
  'hx-target': '#profile-tabs',
  'hx-select': '#profile-tabs',
  'hx-swap': 'outerHTML show:#profile-tabs:top',
} as const;

/** One entry of the tab strip: a link to the tab, marked current when open, with an optional count. */
export function ProfileTab(props: {
  ctx: PageContext;
  memberId: number;
  tab: string;
  current: boolean;
  label: JSX.Element;
  count?: number | undefined;
}) {
  const { label } = props;
  const href = profileTabHref(props.memberId, props.tab);
  return (
    <li class="nav-item">
      <a
        class={`nav-link${props.current ? ' active' : ''}`}
        href={href}
        aria-current={props.current ? 'page' : undefined}
        hx-get={href}
        hx-push-url="true"
        {...swapTabs}
        data-tab={props.tab}
      >
        {label}
        {props.count === undefined ? (
          ''
        ) : (
          <span class="badge rounded-pill text-bg-light border ms-1" data-testid="profile-tab-count" safe>
            {String(props.count)}
          </span>
        )}
      </a>
    </li>
  );
}

/** The shared pagination for a tab's list; htmx swaps the tabs only. */
export function ProfilePagination(props: {
  ctx: PageContext;
  memberId: number;
  tab: string;
  page: number;
  pageSize: number;
  total: number;
}) {
  if (props.total <= props.pageSize && props.page <= 1) return '';
  return (
    <div hx-boost="true" {...swapTabs}>
      <Pagination
        ctx={props.ctx}
        list={props}
        hrefFor={(page) => profileTabHref(props.memberId, props.tab, page)}
      />
    </div>
  );
}
