import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { AUDIT_RECORD_V1, type PayloadOf } from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import { bootServiceApp, insertTestUser } from '@ams/service-testing';
import { eventually } from '@ams/testing';
import { AppModule } from '../src/app.module';

type AuditRecord = PayloadOf<typeof AUDIT_RECORD_V1>;

describe('the audit service writes audit records from every service', () => {
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

  const newUser = () => insertTestUser(pool, { label: 'audit' });

  const record = (userId: string | null, overrides: Partial<AuditRecord> = {}): AuditRecord => ({
    eventType: 'billing.subscription_changed',
    category: 'billing',
    action: 'update',
    actorType: 'system',
    userId,
    targetType: 'user',
    targetId: userId,
    ipAddress: '203.0.113.7',
    userAgent: 'Stripe/1.0',
    requestId: randomUUID(),
    oldValues: { tier: 'free' },
    newValues: { tier: 'premium' },
    metadata: { source: 'stripe' },
    riskLevel: 'low',
    occurredAt: new Date().toISOString(),
    ...overrides,
  });

  const rowsOf = async (userId: string) =>
    (
      await pool.query(
        `SELECT event_type, event_category, action, actor_type, target_type, target_id, host(ip_address) AS ip,
                user_agent, request_id, old_values, new_values, metadata, risk_level
           FROM audit_logs WHERE user_id = $1`,
        [userId],
      )
    ).rows;

  it('writes every column of a record, once even when the event is delivered twice', async () => {
    const userId = await newUser();
    const payload = record(userId);
    const eventId = randomUUID();
    await bus.publishRaw(AUDIT_RECORD_V1.name, payload, eventId, {});
    await bus.publishRaw(AUDIT_RECORD_V1.name, payload, eventId, {});
    await bus.publishRaw(AUDIT_RECORD_V1.name, record(userId, { action: 'second' }), randomUUID(), {});
    await eventually(async () => (await rowsOf(userId)).length === 2);
    const first = (await rowsOf(userId)).find((row) => row.action === 'update');
    expect(first).toEqual({
      event_type: 'billing.subscription_changed',
      event_category: 'billing',
      action: 'update',
      actor_type: 'system',
      target_type: 'user',
      target_id: userId,
      ip: '203.0.113.7',
      user_agent: 'Stripe/1.0',
      request_id: payload.requestId,
      old_values: { tier: 'free' },
      new_values: { tier: 'premium' },
      metadata: { source: 'stripe' },
      risk_level: 'low',
    });
  });

  it('keeps a record whose request id is not a UUID (in metadata) and drops an address that is not an IP', async () => {
    const userId = await newUser();
    await bus.publish(
      AUDIT_RECORD_V1,
      record(userId, { requestId: 'req-abc', ipAddress: 'not-an-ip', targetId: null }),
    );
    await eventually(async () => (await rowsOf(userId)).length === 1);
    expect((await rowsOf(userId))[0]).toMatchObject({
      ip: null,
      request_id: null,
      target_type: null,
      target_id: null,
      metadata: { source: 'stripe', requestId: 'req-abc' },
    });
  });
});
