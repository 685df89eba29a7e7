import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { QuestionLanguage } from '../../platform/text/language.js';

/** A database handle or an open transaction: every function here works inside either. */
export type Db = Kysely<DB>;

/** The tables whose rows carry import_source + import_id. */
export type ImportedTable =
  | 'users'
  | 'questions'
  | 'answers'
  | 'comments'
  | 'question_votes'
  | 'answer_votes'
  | 'question_links';

export interface UserInsert {
  import_id: string;
  username: string;
  username_key: string;
  username_skeleton: string;
  email: string;
  email_key: string;
  display_name: string;
  password_hash: string;
  reputation: number;
  created_at: string | null;
  about: string;
}

export interface QuestionInsert {
  import_id: string;
  author_import_id: string | null;
  title: string;
  slug: string;
  body: string;
  body_html: string;
  body_text: string;
  tags: string[];
  language: QuestionLanguage;
  score: number;
  view_count: number;
  created_at: string | null;
  updated_at: string | null;
  last_activity_at: string | null;
  license: string | null;
  source_url: string | null;
}

export interface AnswerInsert {
  import_id: string;
  question_import_id: string;
  author_import_id: string | null;
  body: string;
  body_html: string;
  body_text: string;
  score: number;
  created_at: string | null;
  updated_at: string | null;
  license: string | null;
  source_url: string | null;
}

export interface CommentInsert {
  import_id: string;
  post_import_id: string;
  author_import_id: string | null;
  body: string;
  body_html: string;
  score: number;
  created_at: string | null;
}

export interface VoteInsert {
  import_id: string;
  post_import_id: string;
  value: 1 | -1;
  created_at: string | null;
}

export interface LinkInsert {
  import_id: string;
  question_import_id: string;
  related_import_id: string;
  kind: 'linked' | 'duplicate';
  created_at: string | null;
}

export interface AcceptedPair {
  question_import_id: string;
  answer_import_id: string;
}

export interface TagDescription {
  name: string;
  description: string;
  description_html: string;
}

// Lone surrogates and NUL are valid in a JS string but not in jsonb or a text column.
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is the character to remove.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A batch of rows as one jsonb parameter, read back with jsonb_to_recordset: one statement per
 * batch whatever its size (no 65,535-parameter limit), typed by the column list.
 */
function recordset(rows: readonly object[], columns: string): RawBuilder<unknown> {
  const json = JSON.stringify(rows, (_key, value) =>
    typeof value === 'string' ? value.replace(UNSTORABLE, '\uFFFD') : value,
  );
  return sql`jsonb_to_recordset(cast(${json} as jsonb)) as v(${sql.raw(columns)})`;
}

/** Which of these import ids the table already holds for this source. */
export async function existingImportIds(
  db: Db,
  table: ImportedTable,
  source: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom(table)
    .select('import_id')
    .where('import_source', '=', source)
    .where('import_id', 'in', [...new Set(ids)])
    .execute();
  return new Set(rows.map((row) => row.import_id ?? ''));
}

/** Which of these username keys are taken, by anyone. */
/** Which of these username keys and confusable skeletons members already have. */
export async function takenUsernames(
  db: Db,
  keys: readonly string[],
  skeletons: readonly string[],
): Promise<{ keys: Set<string>; skeletons: Set<string> }> {
  if (keys.length === 0 && skeletons.length === 0) return { keys: new Set(), skeletons: new Set() };
  const rows = await db
    .selectFrom('users')
    .select(['username_key', 'username_skeleton'])
    .where((eb) =>
      eb.or([
        ...(keys.length > 0 ? [eb('username_key', 'in', [...new Set(keys)])] : []),
        ...(skeletons.length > 0 ? [eb('username_skeleton', 'in', [...new Set(skeletons)])] : []),
      ]),
    )
    .execute();
  return {
    keys: new Set(rows.map((row) => row.username_key)),
    skeletons: new Set(
      rows.flatMap((row) => (row.username_skeleton === null ? [] : [row.username_skeleton])),
    ),
  };
}

async function count(db: Db, query: RawBuilder<unknown>): Promise<number> {
  const { rows } = await query.execute(db);
  return rows.length;
}

/**
 * Inserts members (an import id already there is skipped); a member's imported reputation comes
 * with its one `imported` reputation event, as reputation's recompute derives totals from events.
 */
