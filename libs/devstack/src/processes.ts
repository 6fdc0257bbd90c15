import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { delimiter, join } from 'node:path';
import { systemPath } from './stack-config';

/** Raised when a program the local stack needs is not installed; says how to get it. */
export class MissingProgram extends Error {
  constructor(program: string, debianPackage: string) {
    super(
      `${program} is not installed. Install it with: sudo scripts/setup-system.sh ` +
        `(or: apt-get install -y ${debianPackage})`,
    );
    this.name = 'MissingProgram';
  }
}

const EXTRA_PATHS = ['/usr/sbin', '/sbin', '/usr/local/sbin'];

/** Absolute path of an installed program, searching PATH and the sbin folders. */
export function findProgram(program: string): string | undefined {
  const dirs = [...systemPath().split(delimiter), ...EXTRA_PATHS];
  for (const dir of dirs) {
    const candidate = join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function requireProgram(program: string, debianPackage: string): string {
  const found = findProgram(program);
  if (!found) throw new MissingProgram(program, debianPackage);
  return found;
}

/** Run a short command to completion; returns its exit status. */
export function runQuietly(command: string, args: string[]): number {
  return spawnSync(command, args, { stdio: 'ignore', timeout: 60_000 }).status ?? 1;
}

/** Whether something accepts TCP connections on host:port. */
export function isPortOpen(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Thrown by a probe to stop waiting at once (the thing awaited can no longer become ready). */
export class GaveUp extends Error {}

/**
 * Poll `probe` until it returns true, or fail after `timeoutMs` naming what was awaited. A probe
 * that throws counts as "not yet", except GaveUp, which ends the wait with its message.
 */
export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 250,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ready = await probe().catch((error: unknown) => {
      if (error instanceof GaveUp) throw error;
      return false;
    });
    if (ready) return;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`${what} was not ready within ${Math.round(timeoutMs / 1000)} s`);
}
