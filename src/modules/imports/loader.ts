import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { runTransaction, stderrTransactionLog, type TransactionLog } from '../../platform/db/transaction.js';
import { renderMarkdown } from '../../platform/markdown/index.js';
import { detectLanguage } from '../../platform/text/language.js';
import { replaceUnsafeChars } from '../../platform/text/unsafe-chars.js';
import { confusableSkeleton, emailKey, usernameKey } from '../accounts/index.js';
import { slugify } from '../questions/index.js';
import { htmlToMarkdown } from './html-to-markdown.js';
import type {
  Body,
  ImportAnswer,
  ImportComment,
  ImportLink,
  ImportQuestion,
  ImportUser,
  ImportVote,
} from './import-rows.js';
import * as repo from './imports.repository.js';
import {
  importEmail,
  importTags,
  NO_LOGIN_PASSWORD_HASH,
  plainTitle,
  stripShortcodes,
  suffixedUsername,
  usernameFromDisplayName,
} from './imports.rules.js';
import { emptySummary, type Summary, tally } from './summary.js';

export type * from './import-rows.js';

export interface LoaderOptions {
  /** import_source of every row written: `se:ai`, `seed:zh_tech_faq`. */
  source: string;
  /** Short name used in placeholder e-mails and de-duplicated usernames: `ai`, `zh_tech_faq`. */
  sourceKey: string;
  /** HTML bodies write formulas as `$…$` (see htmlToMarkdown). */
  math?: boolean | undefined;
  /** Where relative links in HTML bodies point. */
  baseUrl?: string | undefined;
  /** Rows per statement (default 500). */
  batchSize?: number | undefined;
  /** Where retried batches are reported (default: stderr). */
  log?: TransactionLog | undefined;
}

type Kind = 'users' | 'questions' | 'answers' | 'accepted' | 'comments' | 'votes' | 'links';

// What must be written before a batch of each kind, so every reference it makes resolves.
const NEEDS: Record<Kind, readonly Kind[]> = {
  users: [],
  questions: ['users'],
  answers: ['questions'],
  accepted: ['answers'],
  comments: ['questions', 'answers'],
  votes: ['questions', 'answers'],
  links: ['questions'],
};

interface Buffers {
  users: ImportUser[];
  questions: ImportQuestion[];
  answers: ImportAnswer[];
  accepted: repo.AcceptedPair[];
  comments: ImportComment[];
  votes: ImportVote[];
  links: ImportLink[];
}

/**
 * The bulk loader shared by every reader (Stack Exchange JSONL and XML, the Chinese seed sets):
 * buffers rows, writes them in batches (one transaction and a few statements per batch) straight
 * into the community tables, and keeps the app's invariants itself — revision 1 per post, a
 * score equal to its vote rows, correct counters and tag counts (see README.md). Re-running
 * with the same rows writes nothing new.
 */
export class ImportLoader {
  readonly summary: Summary = emptySummary();
  private readonly buffers: Buffers = {
    users: [],
    questions: [],
    answers: [],
    accepted: [],
    comments: [],
    votes: [],
    links: [],
  };
  private readonly tagDescriptions = new Map<string, Body>();
  private readonly batchSize: number;
  private readonly started = performance.now();

  constructor(
    private readonly db: repo.Db,
    private readonly options: LoaderOptions,
  ) {
    this.batchSize = options.batchSize ?? 500;
  }

  get source(): string {
    return this.options.source;
  }

  user(row: ImportUser): Promise<void> {
    return this.push('users', row);
  }

  question(row: ImportQuestion): Promise<void> {
    return this.push('questions', row);
  }

  answer(row: ImportAnswer): Promise<void> {
    return this.push('answers', row);
  }

  /** Marks an answer as its question's accepted one. */
  accepted(questionImportId: string, answerImportId: string): Promise<void> {
    return this.push('accepted', { question_import_id: questionImportId, answer_import_id: answerImportId });
  }

  comment(row: ImportComment): Promise<void> {
    return this.push('comments', row);
  }

  vote(row: ImportVote): Promise<void> {
    return this.push('votes', row);
  }

  link(row: ImportLink): Promise<void> {
    return this.push('links', row);
  }

  /** A tag's description (written at finish(), and only where the tag has none). */
  tagDescription(name: string, body: Body): void {
    this.tagDescriptions.set(name, body);
  }

  /** Counts rows a reader dropped before they reached the loader. */
  skip(kind: string, count = 1): void {
    tally(this.summary, kind, { skipped: count });
  }

  note(text: string): void {
    this.summary.notes.push(text);
  }

  private async push<K extends Kind>(kind: K, row: Buffers[K][number]): Promise<void> {
    const buffer = this.buffers[kind] as Buffers[K][number][];
    buffer.push(row);
    if (buffer.length >= this.batchSize) await this.flush(kind);
  }

