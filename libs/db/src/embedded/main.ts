/**
 * Entry point of the embedded database process that `npm start` and `npm test` launch when
 * DATABASE_URL is unset. Prints one JSON line `{"ready":true,"url":...}` once it accepts connections.
 */
import { startEmbeddedPostgres } from './embedded-postgres';

async function main(): Promise<void> {
  const dataDir = process.env['EMBEDDED_DB_DATA_DIR'] || undefined;
  const host = process.env['EMBEDDED_DB_HOST'] ?? '127.0.0.1';
  const port = Number(process.env['EMBEDDED_DB_PORT'] ?? 5433);
  const maxConnections = Number(process.env['EMBEDDED_DB_MAX_CONNECTIONS'] ?? 100);
  const idleOwnerMs = Number(process.env['EMBEDDED_DB_IDLE_OWNER_MS'] ?? 60_000);
  const database = await startEmbeddedPostgres({ dataDir, host, port, maxConnections, idleOwnerMs });
  process.stdout.write(`${JSON.stringify({ ready: true, url: database.url })}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await database.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  // Exit with the parent: never leave an orphaned database holding the data directory.
  process.on('disconnect', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`embedded database failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
