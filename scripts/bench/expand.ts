// Grows a seeded database to benchmark size in SQL: K copies of every real question with its
// answers, comments, votes and revision 1, each copy with its own title, author, score, view count
// and dates, so the list orders interleave as in a real site. The app's invariants hold for every
// copied row (see checkInvariants): score = sum of vote rows, answer_count / comment_count count
// live rows, tags.question_count counts live questions, one revision per post.
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { slugify } from '../../src/modules/questions/questions.rules.js';
import type { DB } from '../../src/platform/db/index.js';

type Db = Kysely<DB>;

/** import_source of every row the expansion writes; import_id is `<copy>:<original id>`. */
export const BENCH_SOURCE = 'bench';

// What each copy of a question is "about": its title gets one of these, copy by copy.
const CONTEXTS = (
  'on Linux|on Windows|on macOS|in Docker|in production|with Python 3|with Node.js|' +
  'on Kubernetes|in a CI pipeline|on a large dataset|with PostgreSQL|on ARM|in a monorepo|' +
  'after upgrading|with TypeScript|on AWS|behind a proxy|in a Jupyter notebook|with Rust|' +
  'on Android|in the browser|with Java 21|on a Raspberry Pi|at scale|in unit tests|with Go|' +
  'offline|on a GPU|on a cluster|with limited memory'
).split('|');

function contextOf(copy: number): string {
  const base = CONTEXTS[(copy - 1) % CONTEXTS.length] ?? 'again';
  return copy > CONTEXTS.length ? `${base}, case ${copy}` : base;
}

/** A deterministic pseudo-random non-negative bigint from a row id, the copy and a salt. */
function hash(id: RawBuilder<unknown>, copy: number, salt: number): RawBuilder<number> {
  return sql<number>`abs(hashint8((${id})::bigint * 1000003 + ${copy * 97 + salt}::bigint)::bigint)`;
}

/** How far back in time copy `copy` of question `questionId` lives: ~2 months per copy, jittered. */
function offset(questionId: RawBuilder<unknown>, copy: number): RawBuilder<unknown> {
  return sql`make_interval(days => (${copy * 61} + ${hash(questionId, copy, 1)} % 90)::int,
    secs => (${hash(questionId, copy, 2)} % 86400)::double precision)`;
}

/** A varied score around the original's: 0.3–1.8 times it, ±2. */
function score(original: RawBuilder<unknown>, id: RawBuilder<unknown>, copy: number): RawBuilder<unknown> {
  return sql`(floor(${original} * (0.3 + (${hash(id, copy, 3)} % 150) / 100.0)) + ${hash(id, copy, 4)} % 5 - 2)::int`;
}

/** Vote rows adding up to `score`: score + downs up-votes, then a few down-votes now and then. */
function votesFor(post: 'question' | 'answer', copy: number): RawBuilder<unknown> {
  const table = sql.table(`${post}_votes`);
  const key = sql.ref(`${post}_id`);
  return sql`insert into ${table} (${key}, voter_id, value, created_at)
    select p.id, null, case when g <= p.score + p.downs then 1 else -1 end::smallint,
      p.created_at + g * interval '47 minutes'
    from (select id, score, created_at, greatest(-score, 0)
            + case when ${hash(sql.ref('id'), copy, 5)} % 4 = 0 then (${hash(sql.ref('id'), copy, 6)} % 3)::int else 0 end
            as downs
          from ins) p
    cross join lateral generate_series(1, p.score + 2 * p.downs) as g`;
}

/** Authors for copies: any account, picked by hash (row numbers make that one join). */
const authors = sql`(select id, row_number() over (order by id) - 1 as rn from users)`;

