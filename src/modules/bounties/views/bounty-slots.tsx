import { randomUUID } from 'node:crypto';
import type { Panel } from '../../../platform/extensions/index.js';
import { formatMoney, type Money, parseAmount, toDecimalString } from '../../../platform/money.js';
import { CsrfField } from '../../../platform/views/components.js';
import { fullDateTime, instantTitle, utcInstant } from '../../../platform/views/dates.js';
import { MoneyField, ShortfallNotice } from '../../../platform/views/money.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type {
  QuestionListInput,
  QuestionListRegions,
  QuestionPageInput,
  QuestionPageRegions,
} from '../../questions/index.js';
import { PrivilegeNeeded } from '../../reputation/index.js';
import type { Bounty } from '../bounties.repository.js';
import { type BountyPanel, bountyPanel, openBountiesByQuestion } from '../bounties.service.js';
import { countdownTarget, formatTimeLeft, timeLeft } from '../bounty.present.js';

/**
 * What other modules' pages show of bounties: the badge in question lists, the banner on the
 * question page (with the offer form) and the award button on each answer. They reach those pages
 * through questions' extension points (the panels at the end of this file); each panel makes its
 * query (openBountiesByQuestion, bountyPanel) once per page.
 */

/** The page context plus "now", for countdowns. */
export interface BountyViewContext extends PageContext {
  readonly now: Date;
}

/** "3d 4h left" / "in grace, 5h 12m left", as a <time> of the deadline it counts down to. */
export function Countdown(props: { ctx: BountyViewContext; bounty: Pick<Bounty, 'endsAt' | 'graceEndsAt'> }) {
  const { ctx } = props;
  const { phase, until } = countdownTarget(props.bounty, ctx.now);
  const time = formatTimeLeft(timeLeft(until, ctx.now), ctx.locale);
  const text =
    phase === 'due'
      ? ctx.text('bounty.ending_now')
      : ctx.text(phase === 'grace' ? 'bounty.grace_left' : 'bounty.time_left', { time });
  return (
    <time
      class={`bounty-countdown${phase === 'running' ? '' : ' text-danger'}`}
      datetime={until.toISOString()}
      title={instantTitle(until, ctx)}
      data-phase={phase}
      data-testid="bounty-countdown"
      safe
    >
      {text}
    </time>
  );
}

/**
 * The countdown, refreshed every minute by htmx (the route answers with this same element, so the
 * polling goes on) until the bounty is due or settled; without JS it is as of the page load.
 */
export function LiveCountdown(props: { ctx: BountyViewContext; bounty: Bounty }) {
  const { bounty } = props;
  const live = bounty.state === 'open' && countdownTarget(bounty, props.ctx.now).phase !== 'due';
  return (
    <span
      class="bounty-live"
      id={`bounty-countdown-${bounty.id}`}
      hx-get={live ? `/bounties/${bounty.id}/countdown` : undefined}
      hx-trigger={live ? 'every 60s' : undefined}
      hx-swap={live ? 'outerHTML' : undefined}
    >
      <Countdown ctx={props.ctx} bounty={bounty} />
    </span>
  );
}

/** "+¥50.00" beside a question in a list, when it has an open bounty. */
export function BountyBadge(props: { ctx: PageContext; bounty: Bounty | undefined }) {
  const { ctx, bounty } = props;
  if (!bounty) return '';
  const amount = formatMoney(bounty.amount, ctx.locale);
  return (
    <a
      class="badge text-bg-primary bounty-badge text-decoration-none"
      href={`/bounties/${bounty.id}`}
      title={ctx.text('bounty.badge_label', { amount })}
      data-testid="bounty-badge"
      safe
    >
      {`+${amount}`}
    </a>
  );
}

/** The values and problems of an offer form shown again after a refusal. */
export interface OfferFormState {
  readonly values: { readonly amount: string; readonly currency: string };
  readonly fieldErrors?: Readonly<Record<string, string>>;
  readonly message?: string | undefined;
}

