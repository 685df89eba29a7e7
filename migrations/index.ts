import type { Migration } from 'kysely';
import * as m0001 from './0001-accounts.js';

/**
 * Every migration, in order. One entry per file, named NNNN-description; a landed migration is
 * never edited: change the schema with a new one.
 */
export const migrations: Record<string, Migration> = {
  '0001-accounts': m0001,
};
