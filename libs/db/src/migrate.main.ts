/**
 * `DATABASE_URL=… node -r @swc-node/register libs/db/src/migrate.main.ts`: apply pending
 * migrations and print `{"applied":[…]}`. The deployment's one-shot migration job runs this.
 */
import { migrateDatabase } from './migrate';

const databaseUrl = process.env['DATABASE_URL'];
if (!databaseUrl) {
  process.stderr.write('DATABASE_URL is missing: set it to the database to migrate\n');
  process.exit(1);
}

migrateDatabase(databaseUrl)
  .then((result) => process.stdout.write(`${JSON.stringify(result)}\n`))
  .catch((error: unknown) => {
    process.stderr.write(`migration failed: ${(error as Error).message}\n`);
    process.exit(1);
  });
