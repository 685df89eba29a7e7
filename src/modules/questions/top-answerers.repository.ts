import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

type Db = Kysely<DB>;

/** A member's answers under one tag: their summed score and how many (live answers, live questions). */
export interface TagAnswerer {
  readonly userId: number;
  readonly score: number;
  readonly answers: number;
}

function answerersIn(db: Db, tag: string, namePattern: string | undefined) {
  let query = db.selectFrom('tag_answerers as ta').where('ta.tag', '=', tag);
  if (namePattern !== undefined)
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('users as u')
          .select('u.id')
          .whereRef('u.id', '=', 'ta.user_id')
          .where((eb) =>
            eb.or([
              eb('u.username_key', 'like', namePattern),
              eb(eb.fn('lower', ['u.display_name']), 'like', namePattern),
            ]),
          ),
      ),
    );
  return query;
}

/**
 * The members with the most answer score in a tag, best first (ties: more answers, then the
 * earlier member), one page and how many there are: an index range of `tag_answerers`, which
 * triggers keep as answers and tags change (migration 0026). `namePattern` keeps the members
 * whose username key or lower-cased display name is LIKE it.
 */
export async function findTopAnswerersInTag(
  db: Db,
  options: { tag: string; namePattern?: string | undefined; limit: number; offset: number },
): Promise<{ items: TagAnswerer[]; total: number }> {
  const [rows, count] = await Promise.all([
    answerersIn(db, options.tag, options.namePattern)
      .select(['ta.user_id as userId', 'ta.score', 'ta.answers'])
      .orderBy('ta.score', 'desc')
      .orderBy('ta.answers', 'desc')
      .orderBy('ta.user_id')
      .limit(options.limit)
      .offset(options.offset)
      .execute(),
    answerersIn(db, options.tag, options.namePattern)
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((row) => ({
      userId: Number(row.userId),
      score: Number(row.score),
      answers: Number(row.answers),
    })),
    total: Number(count.total),
  };
}