/** Amount and currency (of the member's wallet), posting to /questions/:id/bounties. */
export function OfferForm(props: {
  ctx: PageContext;
  questionId: number;
  balances: readonly Money[];
  bounds: { minMinor: number; maxMinor: number };
  form?: OfferFormState | undefined;
}) {
  const { ctx, balances } = props;
  if (balances.length === 0) {
    return (
      <p class="mb-0" data-testid="bounty-no-money">
        {ctx.t('bounty.offer.no_money')}{' '}
        <a href={`/wallet/topup?next=${encodeURIComponent(`/questions/${props.questionId}/bounties/new`)}`}>
          {ctx.t('bounty.offer.top_up')}
        </a>
      </p>
    );
  }
  const first = balances[0] as Money;
  const values = props.form?.values ?? { amount: '', currency: first.currency };
  const error = props.form?.fieldErrors?.amount;
  const currency = balances.find((b) => b.currency === values.currency) ?? first;
  const bound = (amountMinor: number) =>
    formatMoney({ amountMinor, currency: currency.currency }, ctx.locale);
  const typed = values.amount ? parseAmount(values.amount, currency.currency) : undefined;
  const returnTo = `/questions/${props.questionId}/bounties/new?${new URLSearchParams(values).toString()}`;
  return (
    <>
      {typed?.ok && !error ? (
        <ShortfallNotice ctx={ctx} balances={balances} price={typed.value} returnTo={returnTo} />
      ) : (
        ''
      )}
      <form
        method="post"
        action={`/questions/${props.questionId}/bounties`}
        class="bounty-offer-form"
        data-testid="bounty-offer-form"
        novalidate
      >
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="idempotencyKey" value={randomUUID()} />
        <MoneyField
          ctx={ctx}
          id={`bounty-${props.questionId}`}
          label={ctx.text('bounty.offer.amount')}
          currencyLabel={ctx.text('bounty.offer.currency')}
          value={values.amount}
          currencies={balances.map((balance) => balance.currency)}
          currency={currency.currency}
          placeholder={toDecimalString({ amountMinor: props.bounds.minMinor, currency: currency.currency })}
          help={ctx.t('bounty.offer.bounds', {
            min: bound(props.bounds.minMinor),
            max: bound(props.bounds.maxMinor),
          })}
          error={error}
          testid="bounty-offer-amount"
        >
          <div class="col-sm-4">
            <div class="form-label d-none d-sm-block invisible" aria-hidden="true">
              &nbsp;
            </div>
            <button class="btn btn-primary w-100" type="submit" data-testid="bounty-offer-submit">
              {ctx.t('bounty.offer.submit')}
            </button>
          </div>
        </MoneyField>
        <p class="form-text mb-0" data-testid="bounty-balances">
          {balances.map((balance) => (
            <span class="me-2">
              {ctx.t('bounty.offer.balance', { amount: formatMoney(balance, ctx.locale) })}
            </span>
          ))}
        </p>
      </form>
    </>
  );
}

function SettledSummary(props: { ctx: BountyViewContext; bounty: Bounty }) {
  const { ctx, bounty } = props;
  const amount = formatMoney(bounty.amount, ctx.locale);
  const net = formatMoney(bounty.recipientAmount, ctx.locale);
  const refund = formatMoney(bounty.refund, ctx.locale);
  const key =
    bounty.state === 'awarded'
      ? 'bounty.banner.awarded'
      : bounty.state === 'auto_awarded'
        ? 'bounty.banner.auto_awarded'
        : 'bounty.banner.refunded';
  return (
    <p class="mb-0" data-testid="bounty-settled" data-state={bounty.state}>
      {ctx.t(key, { amount, net, refund })}{' '}
      {bounty.awardedAnswerId !== null ? (
        <a href={`#answer-${bounty.awardedAnswerId}`}>{ctx.t('bounty.banner.see_answer')}</a>
      ) : (
        ''
      )}{' '}
      <a href={`/bounties/${bounty.id}`}>{ctx.t('bounty.banner.details')}</a>
    </p>
  );
}

/**
 * The question page's bounty section: the open bounty (amount, who, countdown, the rules), or the
 * last settled one, and the offer form for a member who may offer one. Empty when there is nothing.
 */
