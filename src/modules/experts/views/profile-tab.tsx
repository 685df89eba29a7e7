import { MoneyText } from '../../../platform/views/money.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { plural, TagList } from '../../../platform/views/widgets.js';
import { ProfileTab, type ProfileTabPanel } from '../../accounts/index.js';
import { type ExpertSummary, findExpertSummary } from '../expert-profile.service.js';
import { RatingText } from './parts.js';

/**
 * The expert tab of a member's profile (accounts' profile slot): price, deadline, fields, rating,
 * paid questions answered, and the way to ask them. Shown for experts; to a member who is not one,
 * on their own profile only, as the invitation to become one.
 */

const TAB = 'expert';

function ExpertTab(props: { ctx: PageContext; expert: ExpertSummary; own: boolean }) {
  const { ctx, expert, own } = props;
  const { t, text } = ctx;
  const name = expert.person.displayName;
  const row = (label: JSX.Element, value: JSX.Element) => (
    <>
      <dt class="col-sm-4">{label}</dt>
      <dd class="col-sm-8">{value}</dd>
    </>
  );
  return (
    <div class="row g-4" data-testid="expert-tab">
      <div class="col-lg-8">
        <p>
          {expert.accepting ? (
            <span class="badge text-bg-success">{t('experts.accepting')}</span>
          ) : (
            <span class="badge text-bg-secondary">{t('experts.paused')}</span>
          )}
        </p>
        <dl class="row mb-3">
          {row(
            t('experts.profile_tab.price'),
            <MoneyText amount={expert.price} ctx={ctx} testid="expert-tab-price" />,
          )}
          {row(t('experts.profile_tab.deadline'), t('experts.answers_within', { hours: expert.answerHours }))}
          {row(
            t('experts.profile_tab.fields'),
            <TagList tags={expert.tags} label={text('experts.profile_tab.fields')} />,
          )}
          {row(
            t('experts.profile_tab.rating'),
            <RatingText ctx={ctx} average={expert.rating.average} count={expert.rating.count} />,
          )}
        </dl>
        <p data-testid="expert-tab-answered">
          {t(`experts.profile_tab.answered.${plural(ctx.locale, expert.answeredCount)}`, {
            count: expert.answeredCount,
          })}
        </p>
        {expert.bio ? (
          <>
            <h2 class="h6">{t('expert.profile.bio')}</h2>
            <p class="expert-bio" safe>
              {expert.bio}
            </p>
          </>
        ) : (
          ''
        )}
      </div>
      <div class="col-lg-4">
        <div class="card card-body">
          {own ? (
            <a class="btn btn-outline-primary mb-2" href="/me/expert">
              {t('experts.edit_mine')}
            </a>
          ) : expert.accepting ? (
            <a class="btn btn-primary mb-2" href={`/experts/${expert.userId}`} data-testid="expert-tab-ask">
              {t('expert.profile.ask', { name })}
            </a>
          ) : (
            <p class="text-body-secondary">{t('expert.profile.paused', { name })}</p>
          )}
          <a href={`/experts/${expert.userId}`}>{t('experts.profile_tab.page')}</a>
        </div>
      </div>
    </div>
  );
}

function NotAnExpert(props: { ctx: PageContext }) {
  const { t } = props.ctx;
  return (
    <div data-testid="expert-tab-empty">
      <p class="text-body-secondary">{t('experts.profile_tab.not_expert')}</p>
      <a class="btn btn-sm btn-primary" href="/me/expert">
        {t('experts.become')}
      </a>
    </div>
  );
}

/** The expert tab: one query (the expert's summary) whether it is open or not. */
export const expertProfilePanel: ProfileTabPanel = {
  id: 'experts.profile',
  tab: TAB,
  order: 20,
  async load({ ctx, viewer, member, tab }) {
    const expert = await findExpertSummary(ctx, member.id);
    const own = viewer?.userId === member.id;
    if (!expert && !own) return undefined;
    const open = tab === TAB;
    const tabs = (view: PageContext) => (
      <ProfileTab
        ctx={view}
        memberId={member.id}
        tab={TAB}
        current={open}
        label={view.t('experts.profile_tab.tab')}
      />
    );
    if (!open) return { tabs };
    return {
      tabs,
      tabPanel: (view) =>
        expert ? <ExpertTab ctx={view} expert={expert} own={own} /> : <NotAnExpert ctx={view} />,
    };
  },
};
