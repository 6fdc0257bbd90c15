import { PGlite } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { uuid_ossp } from '@electric-sql/pglite/contrib/uuid_ossp';
import { vector } from '@electric-sql/pglite-pgvector';
import { pg_textsearch } from '@electric-sql/pglite-pg_textsearch';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdirSync } from 'node:fs';

export interface EmbeddedPostgresOptions {
  /** Directory for the data files; omit for an in-memory database (tests). */
  dataDir?: string;
  host: string;
  port: number;
  /** Enough for every service's pool plus tools; the server multiplexes them onto one session. */
  maxConnections: number;
}

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * PostgreSQL 18 (PGlite, WASM) with pgvector, BM25, pgcrypto and uuid-ossp, served over the
 * wire protocol so services connect to it exactly as to a native server.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create({
    dataDir: options.dataDir,
    extensions: { vector, pg_textsearch, pgcrypto, uuid_ossp },
  });
  const server = new PGLiteSocketServer({
    db,
    host: options.host,
    port: options.port,
    maxConnections: options.maxConnections,
  });
  await server.start();
  return {
    url: `postgresql://postgres:postgres@${options.host}:${options.port}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close(); // flushes the data directory
    },
  };
}
