/**
 * The ledger's only door: the double-entry journal, accounts, holds (escrow), reversals,
 * commission rules and read-only queries. Posting functions take the caller's transaction.
 * It owns one extension point: `statementLineSlot`, how modules say their statement lines.
 */
export {
  type CommissionRates,
  type CommissionSplit,
  checkCommissionRates,
  commissionRateFor,
  DEFAULT_COMMISSION_RATES,
  isProductKind,
  PRODUCT_KINDS,
  type ProductKind,
  splitCommission,
} from './commission.rules.js';
export { HOLD_STATES, type HoldEvent, type HoldState, isSettled, nextHoldState } from './hold.states.js';
export { findHoldById, findHoldsByProduct, type Hold } from './holds.repository.js';
export {
  expireHold,
  type HoldOutcome,
  type PlaceHoldInput,
  placeHold,
  type ReleaseHoldOptions,
  type ReleasePartiallyOptions,
  refundHold,
  releaseHold,
  releaseHoldPartially,
} from './holds.service.js';
export {
  findJournalTransaction,
  type JournalEntry,
  type JournalQuery,
  type JournalTransaction,
  listJournal,
  listPostingEntries,
  type PostingEntry,
} from './journal.queries.js';
export {
  ACCOUNT_KINDS,
  type AccountKey,
  type AccountKind,
  type AccountRef,
  gatewayClearing,
  normalSign,
  onNormalSide,
  payoutsPayable,
  platformRevenue,
  type TransactionKind,
  walletKey,
} from './ledger.chart.js';
export { checkLedgerIntegrity, type IntegrityProblem } from './ledger.integrity.js';
export {
  getMemberBalances,
  getTrialBalance,
  listWalletStatement,
  type MemberBalances,
  type StatementLine,
  type StatementQuery,
  type TrialBalance,
} from './ledger.queries.js';
export {
  findAccountById,
  findTransactionById,
  type LedgerAccount,
  type LedgerEntry,
  type LedgerTransaction,
} from './ledger.repository.js';
export type { StatementFacts } from './ledger.rules.js';
export { type ReverseOptions, reverseTransaction } from './reversals.service.js';
export {
  factId,
  fillStatement,
  type StatementLineRenderer,
  type StatementLink,
  type StatementPart,
  statementLineSlot,
  statementText,
} from './statement-line.slot.js';
export {
  credit,
  debit,
  type PostedTransaction,
  postTransfer,
  type TransferEntry,
  type TransferInput,
  walletOf,
} from './transfers.service.js';
