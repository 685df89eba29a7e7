import { Time } from '../../../platform/views/dates.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { plural } from '../../../platform/views/widgets.js';
import { ProfilePagination, ProfileTab, type ProfileTabPanel } from '../../accounts/index.js';
import type { ActivityCounts, ActivityPost } from '../activity.repository.js';
import { countMemberActivity, listMemberActivity } from '../activity.service.js';
import { postAnchor, questionPath } from './paths.js';

/**
 * The profile's default tab (accounts' profile slot): the member's questions and answers, newest
 * first, paged. Questions contributes it because accounts, beside it in the community core, does
 * not know questions.
 */

const TAB = 'activity';

/** Where a post is read: its question's page, at the answer for an answer. */
function postHref(post: ActivityPost): string {
  const path = questionPath({ id: post.questionId, slug: post.slug });
  return post.kind === 'answer' ? `${path}#${postAnchor({ kind: 'answer', id: post.id })}` : path;
}

function ActivityItem(props: { ctx: PageContext; post: ActivityPost }) {
  const { ctx, post } = props;
  const { t } = ctx;
  return (
    <li
      class="list-group-item d-flex gap-3 align-items-baseline"
      data-kind={post.kind}
      data-post-id={String(post.id)}
    >
      <span
        class={`badge activity-kind ${post.kind === 'question' ? 'text-bg-primary' : 'text-bg-secondary'}`}
        data-testid="activity-kind"
      >
        {t(post.kind === 'question' ? 'qa.profile.kind.question' : 'qa.profile.kind.answer')}
      </span>
      <div class="flex-grow-1 text-break">
        <a href={postHref(post)} safe>
          {post.title}
        </a>
        {post.accepted ? (
          <span class="badge text-bg-success ms-2">
            {t(post.kind === 'question' ? 'qa.profile.accepted_question' : 'qa.profile.accepted_answer')}
          </span>
        ) : (
          ''
        )}
        <div class="small text-body-secondary">
          {t('qa.profile.score', { score: post.score })}
          {' · '}
          <Time ctx={ctx} date={post.createdAt} show="date" />
        </div>
      </div>
    </li>
  );
}

function ActivityTab(props: {
  ctx: PageContext;
  memberId: number;
  own: boolean;
  counts: ActivityCounts;
  posts: { items: ActivityPost[]; total: number; page: number; pageSize: number };
}) {
  const { ctx, counts, posts } = props;
  const { t } = ctx;
  if (posts.total === 0)
    return (
      <div data-testid="activity-empty">
        <p class="text-body-secondary">{t(props.own ? 'qa.profile.empty_own' : 'qa.profile.empty')}</p>
        {props.own ? (
          <a class="btn btn-sm btn-primary" href="/questions/ask">
            {t('qa.profile.ask')}
          </a>
        ) : (
          ''
        )}
      </div>
    );
  return (
    <>
      <p class="text-body-secondary small" data-testid="activity-counts">
        {t(`qa.profile.questions.${plural(ctx.locale, counts.questions)}`, { count: counts.questions })}
        {' · '}
        {t(`qa.profile.answers.${plural(ctx.locale, counts.answers)}`, { count: counts.answers })}
      </p>
      {posts.items.length === 0 ? (
        <p class="text-body-secondary">{t('profile.tab.empty')}</p>
      ) : (
        <ul class="list-group" data-testid="activity">
          {posts.items.map((post) => (
            <ActivityItem ctx={ctx} post={post} />
          ))}
        </ul>
      )}
      <ProfilePagination
        ctx={ctx}
        memberId={props.memberId}
        tab={TAB}
        page={posts.page}
        pageSize={posts.pageSize}
        total={posts.total}
      />
    </>
  );
}

/** The activity tab: its label counts the member's posts; open, one page of them (two queries, in parallel). */
export const activityProfilePanel: ProfileTabPanel = {
  id: 'questions.activity',
  tab: TAB,
  order: 10,
  async load({ ctx, viewer, member, tab, page }) {
    const open = tab === TAB;
    const activity = open ? await listMemberActivity(ctx, member.id, page) : undefined;
    const counts = activity?.counts ?? (await countMemberActivity(ctx, member.id));
    const tabEntry = (view: PageContext) => (
      <ProfileTab
        ctx={view}
        memberId={member.id}
        tab={TAB}
        current={open}
        label={view.t('qa.profile.tab')}
        count={counts.questions + counts.answers}
      />
    );
    if (!activity) return { tabs: tabEntry };
    return {
      tabs: tabEntry,
      tabPanel: (view) => (
        <ActivityTab
          ctx={view}
          memberId={member.id}
          own={viewer?.userId === member.id}
          counts={activity.counts}
          posts={activity}
        />
      ),
    };
  },
};
