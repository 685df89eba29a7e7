import type { Page } from '../../../platform/context.js';
import { formatMoney } from '../../../platform/money.js';
import { Alert } from '../../../platform/views/components.js';
import { Time } from '../../../platform/views/dates.js';
import { pageParam, withQuery } from '../../../platform/views/href.js';
import { Layout } from '../../../platform/views/layout.js';
import { MoneyText } from '../../../platform/views/money.js';
import { TabLinks } from '../../../platform/views/tabs.js';
import { formatNumber, Pagination } from '../../../platform/views/widgets.js';
import type { Bounty, FeaturedBounty, FeaturedSort } from '../bounties.repository.js';
import type { BountyDetails, BountyPanel } from '../bounties.service.js';
import { type BountyViewContext, Countdown, OfferForm, type OfferFormState } from './bounty-slots.js';

/** The bounty pages: the featured list, one bounty, and the offer form on a page of its own. */

export const FEATURED_SORTS: readonly FeaturedSort[] = ['amount', 'ending'];

export function featuredHref(sort: FeaturedSort, page = 1): string {
  return withQuery('/bounties', { sort: sort !== 'amount' ? sort : undefined, page: pageParam(page) });
}

/** A question's URL (the question page redirects to its canonical form with the slug). */
function questionHref(questionId: number): string {
  return `/questions/${questionId}`;
}

function FeaturedItem(props: { ctx: BountyViewContext; bounty: FeaturedBounty }) {
  const { ctx, bounty } = props;
  return (
    <li class="list-group-item d-flex gap-3 align-items-start" data-bounty-id={String(bounty.id)}>
      <a
        class="badge text-bg-primary fs-6 text-decoration-none bounty-amount"
        href={`/bounties/${bounty.id}`}
        data-testid="featured-amount"
        safe
      >
        {`+${formatMoney(bounty.amount, ctx.locale)}`}
      </a>
      <div class="flex-grow-1">
        <h2 class="h6 mb-1">
          <a href={questionHref(bounty.questionId)} safe>
            {bounty.questionTitle}
          </a>
        </h2>
        <div class="small text-body-secondary d-flex flex-wrap gap-3">
          <Countdown ctx={ctx} bounty={bounty} />
          <span>{ctx.t('bounty.answers', { n: formatNumber(bounty.answerCount, ctx.locale) })}</span>
          <span>{ctx.t('bounty.offered_by', { name: bounty.offererName })}</span>
        </div>
      </div>
    </li>
  );
}

/** `/bounties`: questions with open bounties, largest first or ending first. */
export function FeaturedPage(props: {
  ctx: BountyViewContext;
  list: Page<FeaturedBounty>;
  sort: FeaturedSort;
}) {
  const { ctx, list } = props;
  return (
    <Layout ctx={ctx} title={ctx.text('bounty.featured.title')}>
      <div class="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-2">
        <h1 class="h3 mb-0">{ctx.t('bounty.featured.title')}</h1>
        <TabLinks
          label={ctx.text('bounty.sort.label')}
          options={FEATURED_SORTS}
          current={props.sort}
          href={(sort) => featuredHref(sort)}
          text={(sort) => ctx.t(`bounty.sort.${sort}`)}
          marker="sort"
        />
      </div>
      <p class="text-body-secondary">{ctx.t('bounty.featured.intro')}</p>
      {list.items.length === 0 ? (
        <p class="lead py-4 text-center" data-testid="featured-empty">
          {ctx.t('bounty.featured.empty')}
        </p>
      ) : (
        <ul class="list-group mb-3" data-testid="featured-list">
          {list.items.map((bounty) => (
            <FeaturedItem ctx={ctx} bounty={bounty} />
          ))}
        </ul>
      )}
      <Pagination ctx={ctx} list={list} hrefFor={(page) => featuredHref(props.sort, page)} />
    </Layout>
  );
}

/** A bounty's state in words ("In grace period" while an open bounty is past its running days). */
export function stateLabel(ctx: BountyViewContext, bounty: Bounty): JSX.Element {
  if (bounty.state !== 'open') return ctx.t(`bounty.state.${bounty.state}`);
  return ctx.t(ctx.now < bounty.endsAt ? 'bounty.state.open' : 'bounty.state.grace');
}

