/**
 * Messages of money: amounts, wallets, the ledger and holds (escrow).
 * Keys are dotted; error codes are keys too. zh-CN/money.ts mirrors this file.
 */
export const moneyEn = {
  'money.invalid_amount': 'An amount must be a whole number of minor units (cents, fen).',
  'money.negative': 'The amount must not be negative.',
  'money.not_positive': 'The amount must be more than zero.',
  'money.too_large': 'The amount is too large.',
  'money.unknown_currency': 'The currency "{currency}" is not supported.',
  'money.currency_mismatch': 'Amounts in {expected} and {actual} cannot be combined.',
  'money.parse_invalid': 'Enter an amount such as 100 or 100.50.',
  'money.too_many_decimals': 'Use at most {decimals} digits after the decimal point.',
  'wallet.insufficient_funds': 'Your wallet does not have enough money for this.',
  'money.shortfall': 'Your balance is {balance} and this costs {price}: {shortfall} is missing.',
  'money.shortfall_topup': 'Top up {shortfall}',
  'ledger.unbalanced': 'The entries of a ledger transaction must add up to zero in each currency.',
  'ledger.too_few_entries': 'A ledger transaction needs at least two entries.',
  'ledger.unknown_account': 'No such ledger account.',
  'ledger.account_currency_mismatch': 'An entry must be in the currency of its account ({currency}).',
  'ledger.invalid_kind': 'This is not a valid kind of ledger transaction.',
  'ledger.idempotency_key_invalid': 'The idempotency key must be 1 to 200 printable characters.',
  'ledger.idempotency_mismatch': 'This idempotency key was already used for a different request.',
  'ledger.transaction_not_found': 'No such ledger transaction.',
  'ledger.already_reversed': 'This transaction has already been reversed.',
  'ledger.not_reversible': 'This transaction cannot be reversed: settle its hold instead.',
  'hold.not_found': 'No such hold.',
  'hold.already_released': 'This hold has already been paid out.',
  'hold.already_refunded': 'This hold has already been refunded.',
  'hold.already_expired': 'This hold has already expired and been refunded.',
  'hold.expired': 'This hold has expired; it can only be refunded.',
  'hold.not_expired': 'This hold has not expired yet.',
  'hold.partial_amount_invalid': 'A partial release must pay more than nothing and less than the whole hold.',
} as const;
