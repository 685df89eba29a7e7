export { findInvariantViolations } from './imports.invariants.js';
export { importSeDump, type SeDumpOptions } from './se-dump.import.js';
export { DEMO_FIXTURE_DIR, type SeedOptions, seedDemo, seedFromData } from './seed.import.js';
export {
  formatSummary,
  type ImportProgress,
  type ProgressListener,
  type RowCount,
  type Summary,
} from './summary.js';
