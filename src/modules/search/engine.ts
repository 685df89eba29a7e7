import { PostgresSearchEngine } from './pg-search.engine.js';
import type { Db, SearchEngine } from './search.port.js';

/** The engine behind the search port: PostgreSQL full text (see docs/decisions/0007-search-engine.md). */
export function searchEngineFor(db: Db): SearchEngine {
  return new PostgresSearchEngine(db);
}