/** `/bounties/:id`: the bounty's state and, once settled, who received what. */
export function BountyPage(props: {
  ctx: BountyViewContext;
  details: BountyDetails;
  alert?: string | undefined;
}) {
  const { ctx } = props;
  const { bounty, question } = props.details;
  const { currency } = bounty.amount;
  const row = (label: JSX.Element, value: JSX.Element | string, testid: string) => (
    <tr>
      <th scope="row">{label}</th>
      <td data-testid={testid}>{value}</td>
    </tr>
  );
  return (
    <Layout ctx={ctx} title={ctx.text('bounty.detail.title', { id: bounty.id })}>
      {props.alert ? (
        <Alert kind="danger">
          <span safe>{props.alert}</span>
        </Alert>
      ) : (
        ''
      )}
      <h1 class="h3">{ctx.t('bounty.detail.title', { id: bounty.id })}</h1>
      <table class="table w-auto" data-testid="bounty-details" data-state={bounty.state}>
        <tbody>
          {row(
            ctx.t('bounty.detail.question'),
            <a href={questionHref(question.id)} safe>
              {question.title}
            </a>,
            'bounty-question',
          )}
          {row(
            ctx.t('bounty.detail.amount'),
            <MoneyText ctx={ctx} amount={bounty.amount} />,
            'bounty-amount',
          )}
          {row(ctx.t('bounty.detail.state'), stateLabel(ctx, bounty), 'bounty-state')}
          {row(ctx.t('bounty.detail.started'), <Time ctx={ctx} date={bounty.startedAt} />, 'bounty-started')}
          {row(ctx.t('bounty.detail.ends'), <Time ctx={ctx} date={bounty.endsAt} />, 'bounty-ends')}
          {row(
            ctx.t('bounty.detail.grace_ends'),
            <>
              <Time ctx={ctx} date={bounty.graceEndsAt} />{' '}
              {bounty.state === 'open' ? (
                <small class="text-body-secondary">
                  (<Countdown ctx={ctx} bounty={bounty} />)
                </small>
              ) : (
                ''
              )}
            </>,
            'bounty-grace',
          )}
          {bounty.settledAt
            ? [
                row(
                  ctx.t('bounty.detail.settled'),
                  <Time ctx={ctx} date={bounty.settledAt} />,
                  'bounty-settled-at',
                ),
                bounty.awardedAnswerId !== null
                  ? row(
                      ctx.t('bounty.detail.answer'),
                      <a href={`${questionHref(question.id)}#answer-${bounty.awardedAnswerId}`} safe>
                        {`#${bounty.awardedAnswerId}`}
                      </a>,
                      'bounty-answer',
                    )
                  : '',
                row(
                  ctx.t('bounty.detail.recipient'),
                  <MoneyText ctx={ctx} amount={bounty.recipientAmount} />,
                  'bounty-recipient',
                ),
                row(
                  ctx.t('bounty.detail.fee'),
                  <MoneyText ctx={ctx} amount={{ amountMinor: bounty.fee.amountMinor, currency }} />,
                  'bounty-fee',
                ),
                row(
                  ctx.t('bounty.detail.refund'),
                  <MoneyText ctx={ctx} amount={bounty.refund} />,
                  'bounty-refund',
                ),
              ]
            : ''}
        </tbody>
      </table>
      <p>
        <a href={questionHref(question.id)}>{ctx.t('bounty.offer.back')}</a>
      </p>
    </Layout>
  );
}

/** `/questions/:id/bounties/new`: the offer form on its own page (also where a refused offer comes back). */
export function OfferPage(props: {
  ctx: BountyViewContext;
  question: { id: number; title: string };
  panel: BountyPanel;
  form?: OfferFormState | undefined;
}) {
  const { ctx, question, panel, form } = props;
  return (
    <Layout ctx={ctx} title={ctx.text('bounty.offer.title')}>
      <p>
        <a href={questionHref(question.id)}>{ctx.t('bounty.offer.back')}</a>
      </p>
      <h1 class="h3">{ctx.t('bounty.offer.title')}</h1>
      <p class="lead" safe>
        {question.title}
      </p>
      {form?.message ? (
        <Alert kind="danger">
          <span safe>{form.message}</span>
        </Alert>
      ) : (
        ''
      )}
      <p class="text-body-secondary">{ctx.t('bounty.offer.help')}</p>
      <p class="small text-body-secondary">{ctx.t('bounty.banner.rules')}</p>
      <OfferForm
        ctx={ctx}
        questionId={question.id}
        balances={panel.balances}
        bounds={panel.bounds}
        form={form}
      />
    </Layout>
  );
}
