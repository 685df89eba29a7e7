import { sql } from 'kysely';
import type { Db } from './imports.repository.js';

// Each check counts the rows that break one invariant the app keeps (and the loader must keep
// too, since it writes the tables directly).
const CHECKS: ReadonlyArray<readonly [string, ReturnType<typeof sql<{ n: number }>>]> = [
  [
    'question score differs from the sum of its votes',
    sql`select count(*)::int as n from questions q
        left join (select question_id, sum(value)::int as s from question_votes group by question_id) v
          on v.question_id = q.id
        where q.score <> coalesce(v.s, 0)`,
  ],
  [
    'answer score differs from the sum of its votes',
    sql`select count(*)::int as n from answers a
        left join (select answer_id, sum(value)::int as s from answer_votes group by answer_id) v
          on v.answer_id = a.id
        where a.score <> coalesce(v.s, 0)`,
  ],
  [
    'answer_count differs from the live answers',
    sql`select count(*)::int as n from questions q
        left join (select question_id, count(*)::int as c from answers where deleted_at is null group by question_id) a
          on a.question_id = q.id
        where q.answer_count <> coalesce(a.c, 0)`,
  ],
  [
    'question comment_count differs from the live comments',
    sql`select count(*)::int as n from questions q
        left join (select question_id, count(*)::int as c from comments where deleted_at is null group by question_id) k
          on k.question_id = q.id
        where q.comment_count <> coalesce(k.c, 0)`,
  ],
  [
    'answer comment_count differs from the live comments',
    sql`select count(*)::int as n from answers a
        left join (select answer_id, count(*)::int as c from comments where deleted_at is null group by answer_id) k
          on k.answer_id = a.id
        where a.comment_count <> coalesce(k.c, 0)`,
  ],
  [
    'tag question_count differs from the live questions carrying it',
    sql`select count(*)::int as n from tags t
        left join (select tag, count(*)::int as c from questions, unnest(tags) as tag
                   where deleted_at is null group by tag) q on q.tag = t.name
        where t.question_count <> coalesce(q.c, 0)`,
  ],
  [
    'tag carried by a live question has no tags row',
    sql`select count(distinct tag)::int as n from questions, unnest(tags) as tag
        where deleted_at is null and not exists (select 1 from tags t where t.name = tag)`,
  ],
  [
    'question_tags differs from the live questions and their tags',
    sql`select count(*)::int as n from (
          (select t as tag, id, created_at, score, last_activity_at, answer_count
             from questions, unnest(tags) as t where deleted_at is null
           except
           select tag, question_id, created_at, score, last_activity_at, answer_count from question_tags)
          union all
          (select tag, question_id, created_at, score, last_activity_at, answer_count from question_tags
           except
           select t, id, created_at, score, last_activity_at, answer_count
             from questions, unnest(tags) as t where deleted_at is null)
        ) as difference`,
  ],
  [
    'question without revision 1',
    sql`select count(*)::int as n from questions q
        where not exists (select 1 from revisions r where r.question_id = q.id and r.number = 1)`,
  ],
  [
    'answer without revision 1',
    sql`select count(*)::int as n from answers a
        where not exists (select 1 from revisions r where r.answer_id = a.id and r.number = 1)`,
  ],
  [
    'accepted answer belongs to another question',
    sql`select count(*)::int as n from questions q join answers a on a.id = q.accepted_answer_id
        where a.question_id <> q.id`,
  ],
  [
    'body_html with a script tag or an event-handler attribute',
    sql`select (select count(*) from questions where body_html ~* '<script|<[^>]*\\son[a-z]+\\s*=')::int
             + (select count(*) from answers where body_html ~* '<script|<[^>]*\\son[a-z]+\\s*=')::int
             + (select count(*) from comments where body_html ~* '<script|<[^>]*\\son[a-z]+\\s*=')::int as n`,
  ],
  [
    'imported account that could sign in',
    sql`select count(*)::int as n from users where import_source is not null and password_hash <> '!'`,
  ],
];

/** The invariants the imported data breaks, as "<what>: <rows>" lines; empty when all hold. */
export async function findInvariantViolations(db: Db): Promise<string[]> {
  const problems: string[] = [];
  for (const [what, query] of CHECKS) {
    const { rows } = await query.execute(db);
    const n = rows[0]?.n ?? 0;
    if (n > 0) problems.push(`${what}: ${n}`);
  }
  return problems;
}
