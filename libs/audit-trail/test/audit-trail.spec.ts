import { Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { AppConfigModule, baseEnvSchema } from '@ams/config';
import { AUDIT_RECORD_V1 } from '@ams/contracts';
import { Database, DatabaseModule } from '@ams/db';
import { withRequestContext } from '@ams/logging';
import { MessagingModule } from '@ams/messaging';
import { eventually } from '@ams/testing';
import { AuditTrail, AuditTrailModule, withoutSecrets } from '../src';

interface OutboxRow {
  payload: Record<string, unknown>;
}

describe('AuditTrail', () => {
  let module: TestingModule;
  let audit: AuditTrail;
  let pool: Pool;

  beforeAll(async () => {
    @Module({
      imports: [
        AppConfigModule.forRoot(baseEnvSchema),
        DatabaseModule,
        MessagingModule.forRoot({ service: 'media', version: '0.0.0-test' }),
        AuditTrailModule,
      ],
    })
    class Host {}
    module = await Test.createTestingModule({ imports: [Host] }).compile();
    await module.init();
    audit = module.get(AuditTrail);
    pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
  });

  afterAll(async () => {
    await module.close();
    await pool.end();
  });

  /** The audit records queued for `targetId` (published or not: the relay may already have run). */
  async function queuedFor(targetId: string): Promise<Record<string, unknown>[]> {
    const { rows } = await pool.query<OutboxRow>(
      `SELECT payload FROM outbox_events WHERE event_name = $1 AND payload->>'targetId' = $2`,
      [AUDIT_RECORD_V1.name, targetId],
    );
    return rows.map((row) => row.payload);
  }

  /** `record` is fire-and-forget: wait for its entry to reach the outbox. */
  async function firstQueuedFor(targetId: string): Promise<Record<string, unknown>> {
    await eventually(async () => (await queuedFor(targetId)).length > 0);
    return (await queuedFor(targetId))[0]!;
  }

  it('queues a read in the outbox with the kind’s category and risk and the request’s client', async () => {
    const targetId = randomUUID();
    const client = { ipAddress: '198.51.100.4', userAgent: 'curl/8', sessionId: 'session-9' };
    withRequestContext('corr-audit-1', client, () =>
      audit.record('media.viewed', { userId: null, targetType: 'media_file', targetId }),
    );
    expect(await firstQueuedFor(targetId)).toMatchObject({
      eventType: 'media.viewed',
      category: 'upload',
      action: 'view',
      riskLevel: 'low',
      actorType: 'system',
      ipAddress: client.ipAddress,
      userAgent: client.userAgent,
      sessionId: client.sessionId,
      requestId: 'corr-audit-1',
    });
  });

  it('raises the risk when the emitter asks, and never lowers it', async () => {
    const raised = randomUUID();
    const lowered = randomUUID();
    audit.record('media.updated', { userId: null, targetId: raised, risk: 'medium' });
    audit.record('access.cross_tenant', { userId: null, targetId: lowered, risk: 'low' });
    expect((await firstQueuedFor(raised))['riskLevel']).toBe('medium');
    expect((await firstQueuedFor(lowered))['riskLevel']).toBe('high');
  });

  it('records a change’s entry only when the change commits', async () => {
    const committed = randomUUID();
    const rolledBack = randomUUID();
    const database = module.get(Database);
    await database.service((tx) => audit.recordIn(tx, 'media.deleted', { userId: null, targetId: committed }));
    await expect(
      database.service(async (tx) => {
        await audit.recordIn(tx, 'media.deleted', { userId: null, targetId: rolledBack });
        throw new Error('the delete failed');
      }),
    ).rejects.toThrow('the delete failed');
    expect(await queuedFor(committed)).toHaveLength(1);
    expect(await queuedFor(rolledBack)).toHaveLength(0);
  });

  it('never stores secret-named values, at any depth', () => {
    expect(
      withoutSecrets({
        tags: ['a'],
        accessToken: 'eyJ…',
        nested: { stripeSignature: 't=1', apiKey: 'k', plain: 1, list: [{ password: 'p', ok: true }] },
      }),
    ).toEqual({
      tags: ['a'],
      accessToken: '[redacted]',
      nested: {
        stripeSignature: '[redacted]',
        apiKey: '[redacted]',
        plain: 1,
        list: [{ password: '[redacted]', ok: true }],
      },
    });
  });
});
