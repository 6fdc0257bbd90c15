import { Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { connect } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppConfigModule, baseEnvSchema } from '@ams/config';
import { defineEvent, defineRpc, DomainError, EXCHANGES } from '@ams/contracts';
import { MessageBus, MessagingModule, WorkQueue } from '@ams/messaging';
import { eventually } from '@ams/testing';
import { MetricsModule, MetricsRegistry } from '../src';

/** The value of one sample line (`name{labels} value`) in the exposition text, 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text
    .split('\n')
    .find((candidate) => candidate.startsWith(`${name}{`) && wanted.every((label) => candidate.includes(label)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('RabbitMQ metrics over a real broker', () => {
  let module: TestingModule;
  let bus: MessageBus;
  // Contracts and queues of their own per run, so no other test's consumer shares a binding.
  const suffix = randomUUID().replace(/-/g, '').slice(0, 8);
  const letters = suffix.replace(/[0-9]/g, 'x');
  const EVENT_V1 = defineEvent(`test.metered${letters}.v1`, z.object({ n: z.number() }));
  const WORK_V1 = defineEvent(`test.meteredwork${letters}.v1`, z.object({ n: z.number() }));
  const ECHO_V1 = defineRpc(`test.meteredecho${letters}.v1`, z.object({ n: z.number() }), z.object({ n: z.number() }));
  const eventQueue = `test.metered.${suffix}`;
  const workQueue = `test.meteredwork.${suffix}`;
  const scrape = () => module.get(MetricsRegistry).text();

  beforeAll(async () => {
    @Module({
      imports: [
        AppConfigModule.forRoot(baseEnvSchema),
        MessagingModule.forRoot({ service: 'media', version: '0.0.0-test' }),
        MetricsModule.forRoot({ service: 'media' }),
      ],
    })
    class Host {}
    module = await Test.createTestingModule({ imports: [Host] }).compile();
    await module.init();
    bus = module.get(MessageBus);
    await eventually(() => bus.isConnected());
  });

  afterAll(async () => {
    await module.close();
  });

  async function publishRaw(name: string, bodies: unknown[]): Promise<void> {
    const connection = await connect(process.env.AMQP_URL!);
    const channel = await connection.createConfirmChannel();
    for (const body of bodies) channel.publish(EXCHANGES.events, name, Buffer.from(JSON.stringify(body)));
    await channel.waitForConfirms();
    await connection.close();
  }

  it('counts events handled and failed by pattern, with handler durations', async () => {
    await bus.subscribe(EVENT_V1, { queue: eventQueue }, async ({ n }) => {
      if (n < 0) throw new Error('cannot handle negative numbers');
    });
    // Two handled; one whose handler throws; one that breaks the contract.
    await publishRaw(EVENT_V1.name, [{ n: 1 }, { n: 2 }, { n: -1 }, { n: 'not a number' }]);

    const pattern = EVENT_V1.name;
    await eventually(async () => sample(await scrape(), 'ams_messages_failed_total', { pattern }) === 2);
    const text = await scrape();
    expect(sample(text, 'ams_messages_handled_total', { pattern, service: 'media' })).toBe(2);
    expect(sample(text, 'ams_message_handler_duration_seconds_count', { pattern, outcome: 'handled' })).toBe(2);
    expect(sample(text, 'ams_message_handler_duration_seconds_count', { pattern, outcome: 'failed' })).toBe(2);
  });

  it('counts requests answered, refused with a domain error, and failed', async () => {
    await bus.respond(ECHO_V1, { queue: `test.meteredecho.${suffix}` }, async ({ n }) => {
      if (n === 0) throw new DomainError('MEDIA_NOT_FOUND', 'No such media');
      if (n < 0) throw new Error('boom');
      return { n };
    });
    await bus.request(ECHO_V1, { n: 1 });
    await expect(bus.request(ECHO_V1, { n: 0 })).rejects.toMatchObject({ code: 'MEDIA_NOT_FOUND' });
    await expect(bus.request(ECHO_V1, { n: -1 })).rejects.toMatchObject({ code: 'INTERNAL' });

    const text = await scrape();
    const pattern = ECHO_V1.name;
    expect(sample(text, 'ams_messages_handled_total', { pattern })).toBe(2);
    expect(sample(text, 'ams_messages_failed_total', { pattern })).toBe(1);
    expect(sample(text, 'ams_message_handler_duration_seconds_count', { pattern, outcome: 'refused' })).toBe(1);
  });

  it('reports the depth of a consumed work queue at scrape time, and counts its work by pattern', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const consumer = module
      .get(WorkQueue)
      .consume(WORK_V1, { queue: workQueue, concurrency: 1, maxPriority: 10 }, async ({ n }) => {
        if (n < 0) throw new Error('cannot do negative work');
        await gate;
      });
    await eventually(async () => (await scrape()).includes(`queue="${workQueue}"`));

    // One in the handler's hands (held by the gate), three waiting behind it.
    await publishRaw(WORK_V1.name, [{ n: 1 }, { n: 2 }, { n: 3 }, { n: -1 }]);
    await eventually(async () => sample(await scrape(), 'ams_queue_depth', { queue: workQueue }) === 3);

    release();
    const pattern = WORK_V1.name;
    await eventually(async () => sample(await scrape(), 'ams_messages_failed_total', { pattern }) === 1);
    const text = await scrape();
    expect(sample(text, 'ams_messages_handled_total', { pattern })).toBe(3);
    expect(sample(text, 'ams_queue_depth', { queue: workQueue })).toBe(0);
    await consumer.drain(1000);
  });

  it('still answers when a queue cannot be checked, leaving that queue out', async () => {
    const missing = `test.no-such-queue.${suffix}`;
    jest.spyOn(module.get(WorkQueue), 'consumedQueues').mockReturnValue([missing, workQueue]);
    const text = await scrape();
    expect(text).not.toContain(missing);
    expect(text).toMatch(new RegExp(`^ams_queue_depth\\{.*queue="${workQueue}".*\\} 0$`, 'm'));
    // The failed check closed only its own channel: the bus still works.
    await expect(bus.request(ECHO_V1, { n: 7 })).resolves.toEqual({ n: 7 });
  });
});
