/**
 * `npm run sdk:generate`: the gateway's OpenAPI document, built from its controllers without
 * starting anything, written to libs/sdk/openapi.json, and the SDK's types generated from it
 * (libs/sdk/src/schema.ts). The gateway's tests fail when either drifts from what it serves.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { WORKSPACE_ROOT } from '@ams/devstack';

export const SDK_DOCUMENT = join(WORKSPACE_ROOT, 'libs/sdk/openapi.json');
export const SDK_SCHEMA = join(WORKSPACE_ROOT, 'libs/sdk/src/schema.ts');

// The document describes the development gateway (dev-token route included). Nothing connects:
// the app is created, never initialised, so these only have to pass validation.
Object.assign(process.env, {
  NODE_ENV: 'development',
  AUTH_PROVIDER: 'local',
  DATABASE_URL: 'postgresql://export@localhost:1/export',
  AMQP_URL: 'amqp://localhost:1',
  REDIS_URL: 'redis://localhost:1',
  DATA_DIR: join(WORKSPACE_ROOT, '.data'),
});

async function main(): Promise<void> {
  const { AppModule } = await import('../apps/gateway/src/app.module');
  const { buildOpenApiDocument } = await import('../apps/gateway/src/openapi/openapi');
  const { version } = await import('../apps/gateway/package.json');
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), { logger: false });
  writeFileSync(SDK_DOCUMENT, `${JSON.stringify(buildOpenApiDocument(app, version), null, 2)}\n`);
  execFileSync('npx', ['openapi-typescript', SDK_DOCUMENT, '--output', SDK_SCHEMA], { stdio: 'inherit' });
  process.stdout.write(`wrote ${SDK_DOCUMENT} and ${SDK_SCHEMA}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
