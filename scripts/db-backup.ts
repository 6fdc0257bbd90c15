/**
 * `npm run db:backup [file]`            – one consistent snapshot of the database to a file
 * `npm run db:restore <file> [--force]` – into an empty database (--force: drop what is there)
 *
 * Embedded database (DATABASE_URL unset): talks to the one `npm start` runs if it is up (its
 * process owns .data/postgres), otherwise starts it on .data/postgres for the duration. Logical
 * format, see libs/devstack/src/backup.ts.
 * Native server (DATABASE_URL set): pg_dump --format=custom / pg_restore, which must be of the
 * server's major version; a logical backup (*.ndjson.gz) restores into either.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, openSync, readSync, closeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { MIGRATIONS_DIR } from '@ams/db';
import {
  backupDatabase,
  freePort,
  isPortOpen,
  nonEmptyReason,
  requireProgram,
  RestoreRefused,
  restoreDatabase,
  scalar,
  stackConfig,
  startEmbeddedDatabase,
  MissingProgram,
} from '@ams/devstack';

const log = (line: string) => process.stderr.write(`[db] ${line}\n`);

interface Target {
  url: string;
  native: boolean;
  stop(): Promise<void>;
}

async function target(): Promise<Target> {
  const config = stackConfig();
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, native: true, stop: async () => undefined };
  if (await isPortOpen(config.EMBEDDED_DB_PORT, config.EMBEDDED_DB_HOST)) {
    log(`using the running embedded database on ${config.EMBEDDED_DB_HOST}:${config.EMBEDDED_DB_PORT}`);
    const url = `postgresql://postgres:postgres@${config.EMBEDDED_DB_HOST}:${config.EMBEDDED_DB_PORT}/postgres?sslmode=disable`;
    return { url, native: false, stop: async () => undefined };
  }
  const dataDir = join(config.DATA_DIR, 'postgres');
  log(`starting the embedded database on ${dataDir}`);
  const database = await startEmbeddedDatabase({
    host: config.EMBEDDED_DB_HOST,
    port: await freePort(),
    dataDir,
    maxConnections: 4,
  });
  return { url: database.url, native: false, stop: () => database.stop() };
}

/** pg_dump/pg_restore refuse (or misbehave with) a server of another major version: say so first. */
async function requireMatchingTool(program: 'pg_dump' | 'pg_restore', url: string): Promise<string> {
  const path = requireProgram(program, 'postgresql-client');
  const version = spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout.match(/(\d+)(?:\.\d+)?/)?.[1];
  const client = new Client({ connectionString: url });
  await client.connect();
  const server = await scalar(client, `SELECT current_setting('server_version_num')`).finally(() => client.end());
  const serverMajor = String(Math.floor(Number(server) / 10000));
  if (version !== serverMajor) {
    throw new Error(
      `${program} is version ${version} but the server is PostgreSQL ${serverMajor}; install postgresql-client-${serverMajor} ` +
        `(or put its bin directory first in PATH)`,
    );
  }
  return path;
}

function run(program: string, args: string[]): void {
  const result = spawnSync(program, args, { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${program} failed (exit ${result.status})`);
}

function isLogicalBackup(file: string): boolean {
  const fd = openSync(file, 'r');
  const head = Buffer.alloc(2);
  readSync(fd, head, 0, 2, 0);
  closeSync(fd);
  return head[0] === 0x1f && head[1] === 0x8b; // gzip; pg_dump's custom format starts with PGDMP
}

async function backup(fileArg: string | undefined): Promise<void> {
  const db = await target();
  try {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const logical = !db.native || (fileArg?.endsWith('.ndjson.gz') ?? false);
    const file = resolve(
      fileArg ?? join(stackConfig().DATA_DIR, 'backups', `ams-${stamp}.${logical ? 'ndjson.gz' : 'dump'}`),
    );
    mkdirSync(dirname(file), { recursive: true });
    if (!logical) {
      run(await requireMatchingTool('pg_dump', db.url), ['--format=custom', `--file=${file}`, `--dbname=${db.url}`]);
      log(`backup written to ${file} (pg_dump custom format)`);
      return;
    }
    const summary = await backupDatabase({ databaseUrl: db.url, file, migrationsDir: MIGRATIONS_DIR });
    const rows = Object.values(summary.tables).reduce((a, b) => a + b, 0);
    log(
      `backup written to ${file}: ${Object.keys(summary.tables).length} tables, ${rows} rows, ` +
        `${summary.migrations.length} migrations, in ${summary.ms} ms`,
    );
  } finally {
    await db.stop();
  }
}

async function restore(file: string | undefined, force: boolean): Promise<void> {
  if (!file) throw new Error('usage: npm run db:restore <file> [-- --force]');
  const path = resolve(file);
  const db = await target();
  try {
    if (!isLogicalBackup(path)) {
      const client = new Client({ connectionString: db.url });
      await client.connect();
      const reason = await nonEmptyReason(client).finally(() => client.end());
      if (reason && !force)
        throw new RestoreRefused(`the target database is not empty (${reason}); pass --force to replace it`);
      const tool = await requireMatchingTool('pg_restore', db.url);
      run(tool, [...(force ? ['--clean', '--if-exists'] : []), '--exit-on-error', `--dbname=${db.url}`, path]);
      log(`restored ${path} with pg_restore`);
      return;
    }
    const summary = await restoreDatabase({ databaseUrl: db.url, file: path, force });
    const rows = Object.values(summary.tables).reduce((a, b) => a + b, 0);
    log(
      `restored ${path}: ${Object.keys(summary.tables).length} tables, ${rows} rows, schema verified, in ${summary.ms} ms`,
    );
  } finally {
    await db.stop();
  }
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const force = rest.includes('--force');
  const file = rest.find((arg) => !arg.startsWith('--'));
  if (command === 'backup') return backup(file);
  if (command === 'restore') return restore(file, force);
  throw new Error(`unknown command "${command}": use backup or restore`);
}

main().catch((error: unknown) => {
  log(
    error instanceof RestoreRefused || error instanceof MissingProgram
      ? (error as Error).message
      : `failed: ${(error as Error).message}`,
  );
  process.exit(1);
});
