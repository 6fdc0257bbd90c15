import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { isPortOpen } from './processes';
import { inheritedEnvironment } from './stack-config';
import type { LocalDependency } from './brokers';
import { tsEntry, WORKSPACE_ROOT } from './workspace';

export interface EmbeddedDatabaseOptions {
  host: string;
  port: number;
  /** Omit for an in-memory database (tests). */
  dataDir?: string;
  maxConnections: number;
  /** Cut a connection that holds the session idle while others wait. */
  idleOwnerMs?: number;
}

/**
 * Start the embedded PostgreSQL (PGlite + pgvector) in its own process and wait for it to
 * accept connections. It exits with this process even if this one is killed.
 */
export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<LocalDependency> {
  if (await isPortOpen(options.port, options.host)) {
    throw new Error(
      `Port ${options.port} is already in use, so the embedded database cannot start there. ` +
        `Stop whatever listens on it (another npm start?) or set EMBEDDED_DB_PORT.`,
    );
  }
  const child = spawn(process.execPath, tsEntry('libs/db/src/embedded/main.ts'), {
    cwd: WORKSPACE_ROOT,
    env: inheritedEnvironment({
      EMBEDDED_DB_HOST: options.host,
      EMBEDDED_DB_PORT: String(options.port),
      EMBEDDED_DB_DATA_DIR: options.dataDir ?? '',
      EMBEDDED_DB_MAX_CONNECTIONS: String(options.maxConnections),
      EMBEDDED_DB_IDLE_OWNER_MS: String(options.idleOwnerMs ?? 60_000),
    }),
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const url = await readyUrl(child);
  return { url, started: true, stop: () => stopChild(child) };
}

function readyUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!child.stdout) return reject(new Error('embedded database has no stdout'));
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error('embedded database did not start within 60 s')), 60_000);
    lines.on('line', (line) => {
      try {
        const message = JSON.parse(line) as { ready?: boolean; url?: string };
        if (message.ready && message.url) {
          clearTimeout(timer);
          resolve(message.url);
        }
      } catch {
        // not the ready line
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`embedded database exited with code ${code} before it was ready`));
    });
  });
}

/** SIGTERM, wait for a clean exit (the data directory is flushed on close), SIGKILL as a last resort. */
export function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
