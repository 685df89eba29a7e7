import { type Kysely, sql } from 'kysely';

/**
 * The wallet's tables (src/modules/wallet/README.md):
 * - idempotency_keys: one row per (member, Idempotency-Key) of a money-moving POST
 *   (src/platform/http/idempotency.ts): claimed before the work runs, then holding the first
 *   result, replayed to any repeat until it expires;
 * - payouts: a member's withdrawal from their wallet to a destination at a gateway, with its
 *   state (requested → approved → paid | failed; requested → rejected) and the ledger
 *   transactions that moved its money.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table idempotency_keys (
      id bigint generated always as identity primary key,
      user_id bigint not null references users (id) on delete cascade,
      key text not null check (length(key) between 1 and 200),
      request_hash text not null,
      status text not null default 'in_progress' check (status in ('in_progress', 'completed')),
      -- While in progress: when a claim may be taken over (its holder is presumed dead).
      locked_until timestamptz,
      response_status integer,
      -- JSON text, kept as sent (jsonb would reorder keys).
      response_body text,
      created_at timestamptz not null default now(),
      completed_at timestamptz,
      expires_at timestamptz not null,
      constraint idempotency_keys_member_key unique (user_id, key),
      constraint idempotency_keys_state check (case status
        when 'in_progress' then locked_until is not null and response_status is null and completed_at is null
        else locked_until is null and response_status is not null and completed_at is not null end)
    )`.execute(db);
  await sql`create index idempotency_keys_expires_idx on idempotency_keys (expires_at)`.execute(db);

  await sql`
    create table payouts (
      id bigint generated always as identity primary key,
      user_id bigint not null references users (id) on delete restrict,
      amount_minor bigint not null check (amount_minor > 0),
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      gateway text not null check (gateway ~ '^[a-z][a-z0-9_]{0,31}$'),
      destination text not null check (length(destination) between 1 and 200),
      status text not null default 'requested'
        check (status in ('requested', 'approved', 'paid', 'failed', 'rejected')),
      -- What made the request unique (the member's Idempotency-Key, namespaced): a retry finds it.
      request_key text not null unique,
      request_transaction_id bigint not null unique references ledger_transactions (id),
      settled_transaction_id bigint unique references ledger_transactions (id),
      reviewed_by bigint references users (id) on delete restrict,
      reviewed_at timestamptz,
      review_note text check (length(review_note) <= 500),
      external_id text,
      failure text check (length(failure) <= 1000),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      settled_at timestamptz,
      constraint payouts_reviewed check ((status = 'requested') = (reviewed_at is null)
        and (reviewed_at is null) = (reviewed_by is null)),
      constraint payouts_settled check ((status in ('paid', 'failed', 'rejected'))
        = (settled_transaction_id is not null)
        and (settled_transaction_id is null) = (settled_at is null))
    )`.execute(db);
  await sql`create index payouts_user_idx on payouts (user_id, id)`.execute(db);
  await sql`create index payouts_status_idx on payouts (status, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table payouts`.execute(db);
  await sql`drop table idempotency_keys`.execute(db);
}
