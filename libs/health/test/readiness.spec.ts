import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AppConfigModule, baseEnvSchema } from '@ams/config';
import { DatabaseModule } from '@ams/db';
import { MessagingModule } from '@ams/messaging';
import { bootNestApp, eventually, TcpProxy } from '@ams/testing';
import { HealthModule } from '../src';

/** Readiness of a real service whose links to the database and the broker pass through proxies we can cut. */
describe('GET /health/ready', () => {
  let app: NestFastifyApplication;
  let database: TcpProxy;
  let broker: TcpProxy;

  const ready = async () => {
    const response = await app.inject({ method: 'GET', url: '/health/ready' });
    return { status: response.statusCode, body: response.json() as { details: Record<string, { status: string }> } };
  };

  beforeAll(async () => {
    const databaseUrl = new URL(process.env['DATABASE_URL']!);
    const amqpUrl = new URL(process.env['AMQP_URL']!);
    database = await TcpProxy.start({ host: databaseUrl.hostname, port: Number(databaseUrl.port || 5432) });
    broker = await TcpProxy.start({ host: amqpUrl.hostname, port: Number(amqpUrl.port || 5672) });
    databaseUrl.port = String(database.port);
    amqpUrl.port = String(broker.port);
    process.env['DATABASE_URL'] = databaseUrl.toString();
    process.env['AMQP_URL'] = amqpUrl.toString();

    @Module({
      imports: [
        AppConfigModule.forRoot(baseEnvSchema),
        DatabaseModule,
        MessagingModule.forRoot({ service: 'audit', version: '0.0.0-test' }),
        HealthModule,
      ],
    })
    class AuditLike {}
    app = await bootNestApp(AuditLike, new FastifyAdapter());
    await eventually(async () => (await ready()).status === 200);
  });

  afterAll(async () => {
    await app.close();
    await Promise.all([database.cut(), broker.cut()]);
  });

  it('is live without checking anything external', async () => {
    const response = await app.inject({ method: 'GET', url: '/health/live' });
    expect(response.statusCode).toBe(200);
  });

  it('reports the database and the broker by name when both are up', async () => {
    const { status, body } = await ready();
    expect(status).toBe(200);
    expect(body.details).toMatchObject({ database: { status: 'up' }, rabbitmq: { status: 'up' } });
  });

  it('turns red within seconds when the broker goes away and green again when it is back', async () => {
    await broker.cut();
    await eventually(async () => (await ready()).status === 503, 10_000);
    const down = await ready();
    expect(down.body.details).toMatchObject({ rabbitmq: { status: 'down' }, database: { status: 'up' } });

    await broker.open();
    await eventually(async () => (await ready()).status === 200, 20_000);
  });

  it('turns red when the database goes away and recovers without a restart', async () => {
    await database.cut();
    await eventually(async () => (await ready()).status === 503, 10_000);
    expect((await ready()).body.details).toMatchObject({ database: { status: 'down' } });

    await database.open();
    await eventually(async () => (await ready()).status === 200, 20_000);
  });
});
