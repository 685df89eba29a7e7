import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import type { TransactionLog } from '../../platform/db/transaction.js';
import type { ParsedQuery } from './query.rules.js';

/**
 * The one interface between the search module and whatever engine holds the index. Today it is
 * PostgreSQL full text (pg-search.engine.ts); an OpenSearch or Meilisearch adapter would
 * implement the same methods (docs/decisions/0007-search-engine.md says when). The engine answers
 * with question ids and scores; the module loads and presents the questions itself.
 */

export type SearchSort = 'relevance' | 'newest' | 'votes';

export interface EngineHit {
  readonly id: number;
  /** Engine-specific, larger is better; only the order matters. */
  readonly score: number;
}

export interface EngineResult {
  readonly hits: EngineHit[];
  /** Matches, counted up to a limit (1,000 for PostgreSQL). */
  readonly total: number;
  /** There are more matches than `total`: show "1,000+". */
  readonly totalCapped: boolean;
  /** No question held every word, so questions holding some of them are returned. */
  readonly relaxed: boolean;
}

/** A question (or a title being typed) to find related questions for. */
export interface RelatedSource {
  readonly title: string;
  readonly body?: string | undefined;
  readonly tags?: readonly string[] | undefined;
}

export interface RelatedOptions {
  readonly limit: number;
  /** Leave this question out (the one being read). */
  readonly excludeId?: number | undefined;
  /** Only questions from this scope (import source; '' for questions asked here). */
  readonly scope?: string | undefined;
  /** Only questions created before this instant (evaluation: "earlier questions"). */
  readonly createdBefore?: Date | undefined;
}

export interface IndexProgress {
  readonly done: number;
  readonly total: number;
}

export interface ReindexOptions {
  /** Only questions that have no document yet (after a bulk import). */
  readonly onlyMissing?: boolean;
  readonly batchSize?: number;
  readonly onProgress?: (progress: IndexProgress) => void;
  /** Where retried batches are reported (default: stderr). */
  readonly log?: TransactionLog | undefined;
}

/** A database handle or a transaction. */
export type Db = Kysely<DB>;

export interface SearchEngine {
  readonly name: string;
  /** One page of live questions matching a parsed query, in the order asked for. */
  search(
    query: ParsedQuery,
    options: { sort: SearchSort; limit: number; offset: number; now: Date },
  ): Promise<EngineResult>;
  /** Live questions most like `source`, best first. */
  related(source: RelatedSource, options: RelatedOptions): Promise<EngineHit[]>;
  /** Respelled versions of a query's words (did you mean), best first; empty when none is better. */
  suggest(words: readonly string[]): Promise<string[][]>;
  /**
   * Whether some live question matches every word of the query, with its filters and exclusions
   * (what `search` would find without relaxing to any word): no ranking, no count, one probe.
   */
  hasMatch(query: ParsedQuery): Promise<boolean>;
  /**
   * Brings one question's document up to date (or removes it once the question is deleted),
   * inside the caller's transaction: the index never disagrees with a committed post. An external
   * engine would enqueue an outbox job here instead.
   */
  indexQuestion(trx: Db, questionId: number): Promise<void>;
  /** Rebuilds documents (all, or the missing ones) and the statistics ranking relies on. */
  reindex(options?: ReindexOptions): Promise<number>;
}
