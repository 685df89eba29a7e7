import { type Kysely, sql } from 'kysely';

/**
 * One row per live question and tag (Stack Overflow's PostTags), carrying the question's sort keys,
 * so a tag's list is an index range in any order: a GIN index on `questions.tags` finds a tag's
 * questions but cannot give them newest-first, and the newest-first index would be filtered.
 * Kept by a trigger on `questions`, so every write path (services, importers, SQL) keeps it exact.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table question_tags (
      tag text not null,
      question_id bigint not null references questions (id) on delete cascade,
      created_at timestamptz not null,
      score integer not null,
      last_activity_at timestamptz not null,
      answer_count integer not null,
      primary key (tag, question_id)
    )`.execute(db);
  await sql`create index question_tags_newest_idx on question_tags (tag, created_at desc, question_id desc)`.execute(
    db,
  );
  await sql`create index question_tags_votes_idx on question_tags (tag, score desc, question_id desc)`.execute(
    db,
  );
  await sql`create index question_tags_active_idx on question_tags (tag, last_activity_at desc, question_id desc)`.execute(
    db,
  );
  await sql`create index question_tags_unanswered_idx on question_tags (tag, created_at desc, question_id desc) where answer_count = 0`.execute(
    db,
  );
  await sql`create index question_tags_question_idx on question_tags (question_id)`.execute(db);

  await sql`
    create function question_tags_sync() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE'
         and old.tags is not distinct from new.tags
         and old.deleted_at is not distinct from new.deleted_at then
        -- Same rows: only the sort keys may have moved.
        update question_tags
           set created_at = new.created_at, score = new.score,
               last_activity_at = new.last_activity_at, answer_count = new.answer_count
         where question_id = new.id
           and (created_at, score, last_activity_at, answer_count)
               is distinct from (new.created_at, new.score, new.last_activity_at, new.answer_count);
        return null;
      end if;
      if tg_op = 'UPDATE' then
        delete from question_tags where question_id = old.id;
      end if;
      if new.deleted_at is null then
        insert into question_tags (tag, question_id, created_at, score, last_activity_at, answer_count)
        select distinct t, new.id, new.created_at, new.score, new.last_activity_at, new.answer_count
          from unnest(new.tags) as t;
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger questions_tags_sync
      after insert or update of tags, deleted_at, created_at, score, last_activity_at, answer_count
      on questions for each row execute function question_tags_sync()`.execute(db);

  await sql`
    insert into question_tags (tag, question_id, created_at, score, last_activity_at, answer_count)
    select distinct t, q.id, q.created_at, q.score, q.last_activity_at, q.answer_count
      from questions q, unnest(q.tags) as t
     where q.deleted_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger questions_tags_sync on questions`.execute(db);
  await sql`drop function question_tags_sync()`.execute(db);
  await sql`drop table question_tags`.execute(db);
}
