import { type MessageKey, textOr } from '../../../platform/i18n/index.js';
import { formatMoney, type Money, toDecimalString } from '../../../platform/money.js';
import { Alert, CsrfField, IdempotencyField } from '../../../platform/views/components.js';
import { Time } from '../../../platform/views/dates.js';
import { Layout } from '../../../platform/views/layout.js';
import { MoneyField } from '../../../platform/views/money.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { GatewayName } from '../gateway.port.js';
import type { PaymentOrder, PaymentRefund } from '../payments.repository.js';

const statusClass: Record<PaymentOrder['status'], string> = {
  created: 'text-bg-warning',
  paid: 'text-bg-success',
  failed: 'text-bg-danger',
  expired: 'text-bg-secondary',
  refunded: 'text-bg-info',
};

function StatusBadge(props: { ctx: PageContext; status: PaymentOrder['status'] }) {
  return (
    <span class={`badge ${statusClass[props.status]}`} data-testid="order-status" data-status={props.status}>
      {props.ctx.t(`payments.status.${props.status}` as MessageKey)}
    </span>
  );
}

export interface TopupFormState {
  readonly values?: { amount?: string; currency?: string; gateway?: string };
  readonly fieldErrors?: Readonly<Record<string, string>>;
  readonly message?: string | undefined;
}

export interface TopupPageProps {
  readonly ctx: PageContext;
  readonly gateways: ReadonlyArray<{ name: GatewayName; currencies: readonly string[] }>;
  readonly min: Money;
  readonly max: Money;
  readonly idempotencyKey: string;
  /** The page to come back to once paid (a path of this site). */
  readonly returnTo?: string | undefined;
  readonly form?: TopupFormState;
}

/** /wallet/topup: amount, currency and gateway; posts, then the browser goes to the gateway. */
export function TopupPage(props: TopupPageProps) {
  const { ctx, form } = props;
  const values = form?.values ?? {};
  const errors = form?.fieldErrors ?? {};
  const currencies = [...new Set(props.gateways.flatMap((gateway) => gateway.currencies))];
  const chosenGateway = values.gateway ?? props.gateways[0]?.name;
  return (
    <Layout ctx={ctx} title={ctx.text('payments.topup.title')}>
      <div class="row justify-content-center">
        <div class="col-md-8 col-lg-6">
          <h1 class="h3 mb-3">{ctx.t('payments.topup.title')}</h1>
          <p class="text-body-secondary">{ctx.t('payments.topup.intro')}</p>
          {form?.message ? (
            <Alert kind="danger">
              <span safe>{form.message}</span>
            </Alert>
          ) : (
            ''
          )}
          {props.gateways.length === 0 ? (
            <Alert kind="warning">{ctx.t('payments.topup.none')}</Alert>
          ) : (
            <form method="post" action="/wallet/topup" novalidate data-testid="topup-form">
              <CsrfField token={ctx.csrfToken} />
              <IdempotencyField value={props.idempotencyKey} />
              {props.returnTo ? <input type="hidden" name="next" value={props.returnTo} /> : ''}
              <MoneyField
                ctx={ctx}
                id="topup"
                label={ctx.text('payments.topup.amount')}
                currencyLabel={ctx.text('payments.topup.currency')}
                value={values.amount ?? ''}
                currencies={currencies}
                currency={values.currency ?? currencies[0] ?? ''}
                help={ctx.t('payments.topup.limits', {
                  min: formatMoney(props.min, ctx.locale),
                  max: formatMoney(props.max, ctx.locale),
                })}
                error={errors.amount}
                testid="topup-amount"
                currencyTestid="topup-currency"
              />
              <fieldset class="mb-3">
                <legend class="form-label fs-6">{ctx.t('payments.topup.gateway')}</legend>
                {props.gateways.map((gateway) => (
                  <div class="form-check">
                    <input
                      class={`form-check-input${errors.gateway ? ' is-invalid' : ''}`}
                      type="radio"
                      name="gateway"
                      id={`gateway-${gateway.name}`}
                      value={gateway.name}
                      checked={chosenGateway === gateway.name}
                      data-testid={`gateway-${gateway.name}`}
                    />
                    <label class="form-check-label" for={`gateway-${gateway.name}`}>
                      <span safe>{textOr(ctx.text, `payments.gateway.${gateway.name}`, gateway.name)}</span>{' '}
                      <span class="text-body-secondary small" safe>
                        {`(${gateway.currencies.join(', ')})`}
                      </span>
                    </label>
                  </div>
                ))}
                {errors.gateway ? (
                  <div class="invalid-feedback d-block" data-field-error="gateway" safe>
                    {errors.gateway}
                  </div>
                ) : (
                  ''
                )}
              </fieldset>
              <button class="btn btn-primary" type="submit" data-testid="topup-submit">
                {ctx.t('payments.topup.submit')}
              </button>
              <a class="btn btn-link" href="/wallet">
                {ctx.t('payments.topup.back_to_wallet')}
              </a>
            </form>
          )}
        </div>
      </div>
    </Layout>
  );
}

