import { Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppConfigModule, baseEnvSchema } from '@ams/config';
import { ContractViolation, defineRpc, DomainError } from '@ams/contracts';
import { currentClient, currentCorrelationId, withCorrelationId, withRequestContext } from '@ams/logging';
import { eventually } from '@ams/testing';
import { MessageBus, MessagingModule } from '../src';

const ECHO_V1 = defineRpc(
  'test.echo.v1',
  z.object({ text: z.string().min(1) }),
  z.object({
    text: z.string(),
    correlationId: z.string().optional(),
    client: z.object({ ipAddress: z.string(), userAgent: z.string(), sessionId: z.string() }).partial().optional(),
  }),
);

async function busOf(service: 'media' | 'billing'): Promise<{ module: TestingModule; bus: MessageBus }> {
  @Module({
    imports: [AppConfigModule.forRoot(baseEnvSchema), MessagingModule.forRoot({ service, version: '0.0.0-test' })],
  })
  class Host {}
  const module = await Test.createTestingModule({ imports: [Host] }).compile();
  await module.init();
  const bus = module.get(MessageBus);
  await eventually(() => bus.isConnected());
  return { module, bus };
}

describe('MessageBus over a real RabbitMQ', () => {
  let caller: Awaited<ReturnType<typeof busOf>>;
  let responder: Awaited<ReturnType<typeof busOf>>;
  const routingKey = `test.echo.v1.${randomUUID()}`;

  beforeAll(async () => {
    [caller, responder] = await Promise.all([busOf('media'), busOf('billing')]);
    await responder.bus.respond(ECHO_V1, { routingKey, queue: routingKey }, async ({ text }) => {
      if (text === 'missing') throw new DomainError('MEDIA_NOT_FOUND', 'No such media', { id: 'x' });
      if (text === 'crash') throw new Error('connection string postgres://secret@db leaked?');
      return { text: text.toUpperCase(), correlationId: currentCorrelationId(), client: currentClient() };
    });
  });

  afterAll(async () => {
    // One at a time: closing two golevelup connections of one process concurrently can hang.
    await caller.module.close();
    await responder.module.close();
  });

  it('carries a request to another service and its reply back', async () => {
    await expect(caller.bus.request(ECHO_V1, { text: 'hello' }, routingKey)).resolves.toMatchObject({ text: 'HELLO' });
  });

  it('handles the message inside the caller’s correlation id', async () => {
    const reply = await withCorrelationId('corr-from-http', () =>
      caller.bus.request(ECHO_V1, { text: 'x' }, routingKey),
    );
    expect(reply.correlationId).toBe('corr-from-http');
  });

  it("carries the user's client (IP, user agent, session) to the handler, for its audit entries", async () => {
    const client = { ipAddress: '203.0.113.7', userAgent: 'Mozilla/5.0 (test)', sessionId: 'sess-1' };
    const reply = await withRequestContext('corr-client', client, () =>
      caller.bus.request(ECHO_V1, { text: 'who' }, routingKey),
    );
    expect(reply.client).toEqual(client);
    const anonymous = await caller.bus.request(ECHO_V1, { text: 'nobody' }, routingKey);
    expect(anonymous.client).toEqual({});
  });

  it('drops a malformed client IP instead of passing it on', async () => {
    const reply = await withRequestContext('corr-bad-ip', { ipAddress: "1.2.3.4'; DROP TABLE", userAgent: 'x' }, () =>
      caller.bus.request(ECHO_V1, { text: 'bad' }, routingKey),
    );
    expect(reply.client).toEqual({ userAgent: 'x' });
  });

  it('refuses to send a request that breaks its contract', async () => {
    await expect(caller.bus.request(ECHO_V1, { text: '' }, routingKey)).rejects.toBeInstanceOf(ContractViolation);
  });

  it('rethrows the domain error the responder threw, with its code and details', async () => {
    const failure = caller.bus.request(ECHO_V1, { text: 'missing' }, routingKey);
    await expect(failure).rejects.toBeInstanceOf(DomainError);
    await expect(failure).rejects.toMatchObject({
      code: 'MEDIA_NOT_FOUND',
      message: 'No such media',
      details: { id: 'x' },
    });
  });

  it('turns an unexpected responder failure into INTERNAL without leaking its message', async () => {
    const failure = caller.bus.request(ECHO_V1, { text: 'crash' }, routingKey);
    await expect(failure).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(failure).rejects.not.toThrow(/postgres/);
  });

  it('fails a request nobody answers within the RPC timeout instead of hanging', async () => {
    await expect(caller.bus.request(ECHO_V1, { text: 'anyone?' }, `nobody.${randomUUID()}`)).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
    });
  });
});
