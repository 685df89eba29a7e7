import { type Kysely, type Migration, Migrator } from 'kysely';
import { migrations } from '../../../migrations/index.js';

/** Runs pending migrations (default: migrations/) in one transaction; throws naming the one that failed. */
export async function migrateToLatest(
  // biome-ignore lint/suspicious/noExplicitAny: migrations touch tables the DB type may not describe yet.
  db: Kysely<any>,
  all: Record<string, Migration> = migrations,
): Promise<{ applied: string[] }> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => all } });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(failed ? `Migration ${failed} failed: ${reason}` : `Migrating failed: ${reason}`, {
      cause: error,
    });
  }
  return {
    applied: results.filter((result) => result.status === 'Success').map((result) => result.migrationName),
  };
}