export function insertUsers(db: Db, source: string, rows: readonly UserInsert[]): Promise<number> {
  return count(
    db,
    sql`with inserted as (
          insert into users (username, username_key, username_skeleton, email, email_key, display_name,
            password_hash, reputation, created_at, updated_at, about, import_source, import_id)
          select v.username, v.username_key, v.username_skeleton, v.email, v.email_key, v.display_name,
            v.password_hash, v.reputation, coalesce(v.created_at, now()), coalesce(v.created_at, now()), v.about,
            ${source}, v.import_id
          from ${recordset(
            rows,
            `import_id text, username text, username_key text, username_skeleton text, email text, email_key text,
             display_name text, password_hash text, reputation integer, created_at timestamptz, about text`,
          )}
          on conflict (import_source, import_id) where import_source is not null do nothing
          returning id, reputation, created_at
        ), imported as (
          insert into reputation_events (user_id, kind, points, applied, created_at)
          select id, 'imported', reputation - 1, reputation - 1, created_at from inserted where reputation <> 1
        )
        select id from inserted`,
  );
}

/** Inserts questions (author resolved by import id) with their revision 1; returns how many. */
export function insertQuestions(db: Db, source: string, rows: readonly QuestionInsert[]): Promise<number> {
  return count(
    db,
    sql`with inserted as (
          insert into questions (author_id, title, slug, body, body_html, body_text, tags, language, score,
            view_count, created_at, updated_at, last_activity_at, import_source, import_id, license, source_url)
          select u.id, v.title, v.slug, v.body, v.body_html, v.body_text, v.tags, v.language, v.score, v.view_count,
            coalesce(v.created_at, now()), coalesce(v.updated_at, v.created_at, now()),
            coalesce(v.last_activity_at, v.updated_at, v.created_at, now()),
            ${source}, v.import_id, v.license, v.source_url
          from ${recordset(
            rows,
            `import_id text, author_import_id text, title text, slug text, body text, body_html text,
             body_text text, tags text[], language text, score integer, view_count integer, created_at timestamptz,
             updated_at timestamptz, last_activity_at timestamptz, license text, source_url text`,
          )}
          left join users u on u.import_source = ${source} and u.import_id = v.author_import_id
          on conflict (import_source, import_id) where import_source is not null do nothing
          returning id, author_id, title, body, tags, created_at
        )
        insert into revisions (question_id, number, author_id, kind, title, body, tags, created_at)
        select id, 1, author_id, 'create', title, body, tags, created_at from inserted
        returning id`,
  );
}

/** Inserts answers whose question is already imported, with their revision 1; returns how many. */
export function insertAnswers(db: Db, source: string, rows: readonly AnswerInsert[]): Promise<number> {
  return count(
    db,
    sql`with inserted as (
          insert into answers (question_id, author_id, body, body_html, body_text, score, created_at, updated_at,
            import_source, import_id, license, source_url)
          select q.id, u.id, v.body, v.body_html, v.body_text, v.score, coalesce(v.created_at, now()),
            coalesce(v.updated_at, v.created_at, now()), ${source}, v.import_id, v.license, v.source_url
          from ${recordset(
            rows,
            `import_id text, question_import_id text, author_import_id text, body text, body_html text,
             body_text text, score integer, created_at timestamptz, updated_at timestamptz, license text,
             source_url text`,
          )}
          join questions q on q.import_source = ${source} and q.import_id = v.question_import_id
          left join users u on u.import_source = ${source} and u.import_id = v.author_import_id
          on conflict (import_source, import_id) where import_source is not null do nothing
          returning id, author_id, body, created_at
        )
        insert into revisions (answer_id, number, author_id, kind, body, created_at)
        select id, 1, author_id, 'create', body, created_at from inserted
        returning id`,
  );
}

/**
 * Marks accepted answers, where the answer belongs to that question and the question has none
 * yet (an answer accepted in the app since is left alone); returns how many.
 */
export function setAcceptedAnswers(db: Db, source: string, pairs: readonly AcceptedPair[]): Promise<number> {
  return count(
    db,
    sql`update questions q set accepted_answer_id = a.id
        from ${recordset(pairs, 'question_import_id text, answer_import_id text')}
        join answers a on a.import_source = ${source} and a.import_id = v.answer_import_id
        where q.import_source = ${source} and q.import_id = v.question_import_id
          and a.question_id = q.id and a.deleted_at is null and q.accepted_answer_id is null
        returning q.id`,
  );
}

