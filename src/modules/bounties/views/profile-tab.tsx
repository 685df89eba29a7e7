import { Time } from '../../../platform/views/dates.js';
import { MoneyText } from '../../../platform/views/money.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { ProfileTab, type ProfileTabPanel } from '../../accounts/index.js';
import { countMemberBounties, listMemberBounties } from '../bounties.service.js';
import type { MemberBounty, MemberBountyCounts } from '../member-bounties.repository.js';
import { stateLabel } from './bounty-pages.js';
import type { BountyViewContext } from './bounty-slots.js';

/**
 * The bounties tab of a member's profile (accounts' profile slot): the bounties they offered and
 * those they won, the newest of each, each linking to the bounty and its question.
 */

const TAB = 'bounties';

function BountyTable(props: {
  ctx: BountyViewContext;
  bounties: readonly MemberBounty[];
  kind: 'offered' | 'won';
}) {
  const { ctx, kind } = props;
  const { t } = ctx;
  return (
    <div class="table-responsive">
      <table class="table table-sm align-middle" data-testid={`bounties-${kind}`}>
        <thead>
          <tr>
            <th scope="col" class="text-nowrap">
              {t('bounty.profile.col.bounty')}
            </th>
            <th scope="col">{t('bounty.profile.col.question')}</th>
            <th scope="col" class="text-end text-nowrap">
              {t(kind === 'offered' ? 'bounty.profile.col.amount' : 'bounty.profile.col.received')}
            </th>
            <th scope="col" class="text-nowrap">
              {t('bounty.profile.col.state')}
            </th>
            <th scope="col" class="text-nowrap d-none d-md-table-cell">
              {t('bounty.profile.col.started')}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.bounties.map((bounty) => (
            <tr data-bounty-id={String(bounty.id)}>
              <td>
                <a href={`/bounties/${bounty.id}`} safe>
                  {`#${bounty.id}`}
                </a>
              </td>
              <td class="text-break">
                <a href={`/questions/${bounty.questionId}`} safe>
                  {bounty.questionTitle}
                </a>
              </td>
              <td class="text-end text-nowrap">
                <MoneyText ctx={ctx} amount={kind === 'offered' ? bounty.amount : bounty.recipientAmount} />
              </td>
              <td class="small text-nowrap">{stateLabel(ctx, bounty)}</td>
              <td class="small text-nowrap d-none d-md-table-cell">
                <Time ctx={ctx} date={bounty.startedAt} show="date" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Section(props: {
  ctx: BountyViewContext;
  kind: 'offered' | 'won';
  count: number;
  bounties: readonly MemberBounty[];
}) {
  const { ctx, kind, count, bounties } = props;
  const { t } = ctx;
  return (
    <section class="mb-4">
      <h2 class="h6">{t(kind === 'offered' ? 'bounty.profile.offered' : 'bounty.profile.won', { count })}</h2>
      {bounties.length === 0 ? (
        <p class="text-body-secondary" data-testid={`bounties-${kind}-empty`}>
          {t(kind === 'offered' ? 'bounty.profile.none_offered' : 'bounty.profile.none_won')}
        </p>
      ) : (
        <>
          <BountyTable ctx={ctx} bounties={bounties} kind={kind} />
          {count > bounties.length ? (
            <p class="small text-body-secondary">
              {t('bounty.profile.latest', { shown: bounties.length, count })}
            </p>
          ) : (
            ''
          )}
        </>
      )}
    </section>
  );
}

function BountiesTab(props: {
  ctx: BountyViewContext;
  counts: MemberBountyCounts;
  offered: readonly MemberBounty[];
  won: readonly MemberBounty[];
}) {
  const { ctx, counts } = props;
  return (
    <div data-testid="bounties-tab">
      <Section ctx={ctx} kind="offered" count={counts.offered} bounties={props.offered} />
      <Section ctx={ctx} kind="won" count={counts.won} bounties={props.won} />
    </div>
  );
}

/** The bounties tab: its label counts them (one query); open, the newest of each kind too. */
export const bountiesProfilePanel: ProfileTabPanel = {
  id: 'bounties.profile',
  tab: TAB,
  order: 30,
  async load({ ctx, member, tab }) {
    const open = tab === TAB;
    const now = ctx.clock.now();
    const listed = open ? await listMemberBounties(ctx, member.id) : undefined;
    const counts = listed?.counts ?? (await countMemberBounties(ctx, member.id));
    const tabs = (view: PageContext) => (
      <ProfileTab
        ctx={view}
        memberId={member.id}
        tab={TAB}
        current={open}
        label={view.t('bounty.profile.tab')}
        count={counts.offered + counts.won}
      />
    );
    if (!listed) return { tabs };
    return {
      tabs,
      tabPanel: (view) => (
        <BountiesTab
          ctx={{ ...view, now }}
          counts={listed.counts}
          offered={listed.offered}
          won={listed.won}
        />
      ),
    };
  },
};
