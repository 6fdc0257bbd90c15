import { Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { connect } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppConfigModule, baseEnvSchema } from '@ams/config';
import { defineEvent, EXCHANGES } from '@ams/contracts';
import { eventually } from '@ams/testing';
import { MessageBus, MessagingModule, WorkQueue } from '../src';

async function host(): Promise<TestingModule> {
  @Module({
    imports: [
      AppConfigModule.forRoot(baseEnvSchema),
      MessagingModule.forRoot({ service: 'analysis', version: '0.0.0-test' }),
    ],
  })
  class Host {}
  const module = await Test.createTestingModule({ imports: [Host] }).compile();
  await module.init();
  await eventually(() => module.get(MessageBus).isConnected());
  return module;
}

describe('WorkQueue over a real RabbitMQ', () => {
  let module: TestingModule;
  // A contract of its own per run, so no other test's consumer shares the binding.
  const suffix = randomUUID().replace(/-/g, '').slice(0, 8);
  const WORK_V1 = defineEvent(`test.work${suffix.replace(/[0-9]/g, 'x')}.v1`, z.object({ n: z.number() }));
  const queue = `test.work.${suffix}`;

  beforeAll(async () => {
    module = await host();
  });

  afterAll(async () => {
    await module.close();
  });

  /** Publish straight to the events exchange, as the outbox relay does, with a priority. */
  async function publish(items: { n: number; priority: number }[]): Promise<void> {
    const connection = await connect(process.env.AMQP_URL!);
    const channel = await connection.createConfirmChannel();
    for (const { n, priority } of items) {
      channel.publish(EXCHANGES.events, WORK_V1.name, Buffer.from(JSON.stringify({ n })), {
        priority,
        persistent: true,
      });
    }
    await channel.waitForConfirms();
    await connection.close();
  }

  it('serves higher priorities first, and dead-letters work whose handler fails', async () => {
    // Declare the queue (and stop at once) so messages wait in it before anyone consumes.
    const declared = module
      .get(WorkQueue)
      .consume(WORK_V1, { queue, concurrency: 1, maxPriority: 10 }, async () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await declared.drain(1000);

    await publish([
      { n: 1, priority: 1 },
      { n: 2, priority: 5 },
      { n: 3, priority: 10 },
      { n: -1, priority: 1 },
    ]);
    const seen: number[] = [];
    const consumer = module
      .get(WorkQueue)
      .consume(WORK_V1, { queue, concurrency: 1, maxPriority: 10 }, async ({ n }) => {
        if (n < 0) throw new Error('cannot do negative work');
        seen.push(n);
      });
    await eventually(() => seen.length === 3);
    expect(seen).toEqual([3, 2, 1]);

    const connection = await connect(process.env.AMQP_URL!);
    const channel = await connection.createChannel();
    await eventually(async () => (await channel.checkQueue(`${queue}.dead`)).messageCount === 1);
    await channel.deleteQueue(queue);
    await channel.deleteQueue(`${queue}.dead`);
    await connection.close();
    await consumer.drain(1000);
  });
});
