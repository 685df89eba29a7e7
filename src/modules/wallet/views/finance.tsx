import type { Page } from '../../../platform/context.js';
import type { MessageKey } from '../../../platform/i18n/index.js';
import { formatMoney, isNegative, isPositive, negate } from '../../../platform/money.js';
import { CsrfField, IdempotencyField } from '../../../platform/views/components.js';
import { Time } from '../../../platform/views/dates.js';
import { pageParam, withQuery } from '../../../platform/views/href.js';
import { Layout } from '../../../platform/views/layout.js';
import { MoneyText } from '../../../platform/views/money.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { TabLinks } from '../../../platform/views/tabs.js';
import { Pagination } from '../../../platform/views/widgets.js';
import type { JournalTransaction, TrialBalance } from '../../ledger/index.js';
import type { GatewayOrder, Reconciliation } from '../../payments/index.js';
import { describeReconciliationProblem, gatewayLabel, orderStatusLabel } from '../finance.present.js';
import type { PayoutWithMember } from '../payouts.repository.js';
import { accountKindLabel, type RenderStatementLine, transactionKindLabel } from '../statement.present.js';
import { StatementLineText } from './statement-line.js';
import { PayoutStatus } from './wallet-page.js';

/** Admin finance pages: trial balance, journal, one transaction, payouts to review, orders, reconciliation. */

const sections = ['overview', 'journal', 'payouts', 'orders', 'reconciliation'] as const;
type Section = (typeof sections)[number];
const sectionLinks: Record<Section, { href: string; label: MessageKey }> = {
  overview: { href: '/admin/finance', label: 'finance.trial_balance' },
  journal: { href: '/admin/finance/journal', label: 'finance.journal' },
  payouts: { href: '/admin/finance/payouts', label: 'finance.payouts' },
  orders: { href: '/admin/finance/orders', label: 'finance.orders' },
  reconciliation: { href: '/admin/finance/reconciliation', label: 'finance.reconciliation' },
};

function FinanceNav(props: { ctx: PageContext; section: Section }) {
  const { ctx } = props;
  return (
    <>
      <h1 class="h3">{ctx.t('finance.title')}</h1>
      <TabLinks
        kind="tabs"
        options={sections}
        current={props.section}
        href={(section) => sectionLinks[section].href}
        text={(section) => ctx.t(sectionLinks[section].label)}
      />
    </>
  );
}

