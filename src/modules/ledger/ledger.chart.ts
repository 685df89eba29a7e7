import { type Currency, type Money, negate } from '../../platform/money.js';

/**
 * The chart of accounts: every kind of ledger account, what it is in accounting terms, and
 * which side its balance sits on. Mirrors the `ledger_accounts_chart` CHECK in migrations/0005.
 */

export type AccountType = 'asset' | 'liability' | 'income';
export type NormalBalance = 'debit' | 'credit';

export interface AccountKindInfo {
  readonly type: AccountType;
  /** Debit-normal balances grow with debits (positive entries); credit-normal ones with credits. */
  readonly normalBalance: NormalBalance;
  /** False: the database refuses any posting that would take the balance below zero. */
  readonly mayGoNegative: boolean;
  /** True: the account belongs to a member (owner_user_id set). */
  readonly owned: boolean;
}

export const ACCOUNT_KINDS = {
  /** What the platform owes a member: spendable money. */
  wallet: { type: 'liability', normalBalance: 'credit', mayGoNegative: false, owned: true },
  /** Money taken from a member's wallet for one hold, owed to whoever the hold is settled to. */
  escrow: { type: 'liability', normalBalance: 'credit', mayGoNegative: false, owned: true },
  /** Money members asked to withdraw, owed until the gateway has paid it out. */
  payouts_payable: { type: 'liability', normalBalance: 'credit', mayGoNegative: false, owned: false },
  /** The platform's commission. */
  platform_revenue: { type: 'income', normalBalance: 'credit', mayGoNegative: true, owned: false },
  /** What a payment gateway holds for us (paid in, not yet settled to our bank); one per gateway. */
  gateway_clearing: { type: 'asset', normalBalance: 'debit', mayGoNegative: true, owned: false },
} as const satisfies Record<string, AccountKindInfo>;

export type AccountKind = keyof typeof ACCOUNT_KINDS;

/** +1 for debit-normal accounts, −1 for credit-normal ones: balance = sign × Σ entries. */
export function normalSign(kind: AccountKind): 1 | -1 {
  return ACCOUNT_KINDS[kind].normalBalance === 'debit' ? 1 : -1;
}

/** What an entry (positive: debit) does to the balance of an account of `kind`: a credit grows a wallet. */
export function onNormalSide(kind: AccountKind, entry: Money): Money {
  return normalSign(kind) === 1 ? entry : negate(entry);
}

/** Names an account without knowing its id: found, or created on first use, when posting. */
export interface AccountKey {
  readonly kind: AccountKind;
  readonly ownerUserId: number | null;
  /** Tells apart accounts of one kind and owner: the gateway name, `hold:42`; '' when one is enough. */
  readonly ref: string;
  readonly currency: Currency;
}

/** An account to post to: its id, or its key. */
export type AccountRef = { readonly id: number } | AccountKey;

/** True when the reference names an account by key rather than id. */
export function isAccountKey(ref: AccountRef): ref is AccountKey {
  return 'kind' in ref;
}

/** A member's wallet in one currency. */
export function walletKey(userId: number, currency: Currency): AccountKey {
  return { kind: 'wallet', ownerUserId: userId, ref: '', currency };
}

/** The platform's commission income in one currency. */
export function platformRevenue(currency: Currency): AccountKey {
  return { kind: 'platform_revenue', ownerUserId: null, ref: '', currency };
}

/** What one payment gateway (`dev`, `alipay`, `stripe`) holds for us in one currency. */
export function gatewayClearing(gateway: string, currency: Currency): AccountKey {
  if (!/^[a-z][a-z0-9_]{0,31}$/.test(gateway)) throw new RangeError(`not a gateway name: ${gateway}`);
  return { kind: 'gateway_clearing', ownerUserId: null, ref: gateway, currency };
}

/** Withdrawals requested and not yet paid out, in one currency. */
export function payoutsPayable(currency: Currency): AccountKey {
  return { kind: 'payouts_payable', ownerUserId: null, ref: '', currency };
}

/** The escrow account of one hold (owned by the payer, so it counts as their held money). */
export function escrowKey(holdId: number, payerUserId: number, currency: Currency): AccountKey {
  return { kind: 'escrow', ownerUserId: payerUserId, ref: `hold:${holdId}`, currency };
}

/**
 * Why money moved: every ledger transaction has one. Extend freely (the database only checks the
 * spelling); a kind is a word of the README.
 */
export type TransactionKind =
  | 'topup'
  | 'topup_refund'
  | 'hold'
  | 'release'
  | 'partial_release'
  | 'refund'
  | 'payout'
  | 'payout_paid'
  | 'payout_rejected'
  | 'payout_failed'
  | 'unlock'
  | 'fee'
  | 'adjustment'
  | 'reversal';
