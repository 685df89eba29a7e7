import { type Locale, type Translate, textOr } from '../../platform/i18n/index.js';
import { formatMoney, type Money } from '../../platform/money.js';
import type { AmountToMember, ReconciliationProblem } from '../payments/index.js';
import { transactionKindLabel } from './statement.present.js';

/**
 * Admin finance words from data: a gateway order's status and gateway, and what a reconciliation
 * difference is about (`facts`, rendered in the reader's language from the catalogue).
 */

/** An order's status ("Paid", "已支付"); an unknown one as it is spelled. */
export function orderStatusLabel(status: string, text: Translate): string {
  return textOr(text, `payments.status.${status}`, status);
}

/** A gateway's name ("Alipay", "支付宝"); an unknown one as it is spelled. */
export function gatewayLabel(gateway: string, text: Translate): string {
  return textOr(text, `payments.gateway.${gateway}`, gateway);
}

/** "¥50.00 to member #7", with the member's number left out when the account has no owner. */
function amountTo(value: AmountToMember, text: Translate, locale: Locale): string {
  const amount = formatMoney(value.amount, locale);
  return value.memberId === null
    ? amount
    : text('finance.problem_detail.amount_to_member', { amount, member: value.memberId });
}

function amountVia(value: { amount: Money; gateway: string }, text: Translate, locale: Locale): string {
  return text('finance.problem_detail.amount_via', {
    amount: formatMoney(value.amount, locale),
    gateway: gatewayLabel(value.gateway, text),
  });
}

/** What a reconciliation difference is about, in the reader's language. */
export function describeReconciliationProblem(
  problem: ReconciliationProblem,
  text: Translate,
  locale: Locale,
): string {
  switch (problem.problem) {
    case 'paid_order_without_transaction':
    case 'unpaid_order_with_transaction':
      return text('finance.problem_detail.status', { status: orderStatusLabel(problem.facts.status, text) });
    case 'transaction_not_a_topup':
      return problem.facts.kind === null
        ? text('finance.problem_detail.transaction_missing')
        : text('finance.problem_detail.kind', { kind: transactionKindLabel(problem.facts.kind, text) });
    case 'amount_mismatch':
      return text('finance.problem_detail.order_and_ledger', {
        order: amountTo(problem.facts.order, text, locale),
        ledger: problem.facts.credited
          ? amountTo(problem.facts.credited, text, locale)
          : text('finance.problem_detail.no_wallet_credit'),
      });
    case 'gateway_mismatch':
      return text('finance.problem_detail.order_and_ledger', {
        order: amountVia(problem.facts.order, text, locale),
        ledger: problem.facts.cleared
          ? amountVia(problem.facts.cleared, text, locale)
          : text('finance.problem_detail.no_clearing_entry'),
      });
    case 'topup_without_order':
      return problem.facts.credited
        ? amountTo(problem.facts.credited, text, locale)
        : text('finance.problem_detail.no_wallet_credit');
  }
}
