import type { Type } from '@nestjs/common';
import type { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';

/**
 * Boot a Nest module in-process on a Fastify adapter (real database, real broker) without
 * opening a port; use `app.inject()` for HTTP. Close it in afterAll.
 */
export async function bootNestApp(
  appModule: Type,
  adapter: FastifyAdapter,
  configure?: (app: NestFastifyApplication) => Promise<void>,
): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [appModule] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(adapter, { logger: false });
  await configure?.(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
