import { type Kysely, sql } from 'kysely';

/**
 * Statement facts on ledger transactions: what a statement line says, as data (`{"what":
 * "bounty.awarded","bountyId":42,"answerId":7}`), so pages render it in the reader's language
 * (catalogue key `statement.<what>`) instead of showing the English memo written at posting time.
 *
 * Existing rows get their facts from what the posting already recorded: the idempotency key
 * (`bounty:42:award`, `paid_question:3:unlock:9`, `payout:5:paid`), the metadata of top-ups and
 * refunds, the payouts table and, for the few numbers found only there, the memo. The journal is
 * append-only (migrations/0005); this one-time backfill is the only UPDATE it ever sees, with the
 * guard trigger off for its duration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table ledger_transactions add column facts jsonb
    constraint ledger_transactions_facts check (
      facts is null or (jsonb_typeof(facts) = 'object' and facts ? 'what' and octet_length(facts::text) <= 1000))`.execute(
    db,
  );
  await backfillStatementFacts(db);
}

/** Fills the facts of every transaction that has none and whose facts can be derived (see above). */
export async function backfillStatementFacts(db: Kysely<unknown>): Promise<void> {
  await sql`alter table ledger_transactions disable trigger ledger_transactions_append_only`.execute(db);
  const key = (pattern: string) => sql`substring(idempotency_key from ${pattern})`;
  const memo = (pattern: string) => sql`substring(memo from ${pattern})`;
  const int = (text: ReturnType<typeof key>) => sql`(${text})::int8`;
  // One statement per family of postings; each only fills rows that have no facts yet.
  const backfills = [
    sql`update ledger_transactions set facts = jsonb_build_object('what', 'topup',
          'reference', metadata->>'reference', 'gateway', metadata->>'gateway')
        where facts is null and kind = 'topup' and metadata ? 'reference' and metadata ? 'gateway'`,
    sql`update ledger_transactions set facts = jsonb_build_object('what', 'topup_refund',
          'reference', metadata->>'refundReference', 'order', metadata->>'reference')
        where facts is null and kind = 'topup_refund' and metadata ? 'refundReference'`,
    sql`update ledger_transactions set facts = jsonb_build_object('what', 'topup_refund.failed',
          'reference', ${key('^topup_refund:(.+):reversal$')})
        where facts is null and kind = 'reversal' and idempotency_key like 'topup_refund:%:reversal'`,
    sql`update ledger_transactions t set facts = jsonb_build_object('what', 'payout.requested',
          'payoutId', p.id, 'gateway', p.gateway)
        from payouts p where t.facts is null and p.request_transaction_id = t.id`,
    sql`update ledger_transactions set facts = jsonb_build_object(
          'what', 'payout.' || ${key('^payout:[0-9]+:(paid|failed|rejected)$')},
          'payoutId', ${int(key('^payout:([0-9]+):'))})
        where facts is null and idempotency_key ~ '^payout:[0-9]+:(paid|failed|rejected)$'`,
    sql`update ledger_transactions set facts = jsonb_build_object('what', 'bounty.offered',
          'bountyId', ${int(key('^bounty:([0-9]+):'))}, 'questionId', ${int(memo('on question ([0-9]+)$'))})
        where facts is null and idempotency_key ~ '^bounty:[0-9]+:hold$' and memo ~ 'on question [0-9]+$'`,
    sql`update ledger_transactions set facts = jsonb_build_object(
          'what', case when idempotency_key like '%:auto_award' then 'bounty.auto_awarded' else 'bounty.awarded' end,
          'bountyId', ${int(key('^bounty:([0-9]+):'))}, 'answerId', ${int(memo('answer ([0-9]+)'))})
        where facts is null and idempotency_key ~ '^bounty:[0-9]+:(award|auto_award)$' and memo ~ 'answer [0-9]+'`,
    sql`update ledger_transactions set facts = jsonb_build_object('what', 'bounty.refunded',
          'bountyId', ${int(key('^bounty:([0-9]+):'))})
        where facts is null and idempotency_key ~ '^bounty:[0-9]+:refund$'`,
    sql`update ledger_transactions set facts = jsonb_build_object('what', 'paid_question.asked',
          'paidQuestionId', ${int(key('^paid_question:([0-9]+):'))}, 'expert', ${memo(' to (.+)$')})
        where facts is null and idempotency_key ~ '^paid_question:[0-9]+:hold$' and memo ~ ' to .+$'`,
    sql`update ledger_transactions set facts = jsonb_build_object(
          'what', 'paid_question.' || case ${key('^paid_question:[0-9]+:([a-z_]+)')}
            when 'release' then 'answered' when 'decline' then 'declined' when 'expire' then 'expired'
            when 'unlock' then 'unlocked' else 'dispute_refunded' end,
          'paidQuestionId', ${int(key('^paid_question:([0-9]+):'))})
        where facts is null
          and idempotency_key ~ '^paid_question:[0-9]+:(release|decline|expire|unlock:[0-9]+|dispute_refund)$'`,
  ];
  for (const statement of backfills) await statement.execute(db);

  await sql`alter table ledger_transactions enable trigger ledger_transactions_append_only`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table ledger_transactions drop column facts`.execute(db);
}
