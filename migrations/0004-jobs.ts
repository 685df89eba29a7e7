import { type Kysely, sql } from 'kysely';

/**
 * Durable jobs (docs/decisions/0006-durable-jobs.md): one row per scheduled piece of work,
 * claimed by runners with `FOR UPDATE SKIP LOCKED`. A `running` row holds a lease
 * (`locked_by`, `locked_until`); when the lease runs out the job may be claimed again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull().defaultTo(sql`'null'::jsonb`))
    .addColumn('run_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('queued')
        .check(sql`state in ('queued', 'running', 'done', 'failed', 'cancelled')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0).check(sql`attempts >= 0`))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().check(sql`max_attempts >= 1`))
    .addColumn('last_error', 'text')
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'timestamptz')
    // Null for jobs that may be scheduled any number of times (NULLs never collide).
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    // A running job always has a lease; no other state keeps one.
    .addCheckConstraint('jobs_lease', sql`(state = 'running') = (locked_until is not null)`)
    .execute();
  // The claim: queued jobs that are due, oldest first.
  await db.schema.createIndex('jobs_state_run_at_idx').on('jobs').columns(['state', 'run_at']).execute();
  // The other half of the claim: running jobs whose lease has run out.
  await sql`create index jobs_lease_idx on jobs (locked_until) where state = 'running'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('jobs').execute();
}
