import { type Kysely, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { ACCOUNT_KINDS, type AccountKind } from './ledger.chart.js';

/** A way the ledger could be wrong; each names the rows involved. */
export type IntegrityProblem =
  | { kind: 'unbalanced_transaction'; transactionId: number; currency: string; sumMinor: number }
  | { kind: 'too_few_entries'; transactionId: number; entries: number }
  | { kind: 'balance_drift'; accountId: number; balanceMinor: number; fromEntriesMinor: number }
  | { kind: 'negative_balance'; accountId: number; accountKind: string; balanceMinor: number }
  | {
      kind: 'balance_after_drift';
      entryId: number;
      accountId: number;
      recordedMinor: number;
      runningMinor: number;
    }
  | { kind: 'entry_currency_mismatch'; entryId: number; accountId: number }
  | {
      kind: 'hold_escrow_mismatch';
      holdId: number;
      state: string;
      escrowMinor: number;
      expectedMinor: number;
    }
  | { kind: 'reversal_not_mirror'; transactionId: number; accountId: number; netMinor: number };

// Σ entries seen from the account's normal side: what its balance must be.
const SIGNED = sql`case when a.normal_balance = 'debit' then e.amount_minor else -e.amount_minor end`;

/**
 * Audits the whole ledger against its invariants and returns every problem found (none on a
 * healthy ledger): balanced transactions of two or more entries, balances equal to the sum of
 * their entries (and each balance_after to the running sum), no forbidden negative balances,
 * escrow matching its hold's state, reversals that mirror their original exactly.
 */
export async function checkLedgerIntegrity(db: Kysely<DB>): Promise<IntegrityProblem[]> {
  const problems: IntegrityProblem[] = [];

  const unbalanced = await sql<{ transaction_id: number; currency: string; total: number }>`
    select transaction_id, currency, sum(amount_minor)::int8 as total from ledger_entries
     group by transaction_id, currency having sum(amount_minor) <> 0`.execute(db);
  for (const row of unbalanced.rows) {
    problems.push({
      kind: 'unbalanced_transaction',
      transactionId: row.transaction_id,
      currency: row.currency,
      sumMinor: row.total,
    });
  }

  const thin = await sql<{ id: number; entries: number }>`
    select t.id, count(e.id)::int8 as entries from ledger_transactions t
      left join ledger_entries e on e.transaction_id = t.id
     group by t.id having count(e.id) < 2`.execute(db);
  for (const row of thin.rows)
    problems.push({ kind: 'too_few_entries', transactionId: row.id, entries: row.entries });

  const drift = await sql<{ id: number; balance_minor: number; expected: number }>`
    select a.id, a.balance_minor, coalesce(sum(${SIGNED}), 0)::int8 as expected from ledger_accounts a
      left join ledger_entries e on e.account_id = a.id
     group by a.id having a.balance_minor <> coalesce(sum(${SIGNED}), 0)`.execute(db);
  for (const row of drift.rows) {
    problems.push({
      kind: 'balance_drift',
      accountId: row.id,
      balanceMinor: row.balance_minor,
      fromEntriesMinor: row.expected,
    });
  }

  const nonNegative = (Object.keys(ACCOUNT_KINDS) as AccountKind[]).filter(
    (k) => !ACCOUNT_KINDS[k].mayGoNegative,
  );
  const negative = await db
    .selectFrom('ledger_accounts')
    .select(['id', 'kind', 'balance_minor'])
    .where('kind', 'in', nonNegative)
    .where('balance_minor', '<', 0)
    .execute();
  for (const row of negative) {
    problems.push({
      kind: 'negative_balance',
      accountId: row.id,
      accountKind: row.kind,
      balanceMinor: row.balance_minor,
    });
  }

  const running = await sql<{ id: number; account_id: number; balance_after_minor: number; running: number }>`
    select id, account_id, balance_after_minor, running from (
      select e.id, e.account_id, e.balance_after_minor,
             sum(${SIGNED}) over (partition by e.account_id order by e.id)::int8 as running
        from ledger_entries e join ledger_accounts a on a.id = e.account_id) x
     where running <> balance_after_minor`.execute(db);
  for (const row of running.rows) {
    problems.push({
      kind: 'balance_after_drift',
      entryId: row.id,
      accountId: row.account_id,
      recordedMinor: row.balance_after_minor,
      runningMinor: row.running,
    });
  }

  const currencies = await sql<{ id: number; account_id: number }>`
    select e.id, e.account_id from ledger_entries e join ledger_accounts a on a.id = e.account_id
     where e.currency <> a.currency`.execute(db);
  for (const row of currencies.rows) {
    problems.push({ kind: 'entry_currency_mismatch', entryId: row.id, accountId: row.account_id });
  }

  const holds = await sql<{ id: number; state: string; balance_minor: number; expected: number }>`
    select h.id, h.state, a.balance_minor, case when h.state = 'held' then h.amount_minor else 0 end as expected
      from ledger_holds h join ledger_accounts a on a.id = h.escrow_account_id
     where a.balance_minor <> case when h.state = 'held' then h.amount_minor else 0 end`.execute(db);
  for (const row of holds.rows) {
    problems.push({
      kind: 'hold_escrow_mismatch',
      holdId: row.id,
      state: row.state,
      escrowMinor: row.balance_minor,
      expectedMinor: row.expected,
    });
  }

  // A reversal and its original net to zero on every account they touch.
  const mirrors = await sql<{ id: number; account_id: number; net: number }>`
    select r.id, e.account_id, sum(e.amount_minor)::int8 as net from ledger_transactions r
      join ledger_entries e on e.transaction_id in (r.id, r.reverses_transaction_id)
     where r.reverses_transaction_id is not null
     group by r.id, e.account_id having sum(e.amount_minor) <> 0`.execute(db);
  for (const row of mirrors.rows) {
    problems.push({
      kind: 'reversal_not_mirror',
      transactionId: row.id,
      accountId: row.account_id,
      netMinor: row.net,
    });
  }
  return problems;
}
