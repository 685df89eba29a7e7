import { formatMoney } from '../../../platform/money.js';
import { Alert, CsrfField } from '../../../platform/views/components.js';
import { Layout } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { DEV_CASHIER_PATH, DEV_MERCHANT, type DevCheckout } from '../gateways/dev.gateway.js';

/** The dev gateway's cashier: pay, fail or abandon one checkout (no real money). */
export function CashierPage(props: {
  ctx: PageContext;
  checkout: DevCheckout;
  token: string;
  expired: boolean;
}) {
  const { ctx, checkout } = props;
  const amount = formatMoney(checkout.amount, ctx.locale);
  return (
    <Layout ctx={ctx} title={ctx.text('payments.cashier.title')}>
      <div class="row justify-content-center">
        <div class="col-md-7 col-lg-5">
          <div class="card shadow-sm" data-testid="dev-cashier">
            <div class="card-body">
              <h1 class="h4 card-title">{ctx.t('payments.cashier.title')}</h1>
              <Alert kind="warning">{ctx.t('payments.cashier.notice')}</Alert>
              <dl class="row mb-3">
                <dt class="col-5">{ctx.t('payments.cashier.merchant')}</dt>
                <dd class="col-7">{DEV_MERCHANT}</dd>
                <dt class="col-5">{ctx.t('payments.cashier.order')}</dt>
                <dd class="col-7 text-break" safe>
                  {checkout.subject}
                </dd>
                <dt class="col-5">{ctx.t('payments.cashier.amount')}</dt>
                <dd class="col-7 fs-5 fw-semibold" data-testid="cashier-amount" safe>
                  {amount}
                </dd>
              </dl>
              {props.expired ? (
                <Alert kind="danger">{ctx.t('payments.cashier.expired')}</Alert>
              ) : (
                <form
                  method="post"
                  action={`${DEV_CASHIER_PATH}/${checkout.reference}/pay`}
                  class="d-grid gap-2"
                >
                  <CsrfField token={ctx.csrfToken} />
                  <input type="hidden" name="t" value={props.token} />
                  <button
                    class="btn btn-success"
                    type="submit"
                    name="outcome"
                    value="paid"
                    data-testid="cashier-pay"
                  >
                    {ctx.t('payments.cashier.pay', { amount })}
                  </button>
                  <button
                    class="btn btn-outline-danger"
                    type="submit"
                    name="outcome"
                    value="failed"
                    data-testid="cashier-fail"
                  >
                    {ctx.t('payments.cashier.fail')}
                  </button>
                </form>
              )}
              <a class="btn btn-link w-100 mt-2" href={checkout.returnPath} data-testid="cashier-abandon">
                {ctx.t('payments.cashier.abandon')}
              </a>
            </div>
          </div>
        </div>
      </div>
    </Layout>
  );
}
