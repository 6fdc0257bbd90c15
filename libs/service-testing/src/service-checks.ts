import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SYSTEM_PING_V1, pingRoutingKey, type ServiceName } from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import { fastifyAdapter } from '@ams/runtime';
import { bootNestApp, eventually } from '@ams/testing';

/**
 * A service's real AppModule, booted in-process as `startService` would, minus the port.
 * `adapter` as startService passes it (the gateway's trustProxy).
 */
export function bootServiceApp(
  appModule: Type,
  configure?: (app: NestFastifyApplication) => Promise<void>,
  adapter: Parameters<typeof fastifyAdapter>[0] = {},
): Promise<NestFastifyApplication> {
  return bootNestApp(appModule, fastifyAdapter(adapter), configure);
}

/**
 * The checks every service passes: its real AppModule boots against the real database and
 * broker, reports ready, and answers a status ping under its own name and version.
 */
export function describeServiceBasics(service: ServiceName, appModule: Type, version: string): void {
  describe(`${service} service basics`, () => {
    let app: NestFastifyApplication;

    beforeAll(async () => {
      app = await bootServiceApp(appModule);
      await eventually(() => app.get(MessageBus).isConnected());
    });

    afterAll(async () => {
      await app.close();
    });

    it('is ready with the database and the broker up', async () => {
      const response = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ details: { database: { status: 'up' }, rabbitmq: { status: 'up' } } });
    });

    it('answers a status ping over RabbitMQ with its name and version', async () => {
      const reply = await app
        .get(MessageBus)
        .request(SYSTEM_PING_V1, { sentAt: new Date().toISOString() }, pingRoutingKey(service));
      expect(reply).toMatchObject({ service, version });
    });
  });
}
