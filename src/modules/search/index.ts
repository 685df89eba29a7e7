import { searchEngineFor } from './engine.js';
import type { Db, ReindexOptions } from './search.port.js';

export type { EngineHit, RelatedOptions, RelatedSource, SearchEngine, SearchSort } from './search.port.js';

export { searchEngineFor };

/**
 * Brings a question's search document up to date inside the writer's transaction (call it after
 * every write that changes a question's title, tags, body, answers or deletion).
 */
export function indexQuestionForSearch(trx: Db, questionId: number): Promise<void> {
  return searchEngineFor(trx).indexQuestion(trx, questionId);
}

/** Rebuilds the search index (all documents, or only missing ones after a bulk import). */
export function reindexSearch(db: Db, options?: ReindexOptions): Promise<number> {
  return searchEngineFor(db).reindex(options);
}

export { searchModule } from './search.module.js';
export { RelatedBox, SimilarQuestionsHook } from './views/related.js';
