import { type Kysely, sql } from 'kysely';

/**
 * The language of each question (`en` or `zh`), so lists can open on the reader's language. The
 * backfill is `detectLanguage` (src/platform/text/language.ts) in SQL: at least 5 Han characters in
 * the title and the first 500 characters of the body, and at least one per two Latin words.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table questions add column language text not null default 'en'
    check (language in ('en', 'zh'))`.execute(db);
  await sql`update questions set language = 'zh'
    from (
      select id, title || ' ' || left(body_text, 500) as sample from questions
      where title || left(body_text, 500) ~ '[㐀-䶿一-鿿]'
    ) s
    where questions.id = s.id
      and length(s.sample) - length(regexp_replace(s.sample, '[㐀-䶿一-鿿]', '', 'g')) >= 5
      and 2 * (length(s.sample) - length(regexp_replace(s.sample, '[㐀-䶿一-鿿]', '', 'g')))
        >= (select count(*) from regexp_matches(s.sample, '[A-Za-z]{2,}', 'g'))`.execute(db);
  // The lists' orders within one language (the unanswered list walks the newest one).
  await sql`create index questions_language_newest_idx on questions (language, created_at desc, id desc)
    where deleted_at is null`.execute(db);
  await sql`create index questions_language_active_idx on questions (language, last_activity_at desc, id desc)
    where deleted_at is null`.execute(db);
  await sql`create index questions_language_votes_idx on questions (language, score desc, id desc)
    where deleted_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table questions drop column language`.execute(db);
}
