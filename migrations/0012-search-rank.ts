import { type Kysely, sql } from 'kysely';

/**
 * Search ranks its matches without reading `questions` (docs/search.md, "Speed"): each document
 * carries what the ranking prior needs (score, has an accepted answer, is answered), kept exact by
 * a trigger on `questions` (votes, accepts and answers change them without re-indexing the text),
 * which also drops the document of a question that is deleted by any path. Rows of long threads
 * (over PostgreSQL's 2 KB toast threshold) now move their tsvector out of line down to the
 * smallest target, so they cost a match no more heap than a short question's row.
 * Re-runnable (`if not exists`, `or replace`), so a database that ran it before an
 * earlier-numbered migration landed can catch up.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table search_documents
      add column if not exists score integer not null default 0,
      add column if not exists accepted boolean not null default false,
      add column if not exists answered boolean not null default false`.execute(db);
  // 128 bytes is the smallest target PostgreSQL allows; it applies to rows over the 2 KB threshold.
  await sql`alter table search_documents set (toast_tuple_target = 128)`.execute(db);

  await sql`
    create or replace function search_documents_rank_sync() returns trigger language plpgsql as $$
    begin
      if new.deleted_at is not null then
        delete from search_documents where question_id = new.id;
        return null;
      end if;
      update search_documents
         set score = new.score, accepted = new.accepted_answer_id is not null,
             answered = new.answer_count > 0
       where question_id = new.id
         and (score, accepted, answered)
             is distinct from (new.score, new.accepted_answer_id is not null, new.answer_count > 0);
      return null;
    end $$`.execute(db);
  await sql`drop trigger if exists questions_search_rank_sync on questions`.execute(db);
  await sql`
    create trigger questions_search_rank_sync
      after update of score, accepted_answer_id, answer_count, deleted_at
      on questions for each row execute function search_documents_rank_sync()`.execute(db);

  // Every row is rewritten here, so long ones move their tsvector out of line under the new target.
  await sql`
    update search_documents d
       set score = q.score, accepted = q.accepted_answer_id is not null, answered = q.answer_count > 0
      from questions q
     where q.id = d.question_id`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger questions_search_rank_sync on questions`.execute(db);
  await sql`drop function search_documents_rank_sync()`.execute(db);
  await sql`alter table search_documents reset (toast_tuple_target)`.execute(db);
  await sql`
    alter table search_documents drop column score, drop column accepted, drop column answered`.execute(db);
}
