import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { Database } from '@ams/db';
import { MessageBus } from '@ams/messaging';
import { bootServiceApp } from '@ams/service-testing';
import { eventually } from '@ams/testing';
import { envSchema } from '../src/config';
import { configureGateway } from '../src/gateway-setup';

/**
 * The gateway booted in this process on the real database and broker with a private DATA_DIR.
 * (Flows that need the media service too are covered end to end in e2e/.)
 */
export interface GatewayStack {
  gateway: NestFastifyApplication;
  database: Database;
  dataDir: string;
  http: () => ReturnType<typeof request>;
  signIn(email?: string): Promise<{ token: string; userId: string; email: string }>;
  /** Every stored object under DATA_DIR (relative paths). */
  storedObjects(): string[];
  close(): Promise<void>;
}

export async function startGatewayStack(env: Record<string, string> = {}): Promise<GatewayStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ams-gateway-'));
  const previous = { ...process.env };
  // Rate limits off unless a test turns them on: suites sign in and call far more than an hour's worth.
  Object.assign(process.env, { DATA_DIR: dataDir, USER_CACHE_TTL_MS: '0', RATE_LIMITS: 'off', ...env });
  // Imported only now: config is read when the module is first loaded.
  const { AppModule } = await import('../src/app.module');
  // As main.ts does: the adapter is made per boot, so TRUST_PROXY may differ between stacks of one file.
  const { TRUST_PROXY } = envSchema.parse(process.env);
  const gateway = await bootServiceApp(AppModule, configureGateway, { trustProxy: TRUST_PROXY });
  process.env = previous;
  await eventually(() => gateway.get(MessageBus).isConnected());
  const server = gateway.getHttpServer();
  const http = () => request(server);
  return {
    gateway,
    dataDir,
    database: gateway.get(Database),
    http,
    async signIn(email = `user-${Math.random().toString(36).slice(2)}@example.com`) {
      const { body } = await http().post('/v1/auth/dev-token').send({ email }).expect(200);
      const me = await http().get('/v1/me').set('authorization', `Bearer ${body.token}`).expect(200);
      return { token: body.token as string, userId: me.body.id as string, email };
    },
    storedObjects: () => listFiles(join(dataDir, 'media')),
    async close() {
      await gateway.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function listFiles(root: string, prefix = ''): string[] {
  let entries;
  try {
    entries = readdirSync(join(root, prefix), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) =>
    entry.isDirectory() ? listFiles(root, join(prefix, entry.name)) : [join(prefix, entry.name)],
  );
}
