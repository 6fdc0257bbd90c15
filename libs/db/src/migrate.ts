import { runner } from 'node-pg-migrate';
import { join } from 'node:path';
import { Client } from 'pg';

/** The versioned raw-SQL migrations, applied in file-name order. */
export const MIGRATIONS_DIR = join(__dirname, '..', '..', '..', 'prisma', 'migrations');

export interface MigrationResult {
  applied: string[];
}

/**
 * Bring the database at `databaseUrl` up to the newest migration. Already applied migrations
 * are recorded in `schema_migrations` and skipped, so running it again is a no-op.
 */
export async function migrateDatabase(databaseUrl: string): Promise<MigrationResult> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const ran = await runner({
      dbClient: client,
      dir: MIGRATIONS_DIR,
      migrationsTable: 'schema_migrations',
      direction: 'up',
      checkOrder: true,
      log: () => undefined,
    });
    return { applied: ran.map((migration) => migration.name) };
  } finally {
    await client.end();
  }
}