export interface OrderPageProps {
  readonly ctx: PageContext;
  readonly order: PaymentOrder;
  readonly refunds: readonly PaymentRefund[];
  readonly refundable: Money;
  readonly idempotencyKey: string;
  readonly notice?: string | undefined;
  readonly error?: string | undefined;
  /** The page the top-up was for (a path of this site): a "continue" button once paid. */
  readonly returnTo?: string | undefined;
}

function statusMessage(ctx: PageContext, order: PaymentOrder): JSX.Element {
  const amount = formatMoney({ amountMinor: order.amountMinor, currency: order.currency }, ctx.locale);
  switch (order.status) {
    case 'paid':
      return <Alert kind="success">{ctx.t('payments.order.paid_message', { amount })}</Alert>;
    case 'failed':
      return <Alert kind="danger">{ctx.t('payments.order.failed_message')}</Alert>;
    case 'expired':
      return <Alert kind="warning">{ctx.t('payments.order.expired_message')}</Alert>;
    case 'refunded':
      return <Alert kind="info">{ctx.t('payments.order.refunded_message')}</Alert>;
    default:
      return <Alert kind="info">{ctx.t('payments.order.waiting_message')}</Alert>;
  }
}

/** /wallet/topups/:id: where the gateway sends the payer back; the order's state, its refunds. */
export function OrderPage(props: OrderPageProps) {
  const { ctx, order } = props;
  const amount: Money = { amountMinor: order.amountMinor, currency: order.currency };
  return (
    <Layout ctx={ctx} title={ctx.text('payments.order.title', { reference: order.reference })}>
      <h1 class="h3 mb-3">{ctx.t('payments.order.title', { reference: order.reference })}</h1>
      {props.notice ? (
        <Alert kind="success">
          <span safe>{props.notice}</span>
        </Alert>
      ) : (
        ''
      )}
      {props.error ? (
        <Alert kind="danger">
          <span safe>{props.error}</span>
        </Alert>
      ) : (
        ''
      )}
      {statusMessage(ctx, order)}
      {props.returnTo && order.status === 'paid' ? (
        <p>
          <a class="btn btn-primary" href={props.returnTo} data-testid="order-continue">
            {ctx.t('payments.order.continue')}
          </a>
        </p>
      ) : (
        ''
      )}
      <dl class="row" data-testid="order-details">
        <dt class="col-sm-3">{ctx.t('payments.order.status')}</dt>
        <dd class="col-sm-9">
          <StatusBadge ctx={ctx} status={order.status} />
        </dd>
        <dt class="col-sm-3">{ctx.t('payments.order.amount')}</dt>
        <dd class="col-sm-9" data-testid="order-amount" safe>
          {formatMoney(amount, ctx.locale)}
        </dd>
        <dt class="col-sm-3">{ctx.t('payments.order.gateway')}</dt>
        <dd class="col-sm-9" safe>
          {textOr(ctx.text, `payments.gateway.${order.gateway}`, order.gateway)}
        </dd>
        <dt class="col-sm-3">{ctx.t('payments.order.created_at')}</dt>
        <dd class="col-sm-9">
          <Time ctx={ctx} date={order.createdAt} />
        </dd>
        {order.refundedMinor > 0 ? (
          <>
            <dt class="col-sm-3">{ctx.t('payments.order.refunded_amount')}</dt>
            <dd class="col-sm-9" safe>
              {formatMoney({ amountMinor: order.refundedMinor, currency: order.currency }, ctx.locale)}
            </dd>
          </>
        ) : (
          ''
        )}
      </dl>
      <div class="d-flex gap-2 mb-4">
        {order.status === 'created' && order.payUrl ? (
          <a class="btn btn-primary" href={order.payUrl} data-testid="pay-now">
            {ctx.t('payments.order.pay_now')}
          </a>
        ) : (
          ''
        )}
        {order.status === 'created' ? (
          <a class="btn btn-outline-secondary" href={ctx.url}>
            {ctx.t('payments.order.refresh')}
          </a>
        ) : (
          ''
        )}
        <a class="btn btn-outline-primary" href="/wallet" data-testid="to-wallet">
          {ctx.t('payments.topup.back_to_wallet')}
        </a>
      </div>
      {props.refundable.amountMinor > 0 ? (
        <section class="mb-4" aria-labelledby="refund-heading">
          <h2 class="h5" id="refund-heading">
            {ctx.t('payments.refund.title')}
          </h2>
          <p class="text-body-secondary">
            {ctx.t('payments.refund.help', { max: formatMoney(props.refundable, ctx.locale) })}
          </p>
          <form method="post" action={`/wallet/topups/${order.id}/refunds`} class="row g-2 align-items-end">
            <CsrfField token={ctx.csrfToken} />
            <IdempotencyField value={props.idempotencyKey} />
            <div class="col-auto">
              <label class="form-label" for="refund-amount">
                {ctx.t('payments.refund.amount')}
              </label>
              <input
                class="form-control"
                id="refund-amount"
                name="amount"
                inputmode="decimal"
                value={toDecimalString(props.refundable)}
                maxlength={30}
              />
            </div>
            <div class="col-auto">
              <button class="btn btn-outline-danger" type="submit" data-testid="refund-submit">
                {ctx.t('payments.refund.submit')}
              </button>
            </div>
          </form>
        </section>
      ) : (
        ''
      )}
      {props.refunds.length > 0 ? (
        <section aria-labelledby="refunds-heading">
          <h2 class="h5" id="refunds-heading">
            {ctx.t('payments.refund.list')}
          </h2>
          <ul class="list-group" data-testid="refunds">
            {props.refunds.map((refund) => (
              <li class="list-group-item d-flex justify-content-between">
                <span safe>
                  {formatMoney({ amountMinor: refund.amountMinor, currency: refund.currency }, ctx.locale)}
                </span>
                <span>{ctx.t(`payments.refund.status.${refund.status}` as MessageKey)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

/** /wallet/topups: the member's orders. */
export function TopupListPage(props: { ctx: PageContext; orders: readonly PaymentOrder[] }) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={ctx.text('payments.list.title')}>
      <div class="d-flex justify-content-between align-items-center mb-3">
        <h1 class="h3 m-0">{ctx.t('payments.list.title')}</h1>
        <a class="btn btn-primary" href="/wallet/topup">
          {ctx.t('payments.list.new')}
        </a>
      </div>
      {props.orders.length === 0 ? (
        <p class="text-body-secondary">{ctx.t('payments.list.empty')}</p>
      ) : (
        <ul class="list-group" data-testid="topup-list">
          {props.orders.map((order) => (
            <li class="list-group-item d-flex justify-content-between align-items-center">
              <a href={`/wallet/topups/${order.id}`} safe>
                {order.reference}
              </a>
              <span safe>
                {formatMoney({ amountMinor: order.amountMinor, currency: order.currency }, ctx.locale)}
              </span>
              <StatusBadge ctx={ctx} status={order.status} />
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
