import type { Children } from '@kitajs/html';
import { formatMoney, isPositive, type Money, subtract, toDecimalString, zero } from '../money.js';
import { Alert } from './components.js';
import type { PageContext } from './page-context.js';

/** An amount in the reader's language ("¥50.00" / "CN¥50.00"), never wrapped; `signed` shows a "+". */
export function MoneyText(props: { amount: Money; ctx: PageContext; signed?: boolean; testid?: string }) {
  const text = formatMoney(props.amount, props.ctx.locale);
  const sign = props.signed && props.amount.amountMinor > 0 ? '+' : '';
  return (
    <span class="money text-nowrap" data-testid={props.testid} safe>
      {`${sign}${text}`}
    </span>
  );
}

/** Amounts side by side ("¥10.00 · $10.00"), or `empty` when there are none. */
export function MoneyList(props: { amounts: readonly Money[]; ctx: PageContext; empty?: Children }) {
  if (props.amounts.length === 0) return <>{props.empty ?? ''}</>;
  return (
    <>
      {props.amounts.map((amount, i) => (
        <>
          {i > 0 ? <span class="text-body-secondary"> · </span> : ''}
          <MoneyText amount={amount} ctx={props.ctx} />
        </>
      ))}
    </>
  );
}

export interface MoneyFieldProps {
  readonly ctx: PageContext;
  /** Prefix of the element ids (`<id>-amount`, `<id>-currency`, `<id>-help`, `<id>-error`). */
  readonly id: string;
  /** The amount input's name (`amount`, `price`); the select is always `currency`. */
  readonly name?: string;
  readonly label: string;
  readonly currencyLabel: string;
  readonly value: string;
  readonly currencies: readonly string[];
  readonly currency: string;
  /** Limits or balance under the input (already translated, escaped). */
  readonly help?: JSX.Element | undefined;
  readonly error?: string | undefined;
  readonly placeholder?: string | undefined;
  readonly testid?: string | undefined;
  readonly currencyTestid?: string | undefined;
  /** More columns in the same row (a submit button). */
  readonly children?: Children;
}

/**
 * The amount input of a money form: label, decimal input, currency select, help and the field's
 * error, tied together for screen readers; one row of the Bootstrap grid.
 */
export function MoneyField(props: MoneyFieldProps) {
  const name = props.name ?? 'amount';
  const amountId = `${props.id}-amount`;
  const help: JSX.Element = props.help ?? '';
  const described = [help ? `${props.id}-help` : '', props.error ? `${props.id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class="row g-2 mb-3 align-items-start money-field">
      <div class={props.children ? 'col-sm-5' : 'col-8'}>
        <label class="form-label" for={amountId} safe>
          {props.label}
        </label>
        <input
          class={`form-control${props.error ? ' is-invalid' : ''}`}
          id={amountId}
          name={name}
          inputmode="decimal"
          autocomplete="off"
          value={props.value}
          placeholder={props.placeholder}
          maxlength={30}
          required
          aria-describedby={described || undefined}
          aria-invalid={props.error ? 'true' : undefined}
          data-testid={props.testid}
        />
        {help ? (
          <div class="form-text" id={`${props.id}-help`}>
            {help}
          </div>
        ) : (
          ''
        )}
        {props.error ? (
          <div class="invalid-feedback" id={`${props.id}-error`} data-field-error={name} safe>
            {props.error}
          </div>
        ) : (
          ''
        )}
      </div>
      <div class={props.children ? 'col-sm-3' : 'col-4'}>
        <label class="form-label" for={`${props.id}-currency`} safe>
          {props.currencyLabel}
        </label>
        <select
          class="form-select"
          id={`${props.id}-currency`}
          name="currency"
          data-testid={props.currencyTestid}
        >
          {props.currencies.map((currency) => (
            <option value={currency} selected={currency === props.currency} safe>
              {currency}
            </option>
          ))}
        </select>
      </div>
      {props.children ?? ''}
    </div>
  );
}

/** The top-up form, filled in with `amount`, that comes back to `returnTo` once paid. */
export function topupHref(amount: Money, returnTo: string): string {
  const query = new URLSearchParams({
    amount: toDecimalString(amount),
    currency: amount.currency,
    next: returnTo,
  });
  return `/wallet/topup?${query.toString()}`;
}

/** What `price` lacks in `balances` (in its currency), or undefined when the wallet holds enough. */
export function shortfallOf(
  balances: readonly Money[],
  price: Money,
): { balance: Money; shortfall: Money } | undefined {
  const balance = balances.find((b) => b.currency === price.currency) ?? zero(price.currency);
  const shortfall = subtract(price, balance);
  return isPositive(shortfall) ? { balance, shortfall } : undefined;
}

/**
 * Not enough money for `price`: the balance, what is missing, and a top-up of exactly that which
 * returns to `returnTo` (the page of the action) once paid. Nothing when the balance suffices.
 */
export function ShortfallNotice(props: {
  ctx: PageContext;
  balances: readonly Money[];
  price: Money;
  returnTo: string;
}) {
  const { ctx } = props;
  const short = shortfallOf(props.balances, props.price);
  if (!short) return '';
  return (
    <Alert kind="warning">
      <div data-testid="shortfall" data-shortfall-minor={String(short.shortfall.amountMinor)}>
        <p class="mb-2">
          {ctx.t('money.shortfall', {
            balance: formatMoney(short.balance, ctx.locale),
            price: formatMoney(props.price, ctx.locale),
            shortfall: formatMoney(short.shortfall, ctx.locale),
          })}
        </p>
        <a
          class="btn btn-sm btn-primary"
          href={topupHref(short.shortfall, props.returnTo)}
          data-testid="shortfall-topup"
        >
          {ctx.t('money.shortfall_topup', { shortfall: formatMoney(short.shortfall, ctx.locale) })}
        </a>
      </div>
    </Alert>
  );
}
