import { contribute, type Extension } from '../../platform/extensions/index.js';
import { askFormSlot, questionPageSlot, questionWrittenSlot } from '../questions/index.js';
import { searchEngineFor } from './engine.js';
import type { Db, ReindexOptions } from './search.port.js';
import { relatedQuestionsPanel, similarQuestionsPanel } from './views/related.js';

/**
 * Search's only door. Search sits above questions: it indexes questions when their writes fire
 * questions' `questions.written` hook, and shows related and similar questions through questions'
 * extension points; questions never imports search.
 */
export type { EngineHit, RelatedOptions, RelatedSource, SearchEngine, SearchSort } from './search.port.js';

export { searchEngineFor };

/**
 * Brings a question's search document up to date inside the writer's transaction (what the
 * `questions.written` hook runs after every write that changes a question's content).
 */
function indexQuestionForSearch(trx: Db, questionId: number): Promise<void> {
  return searchEngineFor(trx).indexQuestion(trx, questionId);
}

/** Rebuilds the search index (all documents, or only missing ones after a bulk import). */
export function reindexSearch(db: Db, options?: ReindexOptions): Promise<number> {
  return searchEngineFor(db).reindex(options);
}

export { searchModule } from './search.module.js';

/** What search adds to other modules: indexing on every question write, related and similar questions. */
export const searchExtension: Extension = {
  module: 'search',
  contributions: [
    contribute(questionWrittenSlot, {
      id: 'search.index',
      run: ({ trx, questionId }) => indexQuestionForSearch(trx, questionId),
    }),
    contribute(questionPageSlot, relatedQuestionsPanel),
    contribute(askFormSlot, similarQuestionsPanel),
  ],
};
