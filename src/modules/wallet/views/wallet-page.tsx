import type { Page } from '../../../platform/context.js';
import { CURRENCIES, type Money, zero } from '../../../platform/money.js';
import { Alert, CsrfField } from '../../../platform/views/components.js';
import { Time } from '../../../platform/views/dates.js';
import { Layout } from '../../../platform/views/layout.js';
import { MoneyField, MoneyList, MoneyText } from '../../../platform/views/money.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { Pagination } from '../../../platform/views/widgets.js';
import type { StatementLine } from '../../ledger/index.js';
import type { PayoutState } from '../payout.states.js';
import type { Payout } from '../payouts.repository.js';
import { type RenderStatementLine, transactionKindLabel } from '../statement.present.js';
import { filtersQuery, type RawStatementFilters, STATEMENT_KINDS } from '../statement.rules.js';
import { StatementLineText } from './statement-line.js';

/** The wallet page (balances and statement) and the payouts page (request form and list). */

/** One statement filter: a labelled select whose first choice is "any". */
function FilterSelect(props: {
  ctx: PageContext;
  name: string;
  label: string;
  invalid: boolean;
  options: ReadonlyArray<{ value: string; label: string; selected: boolean }>;
}) {
  const id = `filter-${props.name}`;
  return (
    <div class="col-auto">
      <label class="form-label small" for={id} safe>
        {props.label}
      </label>
      <select
        class={`form-select form-select-sm${props.invalid ? ' is-invalid' : ''}`}
        id={id}
        name={props.name}
      >
        <option value="">{props.ctx.t('wallet.filter.any')}</option>
        {props.options.map((option) => (
          <option value={option.value} selected={option.selected} safe>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** An empty wallet holds ¥0.00 (the default currency), not "nothing". */
function balancesOrZero(balances: readonly Money[]): Money[] {
  return balances.length > 0 ? [...balances] : [zero('CNY')];
}

function AmountsList(props: { ctx: PageContext; items: Money[]; testid: string }) {
  if (props.items.length === 0) return <span class="text-body-secondary">—</span>;
  return (
    <ul class="list-unstyled mb-0" data-testid={props.testid}>
      {props.items.map((amount) => (
        <li>
          <MoneyText amount={amount} ctx={props.ctx} />
        </li>
      ))}
    </ul>
  );
}

export interface WalletPageProps {
  readonly ctx: PageContext;
  readonly wallet: { balances: Money[]; held: Money[]; pendingPayouts: Money[] };
  readonly statement: Page<StatementLine> | undefined;
  readonly filters: RawStatementFilters;
  /** How lines are said: the modules' renderers (ledger's statement-line slot), then the catalogue. */
  readonly renderers: readonly RenderStatementLine[];
  readonly fieldErrors?: Record<string, string>;
}

/** The balances, held money and payouts on their way, one card each. */
function BalanceCards(props: { ctx: PageContext; wallet: WalletPageProps['wallet'] }) {
  const { ctx, wallet } = props;
  const card = (title: JSX.Element, items: Money[], testid: string, help?: JSX.Element) => (
    <div class="col-md-4">
      <div class="card h-100">
        <div class="card-body">
          <h2 class="h6 card-title">{title}</h2>
          <AmountsList ctx={ctx} items={items} testid={testid} />
          {help ? <p class="small text-body-secondary mb-0 mt-2">{help}</p> : ''}
        </div>
      </div>
    </div>
  );
  return (
    <div class="row g-3 mb-4">
      {card(ctx.t('wallet.balance'), balancesOrZero(wallet.balances), 'wallet-balances')}
      {card(ctx.t('wallet.held'), wallet.held, 'wallet-held', ctx.t('wallet.held_help'))}
      {card(ctx.t('wallet.pending_payouts'), wallet.pendingPayouts, 'wallet-pending-payouts')}
    </div>
  );
}

/** A date filter of the statement, with its error. */
function DateFilter(props: {
  ctx: PageContext;
  name: 'from' | 'to';
  value: string | undefined;
  error: string | undefined;
}) {
  const id = `filter-${props.name}`;
  return (
    <div class="col-auto">
      <label class="form-label small" for={id}>
        {props.ctx.t(props.name === 'from' ? 'wallet.filter.from' : 'wallet.filter.to')}
      </label>
      <input
        class={`form-control form-control-sm${props.error ? ' is-invalid' : ''}`}
        type="date"
        id={id}
        name={props.name}
        value={props.value ?? ''}
      />
      {props.error ? (
        <div class="invalid-feedback" data-field-error={props.name} safe>
          {props.error}
        </div>
      ) : (
        ''
      )}
    </div>
  );
}

/** The page's zone for the CSV link when its dates are filtered, so the file holds the lines the page shows. */
function csvZone(ctx: PageContext, filters: RawStatementFilters): Record<string, string> {
  return (filters.from?.trim() || filters.to?.trim()) && ctx.timeZone !== 'UTC'
    ? { timeZone: ctx.timeZone }
    : {};
}

/** The statement's filter form (a GET, so it works without JS) and the CSV link for the same filters. */
function StatementFilterForm(props: {
  ctx: PageContext;
  filters: RawStatementFilters;
  fieldErrors: Record<string, string>;
}) {
  const { ctx, filters, fieldErrors } = props;
  const selectedKinds = (filters.kind ?? '').split(',').map((k) => k.trim());
  return (
    <form method="get" action="/wallet" class="row g-2 align-items-end mb-3" data-testid="statement-filters">
      <FilterSelect
        ctx={ctx}
        name="kind"
        label={ctx.text('wallet.filter.kind')}
        invalid={Boolean(fieldErrors.kind)}
        options={STATEMENT_KINDS.map((kind) => ({
          value: kind,
          label: ctx.text(`wallet.kind.${kind}`),
          selected: selectedKinds.includes(kind),
        }))}
      />
      <FilterSelect
        ctx={ctx}
        name="currency"
        label={ctx.text('wallet.filter.currency')}
        invalid={Boolean(fieldErrors.currency)}
        options={(['CNY', 'USD'] as const).map((currency) => ({
          value: currency,
          label: currency,
          selected: filters.currency?.toUpperCase() === currency,
        }))}
      />
      <DateFilter ctx={ctx} name="from" value={filters.from} error={fieldErrors.from} />
      <DateFilter ctx={ctx} name="to" value={filters.to} error={fieldErrors.to} />
      <div class="col-auto">
        <button class="btn btn-sm btn-secondary" type="submit">
          {ctx.t('wallet.filter.apply')}
        </button>
      </div>
      <div class="col-auto">
        <a
          class="btn btn-sm btn-outline-secondary"
          href={`/api/v1/wallet/entries.csv${filtersQuery(filters, csvZone(ctx, filters))}`}
          data-testid="statement-csv"
          download="statement.csv"
        >
          {ctx.t('wallet.csv')}
        </a>
      </div>
    </form>
  );
}

/** One statement line: time, kind, what it was (in the reader's language), amount, balance after. */
function StatementRow(props: {
  ctx: PageContext;
  line: StatementLine;
  renderers: readonly RenderStatementLine[];
}) {
  const { ctx, line } = props;
  return (
    <tr id={`entry-${line.id}`} data-kind={line.kind}>
      <td class="text-nowrap small">
        <Time ctx={ctx} date={line.createdAt} />
      </td>
      <td safe>{transactionKindLabel(line.kind, ctx.text)}</td>
      <td class="small text-body-secondary" data-testid="statement-details">
        <StatementLineText ctx={ctx} line={line} renderers={props.renderers} />
      </td>
      <td class={`text-end ${line.amount.amountMinor < 0 ? 'text-danger' : 'text-success'}`}>
        <MoneyText amount={line.amount} ctx={ctx} signed />
      </td>
      <td class="text-end">
        <MoneyText amount={line.balanceAfter} ctx={ctx} />
      </td>
    </tr>
  );
}

function StatementTable(props: {
  ctx: PageContext;
  lines: readonly StatementLine[];
  renderers: readonly RenderStatementLine[];
}) {
  const { t } = props.ctx;
  if (props.lines.length === 0) {
    return (
      <p class="text-body-secondary" data-testid="statement-empty">
        {t('wallet.statement.empty')}
      </p>
    );
  }
  return (
    <div class="table-responsive">
      <table class="table table-sm align-middle" data-testid="statement">
        <thead>
          <tr>
            <th scope="col">{t('wallet.col.time')}</th>
            <th scope="col">{t('wallet.col.kind')}</th>
            <th scope="col">{t('wallet.col.memo')}</th>
            <th scope="col" class="text-end">
              {t('wallet.col.amount')}
            </th>
            <th scope="col" class="text-end">
              {t('wallet.col.balance_after')}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.lines.map((line) => (
            <StatementRow ctx={props.ctx} line={line} renderers={props.renderers} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function WalletPage({
  ctx,
  wallet,
  statement,
  filters,
  renderers,
  fieldErrors = {},
}: WalletPageProps) {
  const { t, text } = ctx;
  return (
    <Layout ctx={ctx} title={text('wallet.title')}>
      <div class="d-flex flex-wrap align-items-center gap-2 mb-3">
        <h1 class="h3 me-auto mb-0">{t('wallet.title')}</h1>
        <a class="btn btn-primary" href="/wallet/topup" data-testid="wallet-topup">
          {t('wallet.topup')}
        </a>
        <a class="btn btn-outline-primary" href="/wallet/payouts" data-testid="wallet-payout">
          {t('wallet.payout')}
        </a>
      </div>
      <BalanceCards ctx={ctx} wallet={wallet} />
      <h2 class="h5">{t('wallet.statement')}</h2>
      <StatementFilterForm ctx={ctx} filters={filters} fieldErrors={fieldErrors} />
      {Object.keys(fieldErrors).length > 0 ? <Alert kind="danger">{t('request.invalid')}</Alert> : ''}
      {statement ? (
        <>
          <StatementTable ctx={ctx} lines={statement.items} renderers={renderers} />
          <Pagination
            ctx={ctx}
            list={statement}
            hrefFor={(page) => `/wallet${filtersQuery(filters, { page })}`}
          />
        </>
      ) : (
        ''
      )}
    </Layout>
  );
}

/** A payout's state as a badge. */
export function PayoutStatus(props: { ctx: PageContext; status: PayoutState }) {
  const colour: Record<PayoutState, string> = {
    requested: 'text-bg-secondary',
    approved: 'text-bg-info',
    paid: 'text-bg-success',
    failed: 'text-bg-danger',
    rejected: 'text-bg-warning',
  };
  return (
    <span class={`badge ${colour[props.status]}`} data-status={props.status}>
      {props.ctx.t(`payout.status.${props.status}`)}
    </span>
  );
}

export interface PayoutFormState {
  readonly values: { amount: string; currency: string; gateway: string; destination: string };
  readonly fieldErrors?: Record<string, string>;
  readonly message?: string | undefined;
}

export interface PayoutsPageProps {
  readonly ctx: PageContext;
  readonly balances: Money[];
  readonly gateways: readonly string[];
  readonly minimums: readonly Money[];
  readonly payouts: Payout[];
  readonly idempotencyKey: string;
  readonly form?: PayoutFormState;
  readonly notice?: string | undefined;
}

export function PayoutsPage(props: PayoutsPageProps) {
  const { ctx, form } = props;
  const { t, text } = ctx;
  const errors = form?.fieldErrors ?? {};
  const values = form?.values ?? {
    amount: '',
    currency: 'CNY',
    gateway: props.gateways[0] ?? '',
    destination: '',
  };
  const invalid = (name: string) => (errors[name] ? ' is-invalid' : '');
  const error = (name: string) =>
    errors[name] ? (
      <div class="invalid-feedback" data-field-error={name} safe>
        {errors[name]}
      </div>
    ) : (
      ''
    );
  return (
    <Layout ctx={ctx} title={text('payout.title')}>
      <p>
        <a href="/wallet">{t('wallet.back')}</a>
      </p>
      <h1 class="h3">{t('payout.title')}</h1>
      {props.notice ? (
        <Alert kind="success">
          <span safe>{props.notice}</span>
        </Alert>
      ) : (
        ''
      )}
      {form?.message ? (
        <Alert kind="danger">
          <span safe>{form.message}</span>
        </Alert>
      ) : (
        ''
      )}
      <div class="row g-4">
        <div class="col-lg-5">
          <p class="text-body-secondary" data-testid="payout-balances">
            {t('wallet.balance')}: <MoneyList ctx={ctx} amounts={balancesOrZero(props.balances)} />
          </p>
          <p class="small text-body-secondary" data-testid="payout-minimums">
            {t('payout.minimum')} <MoneyList ctx={ctx} amounts={props.minimums} />
          </p>
          {props.gateways.length === 0 ? (
            <Alert kind="warning">{t('payout.no_gateways')}</Alert>
          ) : (
            <form method="post" action="/wallet/payouts" data-testid="payout-form" novalidate>
              <CsrfField token={ctx.csrfToken} />
              <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
              <MoneyField
                ctx={ctx}
                id="payout"
                label={text('payout.field.amount')}
                currencyLabel={text('payout.field.currency')}
                value={values.amount}
                currencies={Object.keys(CURRENCIES)}
                currency={values.currency}
                error={errors.amount}
                testid="payout-amount"
              />
              <div class="mb-3">
                <label class="form-label" for="payout-gateway">
                  {t('payout.field.gateway')}
                </label>
                <select class={`form-select${invalid('gateway')}`} id="payout-gateway" name="gateway">
                  {props.gateways.map((gateway) => (
                    <option value={gateway} selected={values.gateway === gateway} safe>
                      {gateway}
                    </option>
                  ))}
                </select>
                {error('gateway')}
              </div>
              <div class="mb-3">
                <label class="form-label" for="payout-destination">
                  {t('payout.field.destination')}
                </label>
                <input
                  class={`form-control${invalid('destination')}`}
                  id="payout-destination"
                  name="destination"
                  maxlength={200}
                  value={values.destination}
                  aria-describedby="payout-destination-help"
                  required
                />
                <div class="form-text" id="payout-destination-help">
                  {t('payout.field.destination_help')}
                </div>
                {error('destination')}
              </div>
              <button class="btn btn-primary" type="submit">
                {t('payout.submit')}
              </button>
            </form>
          )}
        </div>
        <div class="col-lg-7">
          <h2 class="h5">{t('payout.mine')}</h2>
          {props.payouts.length === 0 ? (
            <p class="text-body-secondary">{t('payout.none')}</p>
          ) : (
            <table class="table table-sm" data-testid="payout-list">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t('wallet.col.time')}</th>
                  <th scope="col">{t('payout.field.destination')}</th>
                  <th scope="col" class="text-end">
                    {t('wallet.col.amount')}
                  </th>
                  <th scope="col">{t('payout.col.status')}</th>
                </tr>
              </thead>
              <tbody>
                {props.payouts.map((payout) => (
                  <tr id={`payout-${payout.id}`}>
                    <td>{payout.id}</td>
                    <td class="small text-nowrap">
                      <Time ctx={ctx} date={payout.createdAt} />
                    </td>
                    <td class="small" safe>{`${payout.gateway}: ${payout.destination}`}</td>
                    <td class="text-end">
                      <MoneyText amount={payout.amount} ctx={ctx} />
                    </td>
                    <td>
                      <PayoutStatus ctx={ctx} status={payout.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </Layout>
  );
}
