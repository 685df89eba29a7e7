import { textOr } from '../../../platform/i18n/index.js';
import { formatDate } from '../../../platform/views/dates.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { ProfilePagination, ProfileTab, type ProfileTabPanel } from '../../accounts/index.js';
import { reputationChartSvg } from '../reputation.chart.js';
import type { EventPost, EventRow } from '../reputation.repository.js';
import { capDay } from '../reputation.rules.js';
import { type ReputationProfile, reputationProfile } from '../reputation.service.js';

/**
 * The profile's reputation tab (accounts' profile slot): the total, a chart of it over time (an
 * SVG drawn on the server, no script) and the history, newest first, grouped by UTC day (the day
 * of the daily cap) as Stack Overflow does, each day with its net change.
 */

const TAB = 'reputation';

/** `+10`, `−2` (a true minus sign), `0`. */
export function signed(points: number): string {
  if (points > 0) return `+${points}`;
  if (points < 0) return `−${-points}`;
  return '0';
}

function changeClass(points: number): string {
  if (points > 0) return 'reputation-change text-success';
  if (points < 0) return 'reputation-change text-danger';
  return 'reputation-change text-body-secondary';
}

/** A kind in words: the catalogue's `reputation.kind.<kind>`, else (a kind without words yet) its name. */
function kindLabel(ctx: PageContext, kind: string): string {
  return textOr(ctx.text, `reputation.kind.${kind}`, kind);
}

function PostLink(props: { ctx: PageContext; post: EventPost | undefined }) {
  const { ctx, post } = props;
  if (!post) return '';
  if (post.title === null)
    return <span class="text-body-secondary fst-italic">{ctx.t('reputation.profile.deleted_post')}</span>;
  const href =
    post.type === 'question'
      ? `/questions/${post.questionId}`
      : `/questions/${post.questionId}#answer-${post.id}`;
  return (
    <a href={href} class="text-break" data-testid="reputation-post" safe>
      {post.title}
    </a>
  );
}

function EventItem(props: { ctx: PageContext; event: EventRow; post: EventPost | undefined }) {
  const { ctx, event } = props;
  const { t } = ctx;
  const cut = event.reverses === null && event.applied !== event.points;
  return (
    <li
      class="list-group-item d-flex gap-3 align-items-baseline"
      data-event-id={String(event.id)}
      data-kind={event.kind}
    >
      <span class={`${changeClass(event.applied)} fw-semibold text-end`} data-testid="reputation-points" safe>
        {signed(event.applied)}
      </span>
      <div class="flex-grow-1">
        <span safe>{kindLabel(ctx, event.kind)}</span>
        {event.reverses === null ? (
          ''
        ) : (
          <span class="badge text-bg-light border ms-2" data-testid="reputation-undone">
            {t('reputation.profile.undone')}
          </span>
        )}
        {cut ? <span class="small text-body-secondary ms-2">{t('reputation.profile.cut')}</span> : ''}
        {props.post ? (
          <div class="small">
            <PostLink ctx={ctx} post={props.post} />
          </div>
        ) : (
          ''
        )}
      </div>
    </li>
  );
}

/** The page's events by UTC day, in order (newest day first). */
function byDay(events: readonly EventRow[]): Array<[string, EventRow[]]> {
  const days = new Map<string, EventRow[]>();
  for (const event of events) {
    const day = capDay(event.createdAt);
    const list = days.get(day) ?? [];
    list.push(event);
    days.set(day, list);
  }
  return [...days];
}

function ReputationTab(props: {
  ctx: PageContext;
  memberId: number;
  own: boolean;
  profile: ReputationProfile;
}) {
  const { ctx, profile } = props;
  const { t } = ctx;
  const { history } = profile;
  const chartLabel = ctx.text('reputation.profile.chart', {
    from: profile.points[0]?.total ?? profile.total,
    to: profile.total,
  });
  const safeChart =
    profile.points.length === 0
      ? ''
      : reputationChartSvg(profile.points, { locale: ctx.locale, label: chartLabel });
  return (
    <div data-testid="reputation-tab">
      <p class="fs-5 mb-3" data-testid="reputation-total">
        {t('reputation.profile.total', { total: profile.total })}
      </p>
      {safeChart === '' ? (
        ''
      ) : (
        <figure class="reputation-chart mb-4" data-testid="reputation-chart">
          {safeChart}
        </figure>
      )}
      {history.total === 0 ? (
        <p class="text-body-secondary" data-testid="reputation-empty">
          {t(props.own ? 'reputation.profile.empty_own' : 'reputation.profile.empty')}
        </p>
      ) : (
        <>
          <h2 class="h5">{t('reputation.profile.history')}</h2>
          {history.items.length === 0 ? <p class="text-body-secondary">{t('profile.tab.empty')}</p> : ''}
          {byDay(history.items).map(([day, events]) => {
            const change = profile.dayChanges.get(day) ?? 0;
            return (
              <section class="mb-3" data-testid="reputation-day" data-day={day}>
                <h3 class="h6 d-flex justify-content-between border-bottom pb-1 mb-0">
                  <time datetime={day} safe>
                    {formatDate(new Date(`${day}T12:00:00Z`), { locale: ctx.locale, timeZone: 'UTC' })}
                  </time>
                  <span class={changeClass(change)} data-testid="reputation-day-change" safe>
                    {signed(change)}
                  </span>
                </h3>
                <ul class="list-group list-group-flush">
                  {events.map((event) => (
                    <EventItem
                      ctx={ctx}
                      event={event}
                      post={
                        event.postType === null
                          ? undefined
                          : profile.posts.get(`${event.postType}:${event.postId}`)
                      }
                    />
                  ))}
                </ul>
              </section>
            );
          })}
          <ProfilePagination
            ctx={ctx}
            memberId={props.memberId}
            tab={TAB}
            page={history.page}
            pageSize={history.pageSize}
            total={history.total}
          />
        </>
      )}
    </div>
  );
}

/** The reputation tab: nothing to load until it is open; then the chart's days and a page of history. */
export const reputationProfilePanel: ProfileTabPanel = {
  id: 'reputation.history',
  tab: TAB,
  order: 15,
  async load({ ctx, viewer, member, tab, page }) {
    const tabEntry = (view: PageContext) => (
      <ProfileTab
        ctx={view}
        memberId={member.id}
        tab={TAB}
        current={tab === TAB}
        label={view.t('reputation.profile.tab')}
      />
    );
    if (tab !== TAB) return { tabs: tabEntry };
    const profile = await reputationProfile(ctx, member.id, page);
    return {
      tabs: tabEntry,
      tabPanel: (view) => (
        <ReputationTab ctx={view} memberId={member.id} own={viewer?.userId === member.id} profile={profile} />
      ),
    };
  },
};