/** Inserts comments on imported questions or answers (Stack Exchange post ids are shared by both). */
export function insertComments(db: Db, source: string, rows: readonly CommentInsert[]): Promise<number> {
  return count(
    db,
    sql`insert into comments (question_id, answer_id, author_id, body, body_html, score, created_at, updated_at,
          import_source, import_id)
        select q.id, case when q.id is null then a.id end, u.id, v.body, v.body_html, v.score,
          coalesce(v.created_at, now()), coalesce(v.created_at, now()), ${source}, v.import_id
        from ${recordset(
          rows,
          `import_id text, post_import_id text, author_import_id text, body text, body_html text, score integer,
           created_at timestamptz`,
        )}
        left join questions q on q.import_source = ${source} and q.import_id = v.post_import_id
        left join answers a on a.import_source = ${source} and a.import_id = v.post_import_id
        left join users u on u.import_source = ${source} and u.import_id = v.author_import_id
        where q.id is not null or a.id is not null
        on conflict (import_source, import_id) where import_source is not null do nothing
        returning id`,
  );
}

/** Inserts anonymous votes on whichever imported question or answer each one names. */
export async function insertVotes(
  db: Db,
  source: string,
  rows: readonly VoteInsert[],
): Promise<{ questions: number; answers: number }> {
  const columns = 'import_id text, post_import_id text, value smallint, created_at timestamptz';
  const questions = await count(
    db,
    sql`insert into question_votes (question_id, voter_id, value, created_at, import_source, import_id)
        select q.id, null, v.value, coalesce(v.created_at, q.created_at), ${source}, v.import_id
        from ${recordset(rows, columns)}
        join questions q on q.import_source = ${source} and q.import_id = v.post_import_id
        on conflict (import_source, import_id) where import_source is not null do nothing
        returning id`,
  );
  const answers = await count(
    db,
    sql`insert into answer_votes (answer_id, voter_id, value, created_at, import_source, import_id)
        select a.id, null, v.value, coalesce(v.created_at, a.created_at), ${source}, v.import_id
        from ${recordset(rows, columns)}
        join answers a on a.import_source = ${source} and a.import_id = v.post_import_id
        on conflict (import_source, import_id) where import_source is not null do nothing
        returning id`,
  );
  return { questions, answers };
}

/**
 * Inserts question links between imported questions; a "duplicate" for a pair already stored as
 * "linked" upgrades it. The rows must name each ordered pair once.
 */
export async function insertLinks(
  db: Db,
  source: string,
  rows: readonly LinkInsert[],
): Promise<{ inserted: number; upgraded: number }> {
  const { rows: result } = await sql<{ inserted: boolean }>`
    insert into question_links (question_id, related_question_id, kind, created_at, import_source, import_id)
    select q1.id, q2.id, v.kind, coalesce(v.created_at, now()), ${source}, v.import_id
    from ${recordset(
      rows,
      'import_id text, question_import_id text, related_import_id text, kind text, created_at timestamptz',
    )}
    join questions q1 on q1.import_source = ${source} and q1.import_id = v.question_import_id
    join questions q2 on q2.import_source = ${source} and q2.import_id = v.related_import_id
    where q1.id <> q2.id
    on conflict (question_id, related_question_id) do update set kind = 'duplicate'
      where question_links.kind = 'linked' and excluded.kind = 'duplicate'
    returning (xmax = 0) as inserted`.execute(db);
  const inserted = result.filter((row) => row.inserted).length;
  return { inserted, upgraded: result.length - inserted };
}

type VotedPost =
  | { posts: 'questions'; votes: 'question_votes'; key: 'question_id' }
  | {
      posts: 'answers';
      votes: 'answer_votes';
      key: 'answer_id';
    };

const VOTED_POSTS: readonly VotedPost[] = [
  { posts: 'questions', votes: 'question_votes', key: 'question_id' },
  { posts: 'answers', votes: 'answer_votes', key: 'answer_id' },
];

/**
 * Makes every imported post's vote rows add up to its score with synthetic anonymous votes
 * (`fill:<post>:+n` / `fill:<post>:-n`): deletes the ones no longer needed, adds the missing
 * ones. The score itself is never changed, so votes cast in the app since are kept.
 */