async function run(db: Db, query: RawBuilder<unknown>): Promise<number> {
  const result = await query.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Runs a statement ending in `select … as n` and returns n. */
async function scalar(db: Db, query: RawBuilder<unknown>): Promise<number> {
  const { rows } = await (query as RawBuilder<{ n: number }>).execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Adds placeholder members (no password: they cannot sign in) up to `total` accounts. */
export async function addMembers(db: Db, total: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from users`.execute(db);
  const missing = total - (rows[0]?.n ?? 0);
  if (missing <= 0) return 0;
  const first = sql`array['Alex','Wei','Maria','Jun','Priya','Lukas','Sofia','Hiroshi','Fatima','Ivan',
    'Chen','Amara','Diego','Mei','Olga','Tom','Yuki','Omar','Lena','Ravi']`;
  const last = sql`array['Smith','Wang','Garcia','Li','Kumar','Müller','Rossi','Tanaka','Khan','Petrov',
    'Zhang','Okafor','Silva','Liu','Novak','Brown','Sato','Haddad','Berg','Patel']`;
  const h = hash(sql.ref('n'), 0, 7);
  return run(
    db,
    sql`insert into users (username, username_key, email, email_key, display_name, password_hash, reputation,
          created_at, updated_at, about, import_source, import_id)
        select 'member' || n, 'member' || n, 'member' || n || '@bench.invalid', 'member' || n || '@bench.invalid',
          (${first})[1 + ${h} % 20] || ' ' || (${last})[1 + (${h} / 20) % 20], '!',
          1 + (power(${h} % 1000, 3) / 100000)::int, now() - make_interval(days => (${h} % 3000)::int),
          now(), '', ${BENCH_SOURCE}, 'member:' || n
        from generate_series(1, ${missing}) as n
        on conflict do nothing`,
  );
}

export interface CopyCounts {
  questions: number;
  answers: number;
  comments: number;
}

/** The highest id of each kind of post before the expansion: everything up to it is an original. */
export interface Originals {
  question: number;
  answer: number;
  comment: number;
}

export async function originalsOf(db: Db): Promise<Originals> {
  const { rows } = await sql<Originals>`select
      (select coalesce(max(id), 0) from questions)::int8 as question,
      (select coalesce(max(id), 0) from answers)::int8 as answer,
      (select coalesce(max(id), 0) from comments)::int8 as comment`.execute(db);
  return rows[0] ?? { question: 0, answer: 0, comment: 0 };
}

/**
 * Writes copy number `copy` (1, 2, …) of every original question (id up to `originals`), with
 * its answers, accepted answer, comments, votes and revisions.
 */
export async function writeCopy(db: Db, copy: number, originals: Originals): Promise<CopyCounts> {
  const key = (id: RawBuilder<unknown>) => sql`${copy}::text || ':' || ${id}`;
  // Rows of this copy have ids above these: the joins below look only there, not at every copy.
  const before = await originalsOf(db);
  const ctx = contextOf(copy);
  const ctxSlug = slugify(ctx);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from users`.execute(db);
  const users = rows[0]?.n ?? 1;
  const pick = (id: RawBuilder<unknown>, salt: number) => sql`${hash(id, copy, salt)} % ${users}`;

  const questions = await scalar(
    db,
    sql`with ins as (
          insert into questions (author_id, title, slug, body, body_html, body_text, tags, score, answer_count,
            comment_count, view_count, created_at, updated_at, last_activity_at, deleted_at, import_source,
            import_id, license, source_url, language)
          select case when q.author_id is null then null else u.id end,
            left(q.title || ' (' || ${ctx} || ')', 150), rtrim(left(q.slug || '-' || ${ctxSlug}, 80), '-'),
            q.body, q.body_html, q.body_text, q.tags, ${score(sql.ref('q.score'), sql.ref('q.id'), copy)},
            q.answer_count, q.comment_count,
            (q.view_count * (0.2 + (${hash(sql.ref('q.id'), copy, 8)} % 200) / 100.0))::int,
            q.created_at - ${offset(sql.ref('q.id'), copy)}, q.updated_at - ${offset(sql.ref('q.id'), copy)},
            q.last_activity_at - ${offset(sql.ref('q.id'), copy)}, q.deleted_at - ${offset(sql.ref('q.id'), copy)},
            ${BENCH_SOURCE}, ${key(sql.ref('q.id'))}, q.license, q.source_url, q.language
          from questions q
          join ${authors} u on u.rn = ${pick(sql.ref('q.id'), 9)}
          where q.id <= ${originals.question}
          returning id, author_id, title, body, tags, score, created_at
        ), rev as (
          insert into revisions (question_id, number, author_id, kind, title, body, tags, created_at)
          select id, 1, author_id, 'create', title, body, tags, created_at from ins
        ), votes as (${votesFor('question', copy)})
        select count(*)::int as n from ins`,
  );

  const answers = await scalar(
    db,
    sql`with ins as (
          insert into answers (question_id, author_id, body, body_html, body_text, score, comment_count,
            created_at, updated_at, deleted_at, import_source, import_id, license, source_url)
          select nq.id, case when a.author_id is null then null else u.id end, a.body, a.body_html, a.body_text,
            ${score(sql.ref('a.score'), sql.ref('a.id'), copy)}, a.comment_count,
            a.created_at - ${offset(sql.ref('a.question_id'), copy)},
            a.updated_at - ${offset(sql.ref('a.question_id'), copy)},
            a.deleted_at - ${offset(sql.ref('a.question_id'), copy)},
            ${BENCH_SOURCE}, ${key(sql.ref('a.id'))}, a.license, a.source_url
          from answers a
          join questions nq on nq.id > ${before.question} and nq.import_source = ${BENCH_SOURCE}
            and nq.import_id = ${key(sql.ref('a.question_id'))}
          join ${authors} u on u.rn = ${pick(sql.ref('a.id'), 10)}
          where a.id <= ${originals.answer}
          returning id, author_id, body, score, created_at
        ), rev as (
          insert into revisions (answer_id, number, author_id, kind, body, created_at)
          select id, 1, author_id, 'create', body, created_at from ins
        ), votes as (${votesFor('answer', copy)})
        select count(*)::int as n from ins`,
  );

  await run(
    db,
    sql`update questions nq set accepted_answer_id = na.id
        from questions oq
        join answers na on na.id > ${before.answer} and na.import_source = ${BENCH_SOURCE}
          and na.import_id = ${key(sql.ref('oq.accepted_answer_id'))}
        where oq.id <= ${originals.question} and oq.accepted_answer_id is not null
          and nq.id > ${before.question} and nq.import_source = ${BENCH_SOURCE} and nq.import_id = ${key(sql.ref('oq.id'))}`,
  );

  const commentColumns = sql`question_id, answer_id, author_id, body, body_html, score, created_at, updated_at,
    deleted_at, import_source, import_id`;
  const shifted = (questionId: RawBuilder<unknown>) =>
    sql`c.created_at - ${offset(questionId, copy)}, c.updated_at - ${offset(questionId, copy)},
      c.deleted_at - ${offset(questionId, copy)}, ${BENCH_SOURCE}, ${key(sql.ref('c.id'))}`;
  const onQuestions = await run(
    db,
    sql`insert into comments (${commentColumns})
        select nq.id, null, case when c.author_id is null then null else u.id end, c.body, c.body_html, c.score,
          ${shifted(sql.ref('c.question_id'))}
        from comments c
        join questions nq on nq.id > ${before.question} and nq.import_source = ${BENCH_SOURCE}
          and nq.import_id = ${key(sql.ref('c.question_id'))}
        join ${authors} u on u.rn = ${pick(sql.ref('c.id'), 11)}
        where c.id <= ${originals.comment} and c.question_id is not null`,
  );
  const onAnswers = await run(
    db,
    sql`insert into comments (${commentColumns})
        select null, na.id, case when c.author_id is null then null else u.id end, c.body, c.body_html, c.score,
          ${shifted(sql.ref('oa.question_id'))}
        from comments c
        join answers oa on oa.id = c.answer_id
        join answers na on na.id > ${before.answer} and na.import_source = ${BENCH_SOURCE}
          and na.import_id = ${key(sql.ref('c.answer_id'))}
        join ${authors} u on u.rn = ${pick(sql.ref('c.id'), 11)}
        where c.id <= ${originals.comment} and c.answer_id is not null`,
  );
  return { questions, answers, comments: onQuestions + onAnswers };
}

/** Sets every tag's question_count to the number of live questions carrying it. */
export async function refreshTagCounts(db: Db): Promise<number> {
  return run(
    db,
    sql`update tags set question_count = coalesce(c.n, 0)
        from tags t2 left join (
          select t as name, count(*)::int as n from questions, unnest(tags) as t where deleted_at is null group by t
        ) c on c.name = t2.name
        where tags.id = t2.id and tags.question_count <> coalesce(c.n, 0)`,
  );
}

export interface InvariantReport {
  /** Posts whose score is not the sum of their vote rows. */
  scoreMismatch: number;
  /** Questions whose answer_count is not their live answers. */
  answerCountMismatch: number;
  /** Posts whose comment_count is not their live comments. */
  commentCountMismatch: number;
  /** Tags whose question_count is not their live questions. */
  tagCountMismatch: number;
  /** Posts without exactly one revision number 1. */
  missingRevision: number;
}

async function count(db: Db, query: RawBuilder<unknown>): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from (${query}) x`.execute(db);
  return rows[0]?.n ?? 0;
}

/** Checks the app's invariants over the whole database (every row, not a sample). */
export async function checkInvariants(db: Db): Promise<InvariantReport> {
  const scoreOff = (posts: string, votes: string, keyColumn: string) =>
    count(
      db,
      sql`select p.id from ${sql.table(posts)} p
          left join (select ${sql.ref(keyColumn)} as id, sum(value)::int as s from ${sql.table(votes)}
                     group by ${sql.ref(keyColumn)}) v on v.id = p.id
          where p.score <> coalesce(v.s, 0)`,
    );
  const commentsOff = (posts: string, keyColumn: string) =>
    count(
      db,
      sql`select p.id from ${sql.table(posts)} p
          left join (select ${sql.ref(keyColumn)} as id, count(*)::int as n from comments
                     where deleted_at is null and ${sql.ref(keyColumn)} is not null group by 1) c on c.id = p.id
          where p.comment_count <> coalesce(c.n, 0)`,
    );
  const revisionOff = (posts: string, keyColumn: string) =>
    count(
      db,
      sql`select p.id from ${sql.table(posts)} p
          where not exists (select 1 from revisions r where r.${sql.ref(keyColumn)} = p.id and r.number = 1)`,
    );
  return {
    scoreMismatch:
      (await scoreOff('questions', 'question_votes', 'question_id')) +
      (await scoreOff('answers', 'answer_votes', 'answer_id')),
    answerCountMismatch: await count(
      db,
      sql`select q.id from questions q
          left join (select question_id as id, count(*)::int as n from answers where deleted_at is null group by 1) a
            on a.id = q.id
          where q.answer_count <> coalesce(a.n, 0)`,
    ),
    commentCountMismatch:
      (await commentsOff('questions', 'question_id')) + (await commentsOff('answers', 'answer_id')),
    tagCountMismatch: await count(
      db,
      sql`select t.id from tags t
          left join (select x as name, count(*)::int as n from questions, unnest(tags) x
                     where deleted_at is null group by 1) c on c.name = t.name
          where t.question_count <> coalesce(c.n, 0)`,
    ),
    missingRevision:
      (await revisionOff('questions', 'question_id')) + (await revisionOff('answers', 'answer_id')),
  };
}