export function BountyBanner(props: { ctx: BountyViewContext; panel: BountyPanel | undefined }) {
  const { ctx, panel } = props;
  if (!panel || (!panel.bounty && !panel.canOffer && !panel.offerLack)) return '';
  const open = panel.bounty?.state === 'open' ? panel.bounty : null;
  const deadline = open && (panel.phase === 'running' ? open.endsAt : open.graceEndsAt);
  return (
    <section id="bounty" class="bounty-banner card border-primary mb-3" data-testid="bounty-banner">
      <div class="card-body">
        {open ? (
          <div data-state={panel.phase ?? 'open'} data-testid="bounty-open">
            <h2 class="h5 card-title d-flex flex-wrap gap-2 align-items-baseline">
              <span>{ctx.t('bounty.banner.title', { amount: formatMoney(open.amount, ctx.locale) })}</span>
              <span class="badge text-bg-primary">
                {ctx.t(panel.phase === 'running' ? 'bounty.state.open' : 'bounty.state.grace')}
              </span>
              <small class="text-body-secondary">
                <LiveCountdown ctx={ctx} bounty={open} />
              </small>
            </h2>
            <p class="mb-1" title={deadline && panel.phase !== 'due' ? utcInstant(deadline) : undefined}>
              {panel.phase === 'due'
                ? ctx.t('bounty.banner.due')
                : ctx.t(panel.phase === 'running' ? 'bounty.banner.running' : 'bounty.banner.grace', {
                    name: panel.offererName ?? '',
                    date: deadline ? fullDateTime(deadline, ctx) : '',
                  })}
            </p>
            <p class="small text-body-secondary mb-0">{ctx.t('bounty.banner.rules')}</p>
          </div>
        ) : panel.bounty ? (
          <SettledSummary ctx={ctx} bounty={panel.bounty} />
        ) : (
          ''
        )}
        {panel.canOffer ? (
          <details class={panel.bounty ? 'mt-3' : ''} data-testid="bounty-offer">
            <summary class="fw-semibold">{ctx.t('bounty.offer.title')}</summary>
            <p class="small text-body-secondary mt-2">{ctx.t('bounty.offer.help')}</p>
            <OfferForm
              ctx={ctx}
              questionId={panel.questionId}
              balances={panel.balances}
              bounds={panel.bounds}
            />
          </details>
        ) : panel.offerLack ? (
          <PrivilegeNeeded ctx={ctx} lack={panel.offerLack} class={panel.bounty ? 'mt-3 mb-0' : 'mb-0'} />
        ) : (
          ''
        )}
      </div>
    </section>
  );
}

/** "Award bounty" on an answer, for the offerer while the bounty can be awarded to it. */
export function AwardBountyButton(props: {
  ctx: PageContext;
  panel: BountyPanel | undefined;
  answerId: number;
}) {
  const { ctx, panel } = props;
  const bounty = panel?.bounty;
  if (!panel || !bounty || !panel.awardable.has(props.answerId)) return '';
  return (
    <form
      method="post"
      action={`/bounties/${bounty.id}/award`}
      class="bounty-award mt-2"
      data-confirm={ctx.text('bounty.award.confirm', { amount: formatMoney(bounty.amount, ctx.locale) })}
      data-testid="bounty-award-form"
    >
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="idempotencyKey" value={randomUUID()} />
      <input type="hidden" name="answerId" value={String(props.answerId)} />
      <button class="btn btn-sm btn-primary" type="submit">
        {ctx.t('bounty.award.submit')}
      </button>
    </form>
  );
}

/** The question page's panel: the banner (with the offer form) and the award button on answers. */
export const bountyQuestionPanel: Panel<QuestionPageInput, QuestionPageRegions> = {
  id: 'bounties.question',
  order: 10,
  async load({ ctx, actor, question, answers }) {
    // The page's question and answers: the award buttons go on those answers, so they are enough.
    const panel = await bountyPanel(ctx, actor, question.id, { question, answers });
    return {
      banner: (view) => <BountyBanner ctx={view} panel={panel} />,
      answerActions: (view, answer) => <AwardBountyButton ctx={view} panel={panel} answerId={answer.id} />,
    };
  },
};

/** The badge of an open bounty in question lists: one query for the whole list. */
export const bountyListPanel: Panel<QuestionListInput, QuestionListRegions> = {
  id: 'bounties.badge',
  order: 10,
  async load({ ctx, questionIds }) {
    const bounties = await openBountiesByQuestion(ctx, questionIds);
    if (bounties.size === 0) return undefined;
    return { badge: (view, questionId) => <BountyBadge ctx={view} bounty={bounties.get(questionId)} /> };
  },
};
