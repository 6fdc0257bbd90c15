import { Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { z } from 'zod';
import { AppConfigModule, baseEnvSchema } from '@ams/config';
import { defineEvent } from '@ams/contracts';
import { Database, DatabaseModule } from '@ams/db';
import { eventually, TcpProxy } from '@ams/testing';
import { MessageBus, MessagingModule, Outbox, OutboxModule, type EventContext } from '../src';

const PROBE_V1 = defineEvent('test.outbox-probe.v1', z.object({ note: z.string() }));

async function boot(service: 'media' | 'billing', withOutbox: boolean): Promise<TestingModule> {
  @Module({
    imports: [
      AppConfigModule.forRoot(baseEnvSchema),
      DatabaseModule,
      MessagingModule.forRoot({ service, version: '0.0.0-test' }),
      ...(withOutbox ? [OutboxModule] : []),
    ],
  })
  class Host {}
  const module = await Test.createTestingModule({ imports: [Host] }).compile();
  await module.init();
  return module;
}

describe('transactional outbox', () => {
  const brokerUrl = new URL(process.env['AMQP_URL']!);
  let broker: TcpProxy;
  let publisher: TestingModule;
  let subscriber: TestingModule;
  let pool: Pool;
  const received: { note: string; context: EventContext }[] = [];

  beforeAll(async () => {
    pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
    // The subscriber talks to the broker directly; the publishing service through a proxy we can cut.
    subscriber = await boot('billing', false);
    await subscriber
      .get(MessageBus)
      .subscribe(PROBE_V1, { queue: `test.outbox.${randomUUID()}` }, async ({ note }, context) => {
        received.push({ note, context });
      });
    broker = await TcpProxy.start({ host: brokerUrl.hostname, port: Number(brokerUrl.port || 5672) });
    const proxied = new URL(brokerUrl);
    proxied.port = String(broker.port);
    process.env['AMQP_URL'] = proxied.toString();
    publisher = await boot('media', true);
    process.env['AMQP_URL'] = brokerUrl.toString();
    await eventually(() => publisher.get(MessageBus).isConnected() && subscriber.get(MessageBus).isConnected());
  });

  afterAll(async () => {
    await publisher.close();
    await subscriber.close();
    await broker.cut();
    await pool.end();
  });

  const addInTransaction = (note: string) =>
    publisher.get(Database).service((tx) => publisher.get(Outbox).add(tx, PROBE_V1, { note }));

  it('publishes an event after its tenant transaction commits, with the outbox id as the event id', async () => {
    const note = `committed-${randomUUID()}`;
    const tag = randomUUID().slice(0, 8);
    const { rows } = await pool.query(`INSERT INTO users (firebase_uid, email) VALUES ($1, $2) RETURNING id`, [
      `fb-${tag}`,
      `${tag}@example.com`,
    ]);
    // As app_user, which may add to the outbox but not read it.
    const id = await publisher
      .get(Database)
      .tenant(rows[0].id, (tx) => publisher.get(Outbox).add(tx, PROBE_V1, { note }));
    await eventually(() => received.some((r) => r.note === note));
    expect(received.find((r) => r.note === note)?.context.eventId).toBe(id);
    await eventually(
      async () =>
        (await pool.query(`SELECT published_at FROM outbox_events WHERE id = $1`, [id])).rows[0]?.published_at !== null,
    );
  });

  it('never publishes an event whose transaction rolled back', async () => {
    const note = `rolled-back-${randomUUID()}`;
    await expect(
      publisher.get(Database).service(async (tx) => {
        await publisher.get(Outbox).add(tx, PROBE_V1, { note });
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    const marker = `after-${randomUUID()}`;
    await addInTransaction(marker);
    await eventually(() => received.some((r) => r.note === marker));
    expect(received.some((r) => r.note === note)).toBe(false);
  });

  it('keeps events through a broker outage and delivers them once it is back', async () => {
    await broker.cut();
    await eventually(() => !publisher.get(MessageBus).isConnected());
    const notes = Array.from({ length: 5 }, (_, i) => `outage-${i}-${randomUUID()}`);
    const ids = [];
    for (const note of notes) ids.push(await addInTransaction(note));

    await new Promise((resolve) => setTimeout(resolve, 1000));
    const pending = await pool.query(
      `SELECT count(*)::int AS n FROM outbox_events WHERE id = ANY($1) AND published_at IS NULL`,
      [ids],
    );
    expect(pending.rows[0].n).toBe(5);
    expect(received.filter((r) => notes.includes(r.note))).toHaveLength(0);

    await broker.open();
    await eventually(() => notes.every((note) => received.some((r) => r.note === note)), 20_000);
    const delivered = received.filter((r) => notes.includes(r.note)).map((r) => r.note);
    expect(delivered).toEqual(notes); // in order, each once
  }, 40_000);

  it('refuses to record an event that breaks its contract', async () => {
    await expect(
      publisher.get(Database).service((tx) => publisher.get(Outbox).add(tx, PROBE_V1, { note: 42 } as never)),
    ).rejects.toThrow(/test.outbox-probe.v1/);
  });
});