export async function fillVotesToScore(
  db: Db,
  source: string,
): Promise<{ inserted: number; deleted: number }> {
  let inserted = 0;
  let deleted = 0;
  for (const { posts, votes, key } of VOTED_POSTS) {
    const target = sql`
      select p.id, p.import_id, p.created_at, p.score - coalesce(r.total, 0) as d
      from ${sql.table(posts)} p
      left join (
        select ${sql.ref(key)} as post_id, sum(value)::int as total from ${sql.table(votes)}
        where not coalesce(import_source = ${source} and import_id like 'fill:%', false)
        group by ${sql.ref(key)}
      ) r on r.post_id = p.id
      where p.import_source = ${source}`;
    deleted += await count(
      db,
      sql`with target as (${target})
          delete from ${sql.table(votes)} x using target t
          where x.${sql.ref(key)} = t.id and x.import_source = ${source} and x.import_id like 'fill:%'
            and (t.d = 0 or x.value <> sign(t.d) or substring(x.import_id from '[0-9]+$')::int > abs(t.d))
          returning x.id`,
    );
    inserted += await count(
      db,
      sql`with target as (${target})
          insert into ${sql.table(votes)} (${sql.ref(key)}, voter_id, value, created_at, import_source, import_id)
          select t.id, null, sign(t.d)::smallint, t.created_at, ${source},
            'fill:' || t.import_id || ':' || case when t.d > 0 then '+' else '-' end || g
          from target t cross join lateral generate_series(1, abs(t.d)) as g
          where t.d <> 0
          on conflict (import_source, import_id) where import_source is not null do nothing
          returning id`,
    );
  }
  return { inserted, deleted };
}

/**
 * Recomputes the counters the app keeps on this source's posts: answer_count (live answers),
 * comment_count (live comments) on questions and answers. Returns how many rows changed.
 */
export async function refreshPostCounters(db: Db, source: string): Promise<number> {
  const answerCounts = count(
    db,
    sql`update questions q set answer_count = c.n
        from (select p.id, count(a.id)::int as n from questions p
              left join answers a on a.question_id = p.id and a.deleted_at is null
              where p.import_source = ${source} group by p.id) c
        where q.id = c.id and q.answer_count <> c.n
        returning q.id`,
  );
  const changed = [await answerCounts];
  for (const { posts, key } of VOTED_POSTS) {
    changed.push(
      await count(
        db,
        sql`update ${sql.table(posts)} x set comment_count = c.n
            from (select p.id, count(k.id)::int as n from ${sql.table(posts)} p
                  left join comments k on k.${sql.ref(key)} = p.id and k.deleted_at is null
                  where p.import_source = ${source} group by p.id) c
            where x.id = c.id and x.comment_count <> c.n
            returning x.id`,
      ),
    );
  }
  return changed.reduce((a, b) => a + b, 0);
}

/**
 * One tags row per tag that a live question carries, and every tag's question_count equal to
 * the number of live questions carrying it. Returns rows created and counts changed.
 */
export async function refreshTags(db: Db): Promise<{ created: number; updated: number }> {
  const created = await count(
    db,
    sql`insert into tags (name)
        select distinct t from questions, unnest(tags) as t where deleted_at is null
        on conflict (name) do nothing
        returning id`,
  );
  const updated = await count(
    db,
    sql`with c as (select t as name, count(*)::int as n from questions, unnest(tags) as t
                   where deleted_at is null group by t)
        update tags set question_count = coalesce(c.n, 0)
        from tags t2 left join c on c.name = t2.name
        where tags.id = t2.id and tags.question_count <> coalesce(c.n, 0)
        returning tags.id`,
  );
  return { created, updated };
}

/** Fills in the descriptions of tags that have none yet (a description edited in the app stays). */
export function setTagDescriptions(db: Db, rows: readonly TagDescription[]): Promise<number> {
  return count(
    db,
    sql`update tags t set description = v.description, description_html = v.description_html
        from ${recordset(rows, 'name text, description text, description_html text')}
        where t.name = v.name and t.description = ''
        returning t.id`,
  );
}

/** Whether the database holds any question at all. */
export async function hasAnyQuestion(db: Db): Promise<boolean> {
  const row = await db.selectFrom('questions').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}
