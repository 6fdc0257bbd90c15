import { PGlite } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { uuid_ossp } from '@electric-sql/pglite/contrib/uuid_ossp';
import { vector } from '@electric-sql/pglite-pgvector';
import { pg_textsearch } from '@electric-sql/pglite-pg_textsearch';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';
import { mkdirSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { SessionQueue } from './session-queue';

type HandlerQueue = ConstructorParameters<typeof PGLiteSocketHandler>[0]['queryQueue'];

export interface EmbeddedPostgresOptions {
  /** Directory for the data files; omit for an in-memory database (tests). */
  dataDir?: string;
  host: string;
  port: number;
  /** Enough for every service's pool plus tools; all share one session, one message at a time. */
  maxConnections: number;
  /** Cut a connection that holds the session idle while others wait (default 60 s). */
  idleOwnerMs?: number;
}

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * PostgreSQL 18 (PGlite, WASM) with pgvector, BM25, pgcrypto and uuid-ossp, served over the
 * wire protocol so services connect to it exactly as to a native server. The connection handling
 * is pglite-socket's; the scheduling between connections is ours (see SessionQueue).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create({
    dataDir: options.dataDir,
    extensions: { vector, pg_textsearch, pgcrypto, uuid_ossp },
  });
  const sockets = new Map<number, Socket>();
  const queue = new SessionQueue(db, options.idleOwnerMs ?? 60_000, (handlerId) => sockets.get(handlerId)?.destroy());
  const handlers = new Set<PGLiteSocketHandler>();

  const server: Server = createServer((socket) => {
    if (handlers.size >= options.maxConnections) {
      socket.end();
      return;
    }
    // The handler's type names pglite-socket's queue class; ours has the same surface.
    const handler = new PGLiteSocketHandler({ queryQueue: queue as unknown as HandlerQueue, closeOnDetach: true });
    handlers.add(handler);
    sockets.set(handler.handlerId, socket);
    handler.addEventListener('close', () => {
      handlers.delete(handler);
      sockets.delete(handler.handlerId);
    });
    handler.attach(socket).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });

  return {
    url: `postgresql://postgres:postgres@${options.host}:${options.port}/postgres?sslmode=disable`,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const handler of handlers) void handler.detach(true);
      });
      await db.close(); // flushes the data directory
    },
  };
}