export function TrialBalancePage(props: { ctx: PageContext; trial: TrialBalance }) {
  const { ctx, trial } = props;
  return (
    <Layout ctx={ctx} title={ctx.text('finance.trial_balance')}>
      <FinanceNav ctx={ctx} section="overview" />
      <p data-testid="trial-balanced" data-balanced={String(trial.balanced)}>
        {trial.balanced ? (
          <span class="badge text-bg-success">{ctx.t('finance.balanced')}</span>
        ) : (
          <span class="badge text-bg-danger">{ctx.t('finance.unbalanced')}</span>
        )}
      </p>
      <table class="table table-sm w-auto" data-testid="trial-balance">
        <thead>
          <tr>
            <th scope="col">{ctx.t('wallet.filter.currency')}</th>
            <th scope="col" class="text-end">
              {ctx.t('finance.debits')}
            </th>
            <th scope="col" class="text-end">
              {ctx.t('finance.credits')}
            </th>
          </tr>
        </thead>
        <tbody>
          {trial.totals.map((line) => (
            <tr>
              <td>{line.currency}</td>
              <td class="text-end">
                <MoneyText amount={line.debits} ctx={ctx} />
              </td>
              <td class="text-end">
                <MoneyText amount={line.credits} ctx={ctx} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

function EntriesTable(props: { ctx: PageContext; transaction: JournalTransaction }) {
  const { ctx } = props;
  return (
    <table class="table table-sm mb-0">
      <tbody>
        {props.transaction.entries.map((entry) => (
          <tr>
            <td class="small">
              <a href={`/admin/finance/journal?account=${entry.accountId}`} safe>
                {`#${entry.accountId} ${accountKindLabel(entry.accountKind, ctx.text)}`}
              </a>
              {entry.ref ? (
                <>
                  {' '}
                  <code class="small" safe>
                    {entry.ref}
                  </code>
                </>
              ) : (
                ''
              )}
              {entry.ownerUserId === null ? (
                ''
              ) : (
                <>
                  {' '}
                  <a href={`/admin/finance/journal?member=${entry.ownerUserId}`}>@{entry.ownerUserId}</a>
                </>
              )}
            </td>
            <td class="text-end small">
              {isPositive(entry.amount) ? <MoneyText amount={entry.amount} ctx={ctx} /> : ''}
            </td>
            <td class="text-end small">
              {isNegative(entry.amount) ? <MoneyText amount={negate(entry.amount)} ctx={ctx} /> : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface JournalFilterValues {
  readonly kind?: string | undefined;
  readonly account?: string | undefined;
  readonly member?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export function JournalPage(props: {
  ctx: PageContext;
  journal: Page<JournalTransaction> | undefined;
  filters: JournalFilterValues;
  renderers: readonly RenderStatementLine[];
  error?: string | undefined;
}) {
  const { ctx, journal, filters } = props;
  const input = (name: keyof JournalFilterValues, label: JSX.Element, type = 'text') => (
    <div class="col-auto">
      <label class="form-label small" for={`journal-${name}`}>
        {label}
      </label>
      <input
        class="form-control form-control-sm"
        type={type}
        id={`journal-${name}`}
        name={name}
        value={filters[name] ?? ''}
      />
    </div>
  );
  return (
    <Layout ctx={ctx} title={ctx.text('finance.journal')}>
      <FinanceNav ctx={ctx} section="journal" />
      <form method="get" action="/admin/finance/journal" class="row g-2 align-items-end mb-3">
        {input('kind', ctx.t('wallet.filter.kind'))}
        {input('account', ctx.t('finance.account'), 'number')}
        {input('member', ctx.t('finance.member'), 'number')}
        {input('from', ctx.t('wallet.filter.from'), 'date')}
        {input('to', ctx.t('wallet.filter.to'), 'date')}
        <div class="col-auto">
          <button class="btn btn-sm btn-secondary" type="submit">
            {ctx.t('wallet.filter.apply')}
          </button>
        </div>
      </form>
      {props.error ? (
        <div class="alert alert-danger" role="alert" safe>
          {props.error}
        </div>
      ) : (
        ''
      )}
      {journal ? (
        <>
          <table class="table table-sm align-top" data-testid="journal">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{ctx.t('wallet.col.time')}</th>
                <th scope="col">{ctx.t('wallet.col.kind')}</th>
                <th scope="col">{ctx.t('finance.entries')}</th>
              </tr>
            </thead>
            <tbody>
              {journal.items.map((tx) => (
                <tr id={`tx-${tx.id}`}>
                  <td>
                    <a href={`/admin/finance/journal/${tx.id}`}>{tx.id}</a>
                  </td>
                  <td class="small text-nowrap">
                    <Time ctx={ctx} date={tx.createdAt} />
                  </td>
                  <td>
                    <span data-kind={tx.kind} safe>
                      {transactionKindLabel(tx.kind, ctx.text)}
                    </span>
                    <div class="small text-body-secondary" data-testid="journal-details">
                      <StatementLineText ctx={ctx} line={tx} renderers={props.renderers} />
                    </div>
                  </td>
                  <td>
                    <EntriesTable ctx={ctx} transaction={tx} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pagination
            ctx={ctx}
            list={journal}
            hrefFor={(page) => withQuery('/admin/finance/journal', { ...filters, page: pageParam(page) })}
          />
        </>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function TransactionPage(props: {
  ctx: PageContext;
  transaction: JournalTransaction;
  renderers: readonly RenderStatementLine[];
}) {
  const { ctx, transaction: tx } = props;
  return (
    <Layout ctx={ctx} title={`${ctx.text('finance.transaction')} #${tx.id}`}>
      <FinanceNav ctx={ctx} section="journal" />
      <h2 class="h5" safe>
        {`${ctx.text('finance.transaction')} #${tx.id} · ${transactionKindLabel(tx.kind, ctx.text)}`}
      </h2>
      <dl class="row small">
        <dt class="col-sm-3">{ctx.t('wallet.col.time')}</dt>
        <dd class="col-sm-9">
          <Time ctx={ctx} date={tx.createdAt} />
        </dd>
        <dt class="col-sm-3">{ctx.t('finance.idempotency_key')}</dt>
        <dd class="col-sm-9">
          <code safe>{tx.idempotencyKey}</code>
        </dd>
        <dt class="col-sm-3">{ctx.t('wallet.col.memo')}</dt>
        <dd class="col-sm-9" data-testid="transaction-details">
          <StatementLineText ctx={ctx} line={tx} renderers={props.renderers} empty="—" />
        </dd>
        {tx.reversesTransactionId ? (
          <>
            <dt class="col-sm-3">{ctx.t('finance.reverses')}</dt>
            <dd class="col-sm-9">
              <a href={`/admin/finance/journal/${tx.reversesTransactionId}`} data-testid="reverses">
                #{tx.reversesTransactionId}
              </a>
            </dd>
          </>
        ) : (
          ''
        )}
        {tx.reversedById ? (
          <>
            <dt class="col-sm-3">{ctx.t('finance.reversed_by')}</dt>
            <dd class="col-sm-9">
              <a href={`/admin/finance/journal/${tx.reversedById}`} data-testid="reversed-by">
                #{tx.reversedById}
              </a>
            </dd>
          </>
        ) : (
          ''
        )}
      </dl>
      <h3 class="h6">
        {ctx.t('finance.entries')} ({ctx.t('finance.debits')} / {ctx.t('finance.credits')})
      </h3>
      <EntriesTable ctx={ctx} transaction={tx} />
    </Layout>
  );
}

export function AdminPayoutsPage(props: {
  ctx: PageContext;
  payouts: Page<PayoutWithMember>;
  status: string | undefined;
  newKey: () => string;
  notice?: string | undefined;
  /** The payout whose approval is being confirmed (the step between "Approve…" and sending). */
  confirm?: number | undefined;
}) {
  const { ctx } = props;
  const listQuery = (extra: Record<string, string>) =>
    withQuery('/admin/finance/payouts', {
      ...extra,
      status: props.status,
      page: pageParam(props.payouts.page),
    });
  const confirming = props.payouts.items.find(
    (payout) => payout.id === props.confirm && payout.status === 'requested',
  );
  // Approving goes through the confirmation above; rejecting sends nothing, so it is one step.
  const rejectForm = (payout: PayoutWithMember) => (
    <form method="post" action={`/admin/finance/payouts/${payout.id}/reject`} class="d-inline">
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="idempotencyKey" value={props.newKey()} />
      <button class="btn btn-sm btn-outline-danger" type="submit" data-testid={`reject-${payout.id}`}>
        {ctx.t('finance.reject')}
      </button>
    </form>
  );
  return (
    <Layout ctx={ctx} title={ctx.text('finance.payouts')}>
      <FinanceNav ctx={ctx} section="payouts" />
      {props.notice ? (
        <div class="alert alert-info" role="status" safe>
          {props.notice}
        </div>
      ) : (
        ''
      )}
      {confirming ? (
        <ConfirmApproval
          ctx={ctx}
          payout={confirming}
          idempotencyKey={props.newKey()}
          cancel={listQuery({})}
        />
      ) : (
        ''
      )}
      <p class="small">
        {(['requested', 'approved', 'paid', 'failed', 'rejected'] as const).map((status) => (
          <>
            <a
              class={props.status === status ? 'fw-bold me-2' : 'me-2'}
              href={`/admin/finance/payouts?status=${status}`}
            >
              {ctx.t(`payout.status.${status}`)}
            </a>
          </>
        ))}
        <a href="/admin/finance/payouts">{ctx.t('wallet.filter.any')}</a>
      </p>
      <table class="table table-sm align-middle" data-testid="admin-payouts">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{ctx.t('finance.member')}</th>
            <th scope="col">{ctx.t('payout.field.destination')}</th>
            <th scope="col" class="text-end">
              {ctx.t('wallet.col.amount')}
            </th>
            <th scope="col">{ctx.t('payout.col.status')}</th>
            <th scope="col"></th>
          </tr>
        </thead>
        <tbody>
          {props.payouts.items.map((payout) => (
            <tr id={`payout-${payout.id}`}>
              <td>
                <a href={`/admin/finance/journal/${payout.requestTransactionId}`}>{payout.id}</a>
              </td>
              <td>
                <a href={`/users/${payout.userId}`} safe>
                  {payout.username}
                </a>
              </td>
              <td class="small" safe>{`${payout.gateway}: ${payout.destination}`}</td>
              <td class="text-end">
                <MoneyText amount={payout.amount} ctx={ctx} />
              </td>
              <td>
                <PayoutStatus ctx={ctx} status={payout.status} />
                {payout.failure ? (
                  <div class="small text-danger" safe>
                    {payout.failure}
                  </div>
                ) : (
                  ''
                )}
              </td>
              <td class="text-nowrap">
                {payout.status === 'requested' ? (
                  <>
                    <a
                      class="btn btn-sm btn-success"
                      href={`${listQuery({ confirm: String(payout.id) })}#confirm`}
                      data-testid={`approve-${payout.id}`}
                    >
                      {ctx.t('finance.approve_review')}
                    </a>{' '}
                    {rejectForm(payout)}
                  </>
                ) : (
                  ''
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination
        ctx={ctx}
        list={props.payouts}
        hrefFor={(page) =>
          withQuery('/admin/finance/payouts', { status: props.status, page: pageParam(page) })
        }
      />
    </Layout>
  );
}

export function OrdersPage(props: { ctx: PageContext; orders: Page<GatewayOrder> }) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={ctx.text('finance.orders')}>
      <FinanceNav ctx={ctx} section="orders" />
      <table class="table table-sm align-middle" data-testid="orders">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{ctx.t('finance.reference')}</th>
            <th scope="col">{ctx.t('finance.member')}</th>
            <th scope="col">{ctx.t('payments.order.gateway')}</th>
            <th scope="col" class="text-end">
              {ctx.t('wallet.col.amount')}
            </th>
            <th scope="col">{ctx.t('payout.col.status')}</th>
            <th scope="col">{ctx.t('finance.transaction')}</th>
          </tr>
        </thead>
        <tbody>
          {props.orders.items.map((order) => (
            <tr id={`order-${order.id}`}>
              <td>{order.id}</td>
              <td class="small">
                <code safe>{order.reference}</code>
              </td>
              <td safe>{order.username}</td>
              <td safe>{gatewayLabel(order.gateway, ctx.text)}</td>
              <td class="text-end">
                <MoneyText amount={order.amount} ctx={ctx} />
              </td>
              <td data-status={order.status} safe>
                {orderStatusLabel(order.status, ctx.text)}
              </td>
              <td>
                {order.ledgerTransactionId ? (
                  <a href={`/admin/finance/journal/${order.ledgerTransactionId}`}>
                    #{order.ledgerTransactionId}
                  </a>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination ctx={ctx} list={props.orders} hrefFor={(page) => `/admin/finance/orders?page=${page}`} />
    </Layout>
  );
}

export function ReconciliationPage(props: { ctx: PageContext; report: Reconciliation }) {
  const { ctx, report } = props;
  return (
    <Layout ctx={ctx} title={ctx.text('finance.reconciliation')}>
      <FinanceNav ctx={ctx} section="reconciliation" />
      <p>
        {ctx.t('finance.reconciliation.checked', {
          orders: report.ordersChecked,
          topups: report.topupsChecked,
        })}
      </p>
      {report.problems.length === 0 ? (
        <div class="alert alert-success" role="status" data-testid="reconciled">
          {ctx.t('finance.reconciliation.clean')}
        </div>
      ) : (
        <table class="table table-sm" data-testid="differences">
          <thead>
            <tr>
              <th scope="col">{ctx.t('finance.reconciliation.problem')}</th>
              <th scope="col">{ctx.t('finance.orders')}</th>
              <th scope="col">{ctx.t('finance.transaction')}</th>
              <th scope="col">{ctx.t('wallet.col.memo')}</th>
            </tr>
          </thead>
          <tbody>
            {report.problems.map((problem) => (
              <tr>
                <td data-problem={problem.problem}>{ctx.t(`finance.problem.${problem.problem}`)}</td>
                <td>{problem.orderId === null ? '—' : problem.orderId}</td>
                <td>
                  {problem.transactionId === null ? (
                    '—'
                  ) : (
                    <a href={`/admin/finance/journal/${problem.transactionId}`}>#{problem.transactionId}</a>
                  )}
                </td>
                <td class="small" safe>
                  {describeReconciliationProblem(problem, ctx.text, ctx.locale)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

/** The confirmation step of an approval: what goes where, for whom; then the one form that sends it. */
function ConfirmApproval(props: {
  ctx: PageContext;
  payout: PayoutWithMember;
  idempotencyKey: string;
  cancel: string;
}) {
  const { ctx, payout } = props;
  const amount = formatMoney(payout.amount, ctx.locale);
  return (
    <section class="card border-warning mb-3" id="confirm" data-testid={`confirm-${payout.id}`}>
      <div class="card-body">
        <h2 class="h5">{ctx.t('finance.approve_confirm_title', { id: payout.id })}</h2>
        <p>
          {ctx.t('finance.approve_confirm_text', {
            amount,
            member: payout.username,
            destination: payout.destination,
            gateway: payout.gateway,
          })}
        </p>
        <form method="post" action={`/admin/finance/payouts/${payout.id}/approve`} class="d-flex gap-2">
          <CsrfField token={ctx.csrfToken} />
          <IdempotencyField value={props.idempotencyKey} />
          <button class="btn btn-success" type="submit" data-testid={`confirm-approve-${payout.id}`}>
            {ctx.t('finance.approve_confirm_submit', { amount })}
          </button>
          <a class="btn btn-outline-secondary" href={props.cancel}>
            {ctx.t('finance.cancel')}
          </a>
        </form>
      </div>
    </section>
  );
}
