import { type Contribution, defineSlot } from '../extensions/index.js';
import type { MessageKey } from '../i18n/index.js';
import type { PageUser } from './page-context.js';

/** A link in the site's navigation, contributed by the module whose pages it leads to. */
export interface NavItem extends Contribution {
  /** `main`: the site's sections in the top bar; `staff`: the admin and moderator bar. */
  readonly area: 'main' | 'staff';
  readonly href: string;
  readonly label: MessageKey;
  /** Names its test id (`nav-<name>`); by default the href's path, `/` as `-`. */
  readonly name?: string;
  /** Paths under which the link is marked current (each path and what lies below it; '/' exactly). */
  readonly current?: readonly string[];
  /** Shown only to these roles (staff links); everyone sees it when absent. */
  readonly roles?: readonly PageUser['role'][];
}

/** The navigation (platform/views/layout.tsx): modules add their sections and staff pages. */
export const navSlot = defineSlot<NavItem>('layout.nav');

/** How closely `item` leads to `path`: the length of its longest path `path` is at or below, or -1. */
function matchLength(item: NavItem, path: string): number {
  const prefixes = item.current ?? [pathOf(item.href)];
  const matching = prefixes.filter(
    (prefix) => path === prefix || (prefix !== '/' && path.startsWith(`${prefix}/`)),
  );
  return Math.max(-1, ...matching.map((prefix) => prefix.length));
}

function pathOf(url: string): string {
  return url.split('?', 1)[0] ?? '';
}

/**
 * The one link of `items` marked current on `url`: the one leading there most closely when several
 * do (`/admin/finance/payouts` is under both finance and its payouts; the payouts link wins).
 */
export function currentLink(items: readonly NavItem[], url: string): NavItem | undefined {
  const path = pathOf(url);
  let best: NavItem | undefined;
  let bestLength = -1;
  for (const item of items) {
    const length = matchLength(item, path);
    if (length > bestLength) [best, bestLength] = [item, length];
  }
  return best;
}

/** The links of `area` that `user` may see, in the slot's order. */
export function navLinks(items: readonly NavItem[], area: NavItem['area'], user: PageUser | null): NavItem[] {
  return items.filter(
    (item) => item.area === area && (!item.roles || (user !== null && item.roles.includes(user.role))),
  );
}

/** A link's test id: `nav-questions`, `nav-admin-finance`. */
export function navTestId(item: NavItem): string {
  return `nav-${item.name ?? pathOf(item.href).replace(/^\//, '').replace(/\//g, '-')}`;
}
