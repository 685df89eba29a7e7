import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.js';
import { runTransaction, type TransactionContext } from '../../platform/db/transaction.js';

const HOUR_MS = 3_600_000;

/** Who is viewing, without storing an IP address: a member id, or a hash of address and browser. */
export function viewerKey(viewer: {
  userId?: number | undefined;
  ip: string;
  userAgent: string | null;
}): string {
  if (viewer.userId !== undefined) return `u:${viewer.userId}`;
  return `a:${createHash('sha256')
    .update(`${viewer.ip}|${viewer.userAgent ?? ''}`)
    .digest('base64url')
    .slice(0, 22)}`;
}

/**
 * Counts question views once per viewer per hour without a database write in the request path:
 * views are buffered in memory and written in batches. The per-hour marks live in the database
 * (`question_view_marks`), so several app instances still count a viewer once. A crash loses at
 * most one flush interval of views, which a view counter can afford.
 */
export class ViewCounter {
  readonly #pending = new Map<string, { questionId: number; viewerKey: string; hour: Date }>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: TransactionContext & { readonly clock: Clock },
    private readonly options: { flushIntervalMs: number; maxPending: number } = {
      flushIntervalMs: 5_000,
      maxPending: 2_000,
    },
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Notes one view; cheap and synchronous. */
  record(questionId: number, viewer: string): void {
    const hour = new Date(Math.floor(this.ctx.clock.now().getTime() / HOUR_MS) * HOUR_MS);
    this.#pending.set(`${questionId}|${viewer}|${hour.getTime()}`, { questionId, viewerKey: viewer, hour });
    if (this.#pending.size >= this.options.maxPending) void this.flush();
  }

  start(): void {
    this.#timer ??= setInterval(() => void this.flush(), this.options.flushIntervalMs);
    this.#timer.unref();
  }

  /** Writes what is buffered; flushes never overlap. */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(() => this.#write()).catch(this.onError);
    return this.#flushing;
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.flush();
  }

  async #write(): Promise<void> {
    if (this.#pending.size === 0) return;
    const marks = [...this.#pending.values()];
    this.#pending.clear();
    const now = this.ctx.clock.now();
    // Retried on a deadlock with the app's writes to the same questions (the counts are rolled back with it).
    await runTransaction(this.ctx, async (trx) => {
      const counted = new Map<number, number>();
      for (let i = 0; i < marks.length; i += 500) {
        const values = marks
          .slice(i, i + 500)
          .map((m) => sql`(${m.questionId}::bigint, ${m.viewerKey}::text, ${m.hour}::timestamptz)`);
        // Joined to questions so a view of a question deleted meanwhile is simply dropped.
        const { rows: inserted } = await sql<{ question_id: number }>`
          insert into question_view_marks (question_id, viewer_key, hour)
          select v.question_id, v.viewer_key, v.hour
          from (values ${sql.join(values)}) as v(question_id, viewer_key, hour)
          join questions on questions.id = v.question_id
          on conflict do nothing
          returning question_id`.execute(trx);
        for (const row of inserted) counted.set(row.question_id, (counted.get(row.question_id) ?? 0) + 1);
      }
      if (counted.size > 0) {
        const rows = [...counted].map(([id, n]) => sql`(${id}::bigint, ${n}::int)`);
        await sql`update questions set view_count = view_count + v.n
          from (values ${sql.join(rows)}) as v(id, n) where questions.id = v.id`.execute(trx);
      }
      await trx
        .deleteFrom('question_view_marks')
        .where('hour', '<', new Date(now.getTime() - 2 * HOUR_MS))
        .execute();
    });
  }
}
