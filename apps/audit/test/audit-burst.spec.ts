import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { AUDIT_RECORD_V1, type PayloadOf } from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import { bootServiceApp, insertTestUser } from '@ams/service-testing';
import { eventually } from '@ams/testing';
import { AppModule } from '../src/app.module';

const EVENTS = 10_000;
const DUPLICATES = 25;

describe('the audit service under a burst', () => {
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
  let app: NestFastifyApplication;
  let bus: MessageBus;

  beforeAll(async () => {
    app = await bootServiceApp(AppModule);
    bus = app.get(MessageBus);
    await eventually(() => bus.isConnected());
  });

  afterAll(async () => {
    await app.close();
    await pool.end();
  });

  it('absorbs 10,000 events (and redeliveries of some) without losing or doubling one', async () => {
    const userId = await insertTestUser(pool, { label: 'audit-burst' });
    const record = (n: number): PayloadOf<typeof AUDIT_RECORD_V1> => ({
      eventType: 'search.performed',
      category: 'search',
      action: 'search',
      actorType: 'user',
      userId,
      metadata: { n },
      riskLevel: 'low',
      occurredAt: new Date().toISOString(),
    });
    const events = Array.from({ length: EVENTS }, (_, n) => ({ id: randomUUID(), payload: record(n) }));
    const redelivered = events.slice(0, DUPLICATES);

    const started = performance.now();
    await Promise.all(
      [...events, ...redelivered].map(({ id, payload }) => bus.publishRaw(AUDIT_RECORD_V1.name, payload, id, {})),
    );
    const published = performance.now();
    const count = async () =>
      Number((await pool.query(`SELECT count(*) FROM audit_logs WHERE user_id = $1`, [userId])).rows[0].count);
    await eventually(async () => (await count()) >= EVENTS, 170_000);
    const written = performance.now();
    // Let any straggler (a redelivery) land before counting for the last time.
    await new Promise((resolve) => setTimeout(resolve, 1000));

    expect(await count()).toBe(EVENTS);
    const distinct = await pool.query(
      `SELECT count(DISTINCT (metadata->>'n')) AS n FROM audit_logs WHERE user_id = $1`,
      [userId],
    );
    expect(Number(distinct.rows[0].n)).toBe(EVENTS);
    console.log(
      `audit burst: ${EVENTS + DUPLICATES} events published in ${Math.round(published - started)} ms; ` +
        `${EVENTS} rows written ${Math.round(written - started)} ms after the first publish`,
    );
  }, 200_000);
});
