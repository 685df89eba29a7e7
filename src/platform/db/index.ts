export {
  type Database,
  type DatabaseLogger,
  IN_MEMORY,
  type OpenDatabaseOptions,
  openDatabase,
} from './database.js';
export { acquireDataDirLock, DataDirLockedError, LOCK_FILE_NAME } from './lock-file.js';
export { migrateToLatest } from './migrate.js';
export { PGliteDialect, type PGliteDialectConfig } from './pglite-dialect.js';
export type { DB } from './schema.js';
export { parseInt8, pgliteParsers, pgTypes } from './type-parsers.js';