  /** Writes what is buffered (of one kind and what it needs, or everything). */
  async flush(kind?: Kind): Promise<void> {
    if (!kind) {
      for (const each of Object.keys(NEEDS) as Kind[]) await this.flush(each);
      return;
    }
    for (const need of NEEDS[kind]) await this.flush(need);
    switch (kind) {
      case 'users':
        return this.writeUsers(this.buffers.users.splice(0));
      case 'questions':
        return this.writeQuestions(this.buffers.questions.splice(0));
      case 'answers':
        return this.writeAnswers(this.buffers.answers.splice(0));
      case 'accepted':
        return this.writeAccepted(this.buffers.accepted.splice(0));
      case 'comments':
        return this.writeComments(this.buffers.comments.splice(0));
      case 'votes':
        return this.writeVotes(this.buffers.votes.splice(0));
      case 'links':
        return this.writeLinks(this.buffers.links.splice(0));
    }
  }

  /**
   * Flushes, then brings derived data in line: synthetic votes so that score = sum of vote rows,
   * answer and comment counts, tag rows and their question counts, tag descriptions.
   */
  async finish(): Promise<Summary> {
    await this.flush();
    const { source } = this.options;
    const fill = await this.transaction((trx) => repo.fillVotesToScore(trx, source));
    tally(this.summary, 'votes (score fill)', { inserted: fill.inserted });
    if (fill.deleted > 0) this.note(`${source}: removed ${fill.deleted} score-fill votes no longer needed`);
    const counters = await this.transaction((trx) => repo.refreshPostCounters(trx, source));
    const tags = await this.transaction((trx) => repo.refreshTags(trx));
    tally(this.summary, 'tags', { inserted: tags.created });
    if (counters + tags.updated > 0) {
      this.note(`${source}: counters set on ${counters} posts, question_count on ${tags.updated} tags`);
    }
    if (this.tagDescriptions.size > 0) {
      const rows = [...this.tagDescriptions].map(([name, body]) => {
        const rendered = this.render(body);
        return { name, description: rendered.body, description_html: rendered.body_html };
      });
      let described = 0;
      for (let i = 0; i < rows.length; i += this.batchSize) {
        const batch = rows.slice(i, i + this.batchSize);
        described += await this.transaction((trx) => repo.setTagDescriptions(trx, batch));
      }
      // The others already have a description (an earlier run, or written in the app).
      tally(this.summary, 'tag descriptions', { inserted: described, existing: rows.length - described });
    }
    this.summary.elapsedMs = performance.now() - this.started;
    return this.summary;
  }

  private render(
    body: Body,
    mode: 'full' | 'inline' = 'full',
  ): { body: string; body_html: string; body_text: string } {
    // Imports never pass the request edge: the control and bidi characters it refuses are removed here.
    const markdown = replaceUnsafeChars(
      stripShortcodes(
        'html' in body
          ? htmlToMarkdown(body.html, { math: this.options.math, baseUrl: this.options.baseUrl })
          : body.markdown,
      ),
      'text',
    );
    const { html, text } = renderMarkdown(markdown, { mode });
    return { body: markdown, body_html: html, body_text: text };
  }

  /** Rows whose import id is new, after counting the others as existing (or as repeats in the batch). */
  private async fresh<T extends { importId: string }>(
    table: repo.ImportedTable,
    kind: string,
    rows: readonly T[],
  ): Promise<T[]> {
    const existing = await repo.existingImportIds(
      this.db,
      table,
      this.options.source,
      rows.map((row) => row.importId),
    );
    const seen = new Set<string>();
    let known = 0;
    let repeated = 0;
    const fresh = rows.filter((row) => {
      if (existing.has(row.importId)) known += 1;
      else if (seen.has(row.importId)) repeated += 1;
      else {
        seen.add(row.importId);
        return true;
      }
      return false;
    });
    tally(this.summary, kind, { existing: known, skipped: repeated });
    return fresh;
  }

  private async writeUsers(rows: ImportUser[]): Promise<void> {
    if (rows.length === 0) return;
    const fresh = await this.fresh('users', 'users', rows);
    if (fresh.length === 0) return;
    const inserted = await this.transaction((trx) => this.createUsers(trx, fresh));
    tally(this.summary, 'users', { inserted, skipped: fresh.length - inserted });
  }

  /**
   * Runs one batch's writes in a transaction of their own, retried on a deadlock or serialization
   * failure (a bulk load may run beside the app): `work` changes nothing but the database, and
   * the summary is tallied once it has committed.
   */
  private transaction<T>(work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    return runTransaction({ db: this.db, log: this.options.log ?? stderrTransactionLog }, work);
  }

