import { AppError, ConflictError } from '../../platform/http/errors.js';
import {
  abs,
  add,
  isZero,
  MAX_AMOUNT_MINOR,
  type Money,
  MoneyError,
  signedMoney,
  totalsByCurrency,
} from '../../platform/money.js';
import { ACCOUNT_KINDS, type AccountKind, onNormalSide } from './ledger.chart.js';

/** Pure checks of a posting: its key, its kind, its amounts, whether it balances, what it does to balances. */

const KEY = /^[\x21-\x7e]{1,200}$/;
const KIND = /^[a-z][a-z_]{0,39}$/;
export const MAX_MEMO_LENGTH = 500;

/**
 * What a statement line says about a transaction, as data: `what` names the message
 * (`statement.<what>` in the catalogues, or a module's statement-line renderer), the other fields
 * are its named parameters. Rendered when shown, in the reader's language.
 */
export interface StatementFacts {
  readonly what: string;
  readonly [param: string]: string | number;
}

const WHAT = /^[a-z][a-z_]{0,39}(\.[a-z][a-z_]{0,39})?$/;
const PARAM = /^[a-zA-Z][a-zA-Z0-9]{0,39}$/;

/** The facts, if `what` is spelled like a key and every parameter is a short string or safe integer; else a 422 ledger.invalid_facts. */
export function checkStatementFacts(facts: unknown): StatementFacts {
  const invalid = () => new AppError(422, 'ledger.invalid_facts');
  if (typeof facts !== 'object' || facts === null || Array.isArray(facts)) throw invalid();
  const entries = Object.entries(facts);
  if (entries.length > 8 || typeof (facts as { what?: unknown }).what !== 'string') throw invalid();
  if (!WHAT.test((facts as { what: string }).what)) throw invalid();
  for (const [name, value] of entries) {
    if (!PARAM.test(name)) throw invalid();
    const ok =
      (typeof value === 'string' && value.length <= 100) ||
      (typeof value === 'number' && Number.isSafeInteger(value));
    if (!ok) throw invalid();
  }
  return { ...(facts as StatementFacts) };
}

/** The key, if it is 1–200 printable ASCII characters (no spaces); else a 422 ledger.idempotency_key_invalid. */
export function checkIdempotencyKey(key: unknown): string {
  if (typeof key !== 'string' || !KEY.test(key)) throw new AppError(422, 'ledger.idempotency_key_invalid');
  return key;
}

/** The kind, if spelled like one (lower case and underscores); else a 422 ledger.invalid_kind. */
export function checkTransactionKind<K extends string>(kind: K): K {
  if (typeof kind !== 'string' || !KIND.test(kind)) throw new AppError(422, 'ledger.invalid_kind');
  return kind;
}

/**
 * Checks every entry amount (a whole, non-zero, safe number of minor units in a known currency,
 * at most MAX_AMOUNT_MINOR either way) and that they sum to zero per currency; throws the first
 * problem as a 422 (money.*, ledger.too_few_entries, ledger.unbalanced).
 */
export function checkEntryAmounts(amounts: readonly Money[]): Money[] {
  if (!Array.isArray(amounts) || amounts.length < 2) throw new AppError(422, 'ledger.too_few_entries');
  const checked = amounts.map((amount) => {
    if (typeof amount !== 'object' || amount === null) throw new MoneyError('money.invalid_amount');
    const value = signedMoney(amount.amountMinor, amount.currency);
    if (value.amountMinor === 0) throw new MoneyError('money.not_positive');
    if (abs(value).amountMinor > MAX_AMOUNT_MINOR) throw new MoneyError('money.too_large');
    return value;
  });
  // Each |amount| ≤ 10^12, so even thousands of entries sum to a safe integer.
  for (const total of totalsByCurrency(checked)) {
    if (!isZero(total)) {
      throw new AppError(422, 'ledger.unbalanced', {
        params: { currency: total.currency, total: total.amountMinor },
      });
    }
  }
  return checked;
}

/** One line of a posting, once its account is known. */
export interface PlannedEntry {
  readonly accountId: number;
  readonly amount: Money;
}

function entryKey(entry: PlannedEntry): string {
  return `${entry.accountId}:${entry.amount.currency}:${entry.amount.amountMinor}`;
}

/** True when both lists hold the same entries, in any order: what makes a repeat "the same request". */
export function sameEntries(a: readonly PlannedEntry[], b: readonly PlannedEntry[]): boolean {
  if (a.length !== b.length) return false;
  const left = a.map(entryKey).sort();
  const right = b.map(entryKey).sort();
  return left.every((key, i) => key === right[i]);
}

/** What the posting needs to know about an account it touches. */
export interface AccountState {
  readonly id: number;
  readonly kind: AccountKind;
  readonly balance: Money;
}

/**
 * The balances the accounts will have after the entries, or a 409 wallet.insufficient_funds if an
 * account that may not go negative would, even between two of its entries (the database applies
 * them one by one and checks each). An entry in another currency than its account's is a 422
 * ledger.account_currency_mismatch.
 */
export function applyEntries(
  accounts: ReadonlyMap<number, AccountState>,
  entries: readonly PlannedEntry[],
): Map<number, Money> {
  const after = new Map<number, Money>();
  for (const entry of entries) {
    const account = accounts.get(entry.accountId);
    if (!account) throw new AppError(422, 'ledger.unknown_account');
    if (account.balance.currency !== entry.amount.currency) {
      throw new AppError(422, 'ledger.account_currency_mismatch', {
        params: { currency: account.balance.currency },
      });
    }
    const current = after.get(account.id) ?? account.balance;
    const next = add(
      current,
      onNormalSide(account.kind, signedMoney(entry.amount.amountMinor, entry.amount.currency)),
    );
    if (!ACCOUNT_KINDS[account.kind].mayGoNegative && next.amountMinor < 0) {
      throw new ConflictError('wallet.insufficient_funds');
    }
    after.set(account.id, next);
  }
  return after;
}
