import { type Kysely, sql } from 'kysely';

/**
 * The members' directory (`/users`). Its orders over `users` (reputation, newest) become index
 * scans that stop after a page; the name search, prefix ranges on the username key and the
 * lower-cased display name (`text_pattern_ops`, so `LIKE 'abc%'` uses them under any collation).
 *
 * "By tag" (members by the summed score of their live answers to a tag's live questions) is kept
 * as a table, `tag_answerers`, one row per tag and member with answers there, by triggers, as
 * `question_tags` is: summing a popular tag's answers per request reads tens of thousands of rows
 * (a tag on half of 50k questions: 75k answers, 0.7 s on PGlite), the table gives a page as an
 * index range. An answer's write (new, score, deleted, moved) moves its author's row in each of
 * its question's tags; a question gaining or losing a tag (or deleted: its `question_tags` go)
 * adds or takes its live answers in that tag. Rows left with no answer are removed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index users_reputation_idx on users (reputation desc, id)`.execute(db);
  await sql`create index users_created_idx on users (created_at desc, id desc)`.execute(db);
  await sql`create index users_username_prefix_idx on users (username_key text_pattern_ops)`.execute(db);
  await sql`create index users_display_name_prefix_idx on users (lower(display_name) text_pattern_ops)`.execute(
    db,
  );

  await sql`
    create table tag_answerers (
      tag text not null,
      user_id bigint not null references users (id) on delete cascade,
      score integer not null,
      answers integer not null,
      primary key (tag, user_id)
    )`.execute(db);
  await sql`create index tag_answerers_rank_idx on tag_answerers (tag, score desc, answers desc, user_id)`.execute(
    db,
  );

  // An answer's share in each tag of its question, added (sign 1) or taken back (sign -1).
  await sql`
    create function tag_answerers_move(p_question bigint, p_author bigint, p_score integer, p_sign integer)
    returns void language plpgsql as $$
    begin
      insert into tag_answerers (tag, user_id, score, answers)
      select qt.tag, p_author, p_sign * p_score, p_sign
        from question_tags qt where qt.question_id = p_question order by qt.tag
      on conflict (tag, user_id) do update
        set score = tag_answerers.score + excluded.score, answers = tag_answerers.answers + excluded.answers;
      if p_sign < 0 then
        delete from tag_answerers ta
         where ta.user_id = p_author and ta.answers <= 0
           and ta.tag in (select qt.tag from question_tags qt where qt.question_id = p_question);
      end if;
    end $$`.execute(db);
  await sql`
    create function answers_tag_answerers() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') and old.deleted_at is null and old.author_id is not null then
        perform tag_answerers_move(old.question_id, old.author_id, old.score, -1);
      end if;
      if tg_op in ('INSERT', 'UPDATE') and new.deleted_at is null and new.author_id is not null then
        perform tag_answerers_move(new.question_id, new.author_id, new.score, 1);
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger answers_tag_answerers_write after insert or delete on answers
      for each row execute function answers_tag_answerers()`.execute(db);
  await sql`
    create trigger answers_tag_answerers_update after update on answers
      for each row
      when ((old.score, old.deleted_at is null, old.author_id, old.question_id)
            is distinct from (new.score, new.deleted_at is null, new.author_id, new.question_id))
      execute function answers_tag_answerers()`.execute(db);
  // A question's tag row comes or goes: its live answers join or leave that tag.
  await sql`
    create function question_tags_tag_answerers() returns trigger language plpgsql as $$
    declare
      t text;
      q bigint;
      s integer;
    begin
      if tg_op = 'INSERT' then t := new.tag; q := new.question_id; s := 1;
      else t := old.tag; q := old.question_id; s := -1;
      end if;
      insert into tag_answerers (tag, user_id, score, answers)
      select t, a.author_id, s * sum(a.score)::int, s * count(*)::int
        from answers a
       where a.question_id = q and a.deleted_at is null and a.author_id is not null
       group by a.author_id order by a.author_id
      on conflict (tag, user_id) do update
        set score = tag_answerers.score + excluded.score, answers = tag_answerers.answers + excluded.answers;
      if s < 0 then
        delete from tag_answerers ta
         where ta.tag = t and ta.answers <= 0
           and ta.user_id in (select a.author_id from answers a where a.question_id = q);
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger question_tags_tag_answerers after insert or delete on question_tags
      for each row execute function question_tags_tag_answerers()`.execute(db);

  await sql`
    insert into tag_answerers (tag, user_id, score, answers)
    select qt.tag, a.author_id, sum(a.score)::int, count(*)::int
      from question_tags qt
      join answers a on a.question_id = qt.question_id
     where a.deleted_at is null and a.author_id is not null
     group by qt.tag, a.author_id`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger question_tags_tag_answerers on question_tags`.execute(db);
  await sql`drop trigger answers_tag_answerers_update on answers`.execute(db);
  await sql`drop trigger answers_tag_answerers_write on answers`.execute(db);
  await sql`drop function question_tags_tag_answerers()`.execute(db);
  await sql`drop function answers_tag_answerers()`.execute(db);
  await sql`drop function tag_answerers_move(bigint, bigint, integer, integer)`.execute(db);
  await sql`drop table tag_answerers`.execute(db);
  for (const index of [
    'users_display_name_prefix_idx',
    'users_username_prefix_idx',
    'users_created_idx',
    'users_reputation_idx',
  ])
    await sql`drop index ${sql.ref(index)}`.execute(db);
}