  /**
   * Creates the placeholder accounts that a batch of posts names and that do not exist yet: how
   * many were created, or undefined when none was missing.
   */
  private async ensureAuthors(
    trx: repo.Db,
    authors: ReadonlyArray<ImportUser | null>,
  ): Promise<number | undefined> {
    const unique = new Map<string, ImportUser>();
    for (const author of authors)
      if (author && !unique.has(author.importId)) unique.set(author.importId, author);
    if (unique.size === 0) return undefined;
    const existing = await repo.existingImportIds(trx, 'users', this.options.source, [...unique.keys()]);
    const missing = [...unique.values()].filter((author) => !existing.has(author.importId));
    if (missing.length === 0) return undefined;
    return this.createUsers(trx, missing);
  }

  private placeholders(created: number | undefined): void {
    if (created !== undefined) tally(this.summary, 'users (placeholders)', { inserted: created });
  }

  private async createUsers(trx: repo.Db, users: readonly ImportUser[]): Promise<number> {
    const { sourceKey, source } = this.options;
    const bases = users.map(
      (user) =>
        (user.usernameHint && usernameFromDisplayName(user.usernameHint)) ??
        usernameFromDisplayName(user.displayName) ??
        (/^-?\d+$/.test(user.importId) ? `user${user.importId}` : 'user'),
    );
    const candidates = users.flatMap((user, i) => [
      bases[i] ?? '',
      suffixedUsername(bases[i] ?? '', sourceKey, user.importId),
    ]);
    // A name is free when no member has its key nor its confusable skeleton (as the accounts
    // module refuses "аdmin" with a Cyrillic а beside "admin" at sign-up).
    const taken = await takenMarks(trx, candidates);
    const checked = new Set(candidates.flatMap(usernameMarks));
    const isFree = async (name: string): Promise<boolean> => {
      const marks = usernameMarks(name);
      if (marks.some((mark) => !checked.has(mark))) {
        for (const mark of marks) checked.add(mark);
        for (const mark of await takenMarks(trx, [name])) taken.add(mark);
      }
      return marks.every((mark) => !taken.has(mark));
    };
    const rows: repo.UserInsert[] = [];
    for (const [i, user] of users.entries()) {
      const base = bases[i] ?? 'user';
      let username = base;
      for (let attempt = 0; !(await isFree(username)); attempt++) {
        username = suffixedUsername(base, sourceKey, user.importId, attempt);
      }
      // Taken from now on, for the rest of this batch too.
      for (const mark of usernameMarks(username)) taken.add(mark);
      const email = importEmail(sourceKey, user.importId);
      rows.push({
        import_id: user.importId,
        username,
        username_key: usernameKey(username),
        username_skeleton: confusableSkeleton(username),
        email,
        email_key: emailKey(email),
        display_name: user.displayName,
        password_hash: NO_LOGIN_PASSWORD_HASH,
        reputation: Math.max(1, Math.trunc(user.reputation ?? 1)),
        created_at: user.createdAt ?? null,
        about: replaceUnsafeChars(user.about, 'text'),
      });
    }
    return repo.insertUsers(trx, source, rows);
  }

  private async writeQuestions(rows: ImportQuestion[]): Promise<void> {
    if (rows.length === 0) return;
    const fresh = await this.fresh('questions', 'questions', rows);
    if (fresh.length === 0) return;
    const inserts = fresh.map((row): repo.QuestionInsert => {
      const title = plainTitle(row.title);
      const rendered = this.render(row.body);
      return {
        import_id: row.importId,
        author_import_id: row.author?.importId ?? null,
        title,
        slug: slugify(title),
        ...rendered,
        tags: importTags(row.tags),
        language: detectLanguage(title, rendered.body_text),
        score: row.score,
        view_count: Math.max(0, row.viewCount),
        created_at: row.createdAt,
        updated_at: row.updatedAt,
        last_activity_at: row.lastActivityAt,
        license: row.license,
        source_url: row.sourceUrl,
      };
    });
    const inserted = await this.insertAuthored(fresh, 'questions', (trx) =>
      repo.insertQuestions(trx, this.options.source, inserts),
    );
    tally(this.summary, 'revisions', { inserted });
  }

  /**
   * Inserts rows with placeholder accounts for the authors they name, in one transaction, and
   * counts them under `kind`; gives how many rows were inserted.
   */
  private async insertAuthored(
    fresh: ReadonlyArray<{ author: ImportUser | null }>,
    kind: string,
    insert: (trx: repo.Db) => Promise<number>,
  ): Promise<number> {
    const { placeholders, inserted } = await this.transaction(async (trx) => ({
      placeholders: await this.ensureAuthors(
        trx,
        fresh.map((row) => row.author),
      ),
      inserted: await insert(trx),
    }));
    this.placeholders(placeholders);
    tally(this.summary, kind, { inserted, skipped: fresh.length - inserted });
    return inserted;
  }

