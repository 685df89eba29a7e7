import type { ServiceContext } from '../../platform/context.js';
import { defineSlot, type LoadedPanels, type Panel, type Slot } from '../../platform/extensions/index.js';
import type { Actor } from '../../platform/http/auth.js';
import type { PageContext } from '../../platform/views/page-context.js';

/**
 * The extension point accounts owns: the tabs of a member's profile (`/users/:id`). Modules above
 * or beside it (questions' activity, experts, bounties; later courses, tips) contribute a tab each;
 * accounts never imports them. See docs/decisions/0010.
 */

/** The member a profile shows. */
export interface ProfileMember {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
}

/** What the profile tells a tab's panel: who is looking, whose profile, which tab is open and its page. */
export interface ProfileInput {
  readonly ctx: ServiceContext;
  readonly viewer: Actor | null;
  readonly member: ProfileMember;
  /** The open tab's name: its panel loads its content, the others only what their tab shows. */
  readonly tab: string;
  /** The page asked for within the open tab (1 unless `?page=`). */
  readonly page: number;
}

/** Where a tab's panel shows on the profile. */
export interface ProfileRegions {
  /** Its entry in the tab strip: a `ProfileTab` (label, count, current). */
  tabs(view: PageContext): JSX.Element;
  /** The open tab's content (offered only by the panel whose tab is open). */
  tabPanel(view: PageContext): JSX.Element;
}

/** A tab of the profile: a panel with its `?tab=` name. The first in order is the default tab. */
export interface ProfileTabPanel extends Panel<ProfileInput, ProfileRegions> {
  /** Its name in the address (`?tab=expert`): lower-case letters and dashes, unique in the slot. */
  readonly tab: string;
}

/** The profile page's tabs. */
export const profileSlot: Slot<ProfileTabPanel> = defineSlot('accounts.profile');

/** The tabs loaded for one profile view, and which one is open. */
export interface LoadedProfileTabs {
  readonly tab: string | undefined;
  readonly panels: LoadedPanels<ProfileRegions>;
}

/**
 * Loads the profile's tab panels (once each, in parallel). `?tab=` names a contributed tab, else
 * the default (the first in order) opens: an unknown name is read leniently, like `?sort=`. A tab
 * whose panel has nothing for this member (not an expert) or failed to load opens the default
 * instead, at its first page.
 */
export async function loadProfileTabs(
  ctx: ServiceContext,
  viewer: Actor | null,
  member: ProfileMember,
  query: { tab?: string | undefined; page: number },
): Promise<LoadedProfileTabs> {
  const names = ctx.extensions.list(profileSlot).map((panel) => panel.tab);
  const shown: ProfileMember = { id: member.id, username: member.username, displayName: member.displayName };
  const load = (tab: string, page: number) =>
    ctx.extensions.load(profileSlot, { ctx, viewer, member: shown, tab, page });
  const fallback = names[0];
  // No module contributes a tab: the profile shows its header only.
  if (fallback === undefined) return { tab: undefined, panels: await load('', 1) };
  const asked = names.find((name) => name === query.tab) ?? fallback;
  const panels = await load(asked, query.page);
  if (asked === fallback || panels.offers('tabPanel')) return { tab: asked, panels };
  return { tab: fallback, panels: await load(fallback, 1) };
}
