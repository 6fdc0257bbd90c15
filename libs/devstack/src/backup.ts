/**
 * Logical backup and restore of the database over an ordinary connection: works against the
 * embedded database while `npm start` runs (its process owns the data directory, so nothing else
 * can open it), and against any PostgreSQL with the same migrations.
 *
 * Backup (one REPEATABLE READ, READ ONLY transaction, so every table is read from one snapshot;
 * on the embedded server the transaction also holds its single session, so nothing writes
 * meanwhile): the applied migrations with their SQL, the schema objects created at run time
 * (search_history partitions, per-model vector indexes), every sequence and every row of every
 * table in `public` (including `schema_migrations`) as `row_to_json`, and a fingerprint of the
 * schema: tables and columns, constraints, indexes, RLS flags and policies, grants, functions,
 * triggers, views, roles.
 *
 * Restore (one transaction: it either all happens or nothing does): replays the backed-up
 * migrations (extensions, roles, tables, functions, RLS policies, grants), drops what the replay
 * seeded, recreates the run-time partitions and indexes, loads every row with triggers and
 * foreign-key checks off (`session_replication_role = replica`), sets the sequences, then checks
 * the row counts and that the schema fingerprint equals the backup's before committing.
 *
 * File: gzip'd lines; lines starting with `#` are JSON control records (header, table, end),
 * every other line is one row exactly as PostgreSQL's row_to_json printed it (vectors as their
 * text form, which pgvector prints exactly), never re-parsed in JavaScript.
 */
import { createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { createGunzip, createGzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import { Client } from 'pg';

export const BACKUP_FORMAT = 'ams-db-backup';
export const BACKUP_VERSION = 1;
const MIGRATIONS_TABLE = 'schema_migrations';
const FETCH_SIZE = 500;
const INSERT_BATCH = 500;

export interface BackupMigration {
  name: string;
  sql: string;
}

export interface BackupTable {
  name: string;
  /** Columns a row is inserted with (not generated ones). */
  columns: string[];
}

interface BackupHeader {
  kind: 'header';
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  serverVersion: string;
  migrations: BackupMigration[];
  partitions: Array<{ name: string; parent: string; bound: string }>;
  indexes: Array<{ name: string; table: string; definition: string }>;
  sequences: Array<{ name: string; lastValue: string; isCalled: boolean }>;
  fingerprint: SchemaFingerprint;
}

export interface BackupSummary {
  file: string;
  tables: Record<string, number>;
  migrations: string[];
  ms: number;
}

export interface RestoreSummary {
  tables: Record<string, number>;
  migrations: string[];
  ms: number;
}

export type SchemaFingerprint = Record<string, unknown[]>;

export class RestoreRefused extends Error {}

/** Read the migrations' SQL from here at backup time (the repository's migrations folder). */
export interface BackupOptions {
  databaseUrl: string;
  file: string;
  migrationsDir: string;
}

export async function backupDatabase({ databaseUrl, file, migrationsDir }: BackupOptions): Promise<BackupSummary> {
  const began = Date.now();
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const gzip = createGzip();
  const out = createWriteStream(file, { mode: 0o600 });
  gzip.pipe(out);
  const tables: Record<string, number> = {};
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows: applied } = await client
      .query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY run_on, id`)
      .catch(() => {
        throw new Error(
          `the database has no ${MIGRATIONS_TABLE} table: nothing to back up (run npm run db:migrate first?)`,
        );
      });
    const migrations = applied.map(({ name }) => {
      const path = join(migrationsDir, `${name}.sql`);
      if (!existsSync(path)) throw new Error(`migration ${name} is applied but ${path} does not exist`);
      return { name, sql: readFileSync(path, 'utf8') };
    });
    const header: BackupHeader = {
      kind: 'header',
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: new Date().toISOString(),
      serverVersion: await scalar(client, "SELECT current_setting('server_version')"),
      migrations,
      partitions: await partitions(client),
      indexes: await indexes(client),
      sequences: await sequences(client),
      fingerprint: await schemaFingerprint(client),
    };
    await write(gzip, `#${JSON.stringify(header)}\n`);

    for (const table of await dataTables(client)) {
      await write(gzip, `#${JSON.stringify({ kind: 'table', ...table })}\n`);
      await client.query(
        `DECLARE backup_rows NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS r FROM ONLY ${ident(table.name)} t`,
      );
      let count = 0;
      for (;;) {
        const { rows } = await client.query<{ r: string }>(`FETCH ${FETCH_SIZE} FROM backup_rows`);
        if (rows.length === 0) break;
        count += rows.length;
        await write(gzip, rows.map((row) => row.r).join('\n') + '\n');
      }
      await client.query('CLOSE backup_rows');
      tables[table.name] = count;
    }
    await write(gzip, `#${JSON.stringify({ kind: 'end', tables })}\n`);
    await client.query('COMMIT');
    gzip.end();
    await once(out, 'close');
    return { file, tables, migrations: migrations.map((m) => m.name), ms: Date.now() - began };
  } catch (error) {
    gzip.destroy();
    out.destroy();
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface RestoreOptions {
  databaseUrl: string;
  file: string;
  /** Replace whatever the target holds (drops the public schema). */
  force?: boolean;
}

export async function restoreDatabase({ databaseUrl, file, force = false }: RestoreOptions): Promise<RestoreSummary> {
  const began = Date.now();
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const iterator = lines[Symbol.asyncIterator]();
  const next = async (): Promise<string | undefined> => {
    const { value, done } = await iterator.next();
    return done ? undefined : (value as string);
  };
  try {
    const first = await next();
    const header = first?.startsWith('#') ? (JSON.parse(first.slice(1)) as BackupHeader) : undefined;
    if (header?.format !== BACKUP_FORMAT) throw new Error(`${file} is not a database backup made by db:backup`);
    if (header.version !== BACKUP_VERSION)
      throw new Error(`${file} has backup format version ${header.version}; this tool reads ${BACKUP_VERSION}`);

    const existing = await nonEmptyReason(client);
    if (existing && !force) {
      throw new RestoreRefused(
        `the target database is not empty (${existing}); restore only goes into an empty database. ` +
          'Stop the stack and remove its data directory (.data/postgres), or pass --force to drop the public schema first.',
      );
    }

    await client.query('BEGIN');
    if (existing) {
      // Back to the public schema of a new database (PostgreSQL 15+): owned by pg_database_owner, usable by all.
      await client.query(
        'DROP SCHEMA public CASCADE; CREATE SCHEMA public AUTHORIZATION pg_database_owner; GRANT USAGE ON SCHEMA public TO PUBLIC',
      );
    }

    // Schema: the migrations as they were applied, the migrations table, then what ran at run time.
    for (const migration of header.migrations) {
      try {
        await client.query(upSql(migration.sql));
      } catch (error) {
        throw new Error(`replaying migration ${migration.name} failed: ${(error as Error).message}`);
      }
    }
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (id SERIAL PRIMARY KEY, name varchar(255) NOT NULL, run_on timestamp NOT NULL)`,
    );
    const replayedTables = await dataTables(client);
    if (replayedTables.length)
      await client.query(`TRUNCATE ${replayedTables.map((t) => ident(t.name)).join(', ')} CASCADE`);
    await reconcilePartitions(client, header.partitions);
    await reconcileIndexes(client, header.indexes);

    // Rows.
    const schemaTables = new Set((await dataTables(client)).map((t) => t.name));
    await client.query("SET LOCAL session_replication_role = 'replica'");
    const tables: Record<string, number> = {};
    let table: BackupTable | undefined;
    let batch: string[] = [];
    let end: { tables: Record<string, number> } | undefined;
    const flush = async () => {
      if (!table || batch.length === 0) return;
      const columns = table.columns.map(ident).join(', ');
      await client.query(
        `INSERT INTO ${ident(table.name)} (${columns}) OVERRIDING SYSTEM VALUE
         SELECT ${columns} FROM json_populate_recordset(NULL::${ident(table.name)}, $1::json)`,
        [`[${batch.join(',')}]`],
      );
      tables[table.name] = (tables[table.name] ?? 0) + batch.length;
      batch = [];
    };
    for (let line = await next(); line !== undefined; line = await next()) {
      if (line.startsWith('#')) {
        await flush();
        const record = JSON.parse(line.slice(1)) as { kind: string } & BackupTable & { tables: Record<string, number> };
        if (record.kind === 'table') {
          if (!schemaTables.has(record.name)) {
            throw new Error(
              `table ${record.name} is in the backup but its migrations do not create it (was it made outside a migration?)`,
            );
          }
          table = { name: record.name, columns: record.columns };
          tables[table.name] = 0;
        } else if (record.kind === 'end') {
          end = record;
        }
      } else if (line.length > 0) {
        if (!table) throw new Error(`${file} is damaged: a row before any table`);
        batch.push(line);
        if (batch.length >= INSERT_BATCH) await flush();
      }
    }
    await flush();
    if (!end) throw new Error(`${file} is truncated: it has no end record`);
    await client.query("SET LOCAL session_replication_role = 'origin'");
    for (const { name, lastValue, isCalled } of header.sequences) {
      await client.query('SELECT setval($1::regclass, $2::bigint, $3)', [ident(name), lastValue, isCalled]);
    }

    // Verify before committing.
    for (const [name, count] of Object.entries(end.tables)) {
      const restored = Number(await scalar(client, `SELECT count(*) FROM ONLY ${ident(name)}`));
      if (restored !== count) throw new Error(`table ${name}: backup has ${count} rows, restored ${restored}`);
    }
    const differences = compareFingerprints(header.fingerprint, await schemaFingerprint(client));
    if (differences.length) {
      throw new Error(`the restored schema differs from the backed-up one:\n  ${differences.join('\n  ')}`);
    }
    await client.query('COMMIT');
    return { tables, migrations: header.migrations.map((m) => m.name), ms: Date.now() - began };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    lines.close();
    await client.end().catch(() => undefined);
  }
}

/** Why the database counts as not empty, or undefined when it is empty. */
export async function nonEmptyReason(client: Client): Promise<string | undefined> {
  const { rows } = await client.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
     ORDER BY c.relname LIMIT 3`,
  );
  if (rows.length === 0) return undefined;
  return `it has ${rows.map((r) => r.relname).join(', ')}${rows.length === 3 ? ', …' : ''}`;
}

/** The Up part of a node-pg-migrate SQL migration (as its runner cuts it). */
export function upSql(content: string): string {
  const up = content.search(/^\s*--[\s-]*up\s+migration/im);
  const down = content.search(/^\s*--[\s-]*down\s+migration/im);
  if (up < 0) return down < 0 ? content : content.slice(0, down);
  return content.slice(up, down < up ? undefined : down);
}

/** The first column of the first row, as text. */
export async function scalar(client: Client, sql: string): Promise<string> {
  const { rows } = await client.query<unknown[]>({ text: sql, rowMode: 'array' });
  const value = rows[0]?.[0];
  if (value === undefined) throw new Error(`no result from ${sql}`);
  return String(value);
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function write(stream: Writable, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

const USER_RELATION = `n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')`;

/** Every table holding rows (leaf partitions, not their parents), with its insertable columns. */
async function dataTables(client: Client): Promise<BackupTable[]> {
  const { rows } = await client.query<{ name: string; columns: string[] }>(
    `SELECT c.relname AS name,
            array_agg(a.attname::text ORDER BY a.attnum) FILTER (WHERE a.attgenerated = '') AS columns
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE c.relkind = 'r' AND ${USER_RELATION}
     GROUP BY c.relname ORDER BY c.relname`,
  );
  return rows;
}

async function partitions(client: Client): Promise<BackupHeader['partitions']> {
  const { rows } = await client.query<{ name: string; parent: string; bound: string }>(
    `SELECT c.relname AS name, p.relname AS parent, pg_get_expr(c.relpartbound, c.oid) AS bound
     FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
     JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relispartition AND c.relkind IN ('r', 'p') AND ${USER_RELATION}
     ORDER BY c.relname`,
  );
  return rows;
}

/** Indexes that no constraint owns (those come with their constraint). */
async function indexes(client: Client): Promise<BackupHeader['indexes']> {
  const { rows } = await client.query<{ name: string; table: string; definition: string }>(
    `SELECT c.relname AS name, t.relname AS table, pg_get_indexdef(c.oid) AS definition
     FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE ${USER_RELATION} AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)
     ORDER BY c.relname`,
  );
  return rows;
}

async function sequences(client: Client): Promise<BackupHeader['sequences']> {
  const { rows: names } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = 'S' AND n.nspname = 'public' ORDER BY c.relname`,
  );
  const result: BackupHeader['sequences'] = [];
  for (const { name } of names) {
    const { rows } = await client.query<{ last_value: string; is_called: boolean }>(
      `SELECT last_value::text, is_called FROM ${ident(name)}`,
    );
    for (const row of rows) result.push({ name, lastValue: row.last_value, isCalled: row.is_called });
  }
  return result;
}

async function reconcilePartitions(client: Client, wanted: BackupHeader['partitions']): Promise<void> {
  const present = await partitions(client);
  const wantedNames = new Set(wanted.map((p) => p.name));
  for (const partition of present) {
    if (!wantedNames.has(partition.name)) await client.query(`DROP TABLE ${ident(partition.name)}`);
  }
  const presentNames = new Set(present.map((p) => p.name));
  for (const partition of wanted) {
    if (presentNames.has(partition.name)) continue;
    // As ensure_search_history_partitions does it: a copy of the parent, then attached.
    await client.query(
      `CREATE TABLE ${ident(partition.name)} (LIKE ${ident(partition.parent)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`,
    );
    await client.query(
      `ALTER TABLE ${ident(partition.parent)} ATTACH PARTITION ${ident(partition.name)} ${partition.bound}`,
    );
  }
}

async function reconcileIndexes(client: Client, wanted: BackupHeader['indexes']): Promise<void> {
  const present = new Set((await indexes(client)).map((index) => index.name));
  for (const index of wanted) {
    if (!present.has(index.name)) await client.query(index.definition);
  }
}

/**
 * What the restore must reproduce, as comparable rows. Names, definitions and flags only: no
 * OIDs, no statistics.
 */
export async function schemaFingerprint(client: Client): Promise<SchemaFingerprint> {
  const queries: Record<string, string> = {
    extensions: `SELECT extname, extversion FROM pg_extension ORDER BY extname`,
    roles: `SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolbypassrls
            FROM pg_roles WHERE rolname IN ('app_user', 'app_service', 'admin_role') ORDER BY rolname`,
    relations: `SELECT c.relname, c.relkind, c.relrowsecurity, c.relforcerowsecurity, c.relacl::text, c.reloptions::text,
                       pg_get_expr(c.relpartbound, c.oid) AS bound
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND ${USER_RELATION} ORDER BY c.relname`,
    columns: `SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attgenerated,
                     a.attidentity, pg_get_expr(d.adbin, d.adrelid) AS default, a.attacl::text
              FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
              WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm') AND ${USER_RELATION}
              ORDER BY c.relname, a.attnum`,
    constraints: `SELECT c.relname, k.conname, pg_get_constraintdef(k.oid)
                  FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE ${USER_RELATION} ORDER BY c.relname, k.conname`,
    indexes: `SELECT c.relname, pg_get_indexdef(c.oid)
              FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE ${USER_RELATION} ORDER BY c.relname`,
    policies: `SELECT tablename, policyname, permissive, roles::text, cmd, qual, with_check
               FROM pg_policies WHERE schemaname = 'public' ORDER BY tablename, policyname`,
    functions: `SELECT p.proname, pg_get_function_identity_arguments(p.oid), md5(pg_get_functiondef(p.oid)), p.proacl::text
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname = 'public' AND p.prokind IN ('f', 'p')
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
                ORDER BY 1, 2`,
    triggers: `SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid), t.tgenabled
               FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE NOT t.tgisinternal AND ${USER_RELATION} ORDER BY c.relname, t.tgname`,
    views: `SELECT c.relname, md5(pg_get_viewdef(c.oid))
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('v', 'm') AND ${USER_RELATION} ORDER BY c.relname`,
    schema: `SELECT nspacl::text FROM pg_namespace WHERE nspname = 'public'`,
  };
  const fingerprint: SchemaFingerprint = {};
  for (const [key, sql] of Object.entries(queries)) {
    const { rows } = await client.query({ text: sql, rowMode: 'array' });
    fingerprint[key] = rows;
  }
  return fingerprint;
}

/** Human-readable differences between two fingerprints (empty when equal). */
export function compareFingerprints(expected: SchemaFingerprint, actual: SchemaFingerprint): string[] {
  const differences: string[] = [];
  for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const want = new Set((expected[key] ?? []).map((row) => JSON.stringify(row)));
    const have = new Set((actual[key] ?? []).map((row) => JSON.stringify(row)));
    for (const row of want) if (!have.has(row)) differences.push(`${key}: missing ${row}`);
    for (const row of have) if (!want.has(row)) differences.push(`${key}: unexpected ${row}`);
  }
  return differences;
}