  private async writeAnswers(rows: ImportAnswer[]): Promise<void> {
    if (rows.length === 0) return;
    const fresh = await this.fresh('answers', 'answers', rows);
    if (fresh.length === 0) return;
    const inserts = fresh.map(
      (row): repo.AnswerInsert => ({
        import_id: row.importId,
        question_import_id: row.questionImportId,
        author_import_id: row.author?.importId ?? null,
        ...this.render(row.body),
        score: row.score,
        created_at: row.createdAt,
        updated_at: row.updatedAt,
        license: row.license,
        source_url: row.sourceUrl,
      }),
    );
    const inserted = await this.insertAuthored(fresh, 'answers', (trx) =>
      repo.insertAnswers(trx, this.options.source, inserts),
    );
    tally(this.summary, 'revisions', { inserted });
  }

  private async writeAccepted(pairs: repo.AcceptedPair[]): Promise<void> {
    if (pairs.length === 0) return;
    const updated = await this.transaction((trx) => repo.setAcceptedAnswers(trx, this.options.source, pairs));
    // Pairs not applied are already set (a re-run) or name an answer that was not imported.
    tally(this.summary, 'accepted answers', { inserted: updated, existing: pairs.length - updated });
  }

  private async writeComments(rows: ImportComment[]): Promise<void> {
    if (rows.length === 0) return;
    const fresh = await this.fresh('comments', 'comments', rows);
    if (fresh.length === 0) return;
    const inserts = fresh.map((row): repo.CommentInsert => {
      const { body, body_html } = this.render({ markdown: row.markdown }, 'inline');
      return {
        import_id: row.importId,
        post_import_id: row.postImportId,
        author_import_id: row.author?.importId ?? null,
        body,
        body_html,
        score: row.score,
        created_at: row.createdAt,
      };
    });
    await this.insertAuthored(fresh, 'comments', (trx) =>
      repo.insertComments(trx, this.options.source, inserts),
    );
  }

  private async writeVotes(rows: ImportVote[]): Promise<void> {
    if (rows.length === 0) return;
    const { source } = this.options;
    const ids = rows.map((row) => row.importId);
    // A vote id names a question's vote or an answer's: look in both tables.
    const [onQuestions, onAnswers] = await Promise.all([
      repo.existingImportIds(this.db, 'question_votes', source, ids),
      repo.existingImportIds(this.db, 'answer_votes', source, ids),
    ]);
    const fresh = rows.filter((row) => !onQuestions.has(row.importId) && !onAnswers.has(row.importId));
    const inserts = fresh.map(
      (row): repo.VoteInsert => ({
        import_id: row.importId,
        post_import_id: row.postImportId,
        value: row.value,
        created_at: row.createdAt,
      }),
    );
    const written =
      inserts.length === 0
        ? { questions: 0, answers: 0 }
        : await this.transaction((trx) => repo.insertVotes(trx, source, inserts));
    const inserted = written.questions + written.answers;
    tally(this.summary, 'votes', {
      inserted,
      existing: rows.length - fresh.length,
      skipped: fresh.length - inserted,
    });
  }

  private async writeLinks(rows: ImportLink[]): Promise<void> {
    if (rows.length === 0) return;
    const fresh = await this.fresh('question_links', 'question links', rows);
    // One row per ordered pair in a statement; "duplicate" wins over "linked".
    const byPair = new Map<string, ImportLink>();
    for (const row of fresh) {
      const pair = `${row.questionImportId}\n${row.relatedImportId}`;
      const seen = byPair.get(pair);
      if (!seen || (seen.kind === 'linked' && row.kind === 'duplicate')) byPair.set(pair, row);
    }
    const inserts = [...byPair.values()].map(
      (row): repo.LinkInsert => ({
        import_id: row.importId,
        question_import_id: row.questionImportId,
        related_import_id: row.relatedImportId,
        kind: row.kind,
        created_at: row.createdAt,
      }),
    );
    const written =
      inserts.length === 0
        ? { inserted: 0, upgraded: 0 }
        : await this.transaction((trx) => repo.insertLinks(trx, this.options.source, inserts));
    tally(this.summary, 'question links', {
      inserted: written.inserted,
      skipped: fresh.length - written.inserted,
    });
  }
}

/** What makes a username taken: its uniqueness key and its confusable skeleton, told apart. */
function usernameMarks(username: string): string[] {
  return [`key:${usernameKey(username)}`, `skeleton:${confusableSkeleton(username)}`];
}

/** The marks of these usernames that members already hold. */
async function takenMarks(trx: repo.Db, usernames: readonly string[]): Promise<Set<string>> {
  const taken = await repo.takenUsernames(trx, usernames.map(usernameKey), usernames.map(confusableSkeleton));
  return new Set([
    ...[...taken.keys].map((key) => `key:${key}`),
    ...[...taken.skeletons].map((skeleton) => `skeleton:${skeleton}`),
  ]);
}
