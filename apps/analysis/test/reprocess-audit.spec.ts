import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { ANALYSIS_REPROCESS_V1, DomainError } from '@ams/contracts';
import { withRequestContext } from '@ams/logging';
import { MessageBus } from '@ams/messaging';
import { bootServiceApp, insertTestUser, queuedAuditEntries } from '@ams/service-testing';
import { eventually } from '@ams/testing';

// This in-process instance must not take analysis work from the e2e workers running beside it.
process.env['ANALYSIS_RUN_JOBS'] = 'false';
// The config is validated when the module loads, so it is required after the line above.
const { AppModule } = require('../src/app.module') as typeof import('../src/app.module');

interface AuditEntry {
  eventType: string;
  userId: string | null;
  targetId: string | null;
  ipAddress: string | null;
  requestId: string | null;
  metadata?: Record<string, unknown>;
  riskLevel: string;
}

describe('reprocessing writes the audit trail', () => {
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

  /** A file of `userId` whose analysis failed: the one state reprocess accepts. */
  async function failedFile(userId: string): Promise<string> {
    const tag = randomUUID().slice(0, 8);
    const media = await pool.query(
      `INSERT INTO media_files (user_id, filename, original_filename, file_type, mime_type, file_size_bytes, s3_key, s3_bucket, status)
       VALUES ($1, 'a.jpg', 'a.jpg', 'image', 'image/jpeg', 100, $2, 'local', 'failed') RETURNING id`,
      [userId, `media/${tag}/a.jpg`],
    );
    const mediaId = media.rows[0].id as string;
    await pool.query(
      `INSERT INTO processing_jobs (media_file_id, user_id, job_type, status, subscription_tier, error_code, completed_at)
       VALUES ($1, $2, 'image_analysis', 'failed', 'free', 'PROVIDER_UNAVAILABLE', now())`,
      [mediaId, userId],
    );
    return mediaId;
  }

  const entriesAbout = (targetId: string, eventType: string) =>
    queuedAuditEntries<AuditEntry>(pool, { targetId, eventType });

  async function refusal(call: Promise<unknown>): Promise<{ code: string; message: string; details: unknown }> {
    const error = await call.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
    return { code: error.code, message: error.message, details: error.details };
  }

  it('records a reprocess in its transaction, in the request context of the caller', async () => {
    const userId = await insertTestUser(pool, { label: 'reprocess' });
    const mediaId = await failedFile(userId);
    const correlationId = `reprocess-spec-${randomUUID()}`;
    await withRequestContext(correlationId, { ipAddress: '198.51.100.4', userAgent: 'ReprocessSpec/1.0' }, () =>
      bus.request(ANALYSIS_REPROCESS_V1, { userId, mediaId }),
    );

    const [reprocessed] = await entriesAbout(mediaId, 'media.reprocessed');
    expect(reprocessed).toMatchObject({
      userId,
      targetId: mediaId,
      ipAddress: '198.51.100.4',
      requestId: correlationId,
      metadata: { failedJobsReset: 1 },
      riskLevel: 'low',
    });
  });

  it('records no reprocess when nothing failed (the request is refused)', async () => {
    const userId = await insertTestUser(pool, { label: 'reprocess' });
    const mediaId = await failedFile(userId);
    await bus.request(ANALYSIS_REPROCESS_V1, { userId, mediaId });
    // Its jobs are pending again: a second reprocess is refused and rolled back with its entry.
    expect((await refusal(bus.request(ANALYSIS_REPROCESS_V1, { userId, mediaId }))).code).toBe('REPROCESS_NOT_ALLOWED');
    expect(await entriesAbout(mediaId, 'media.reprocessed')).toHaveLength(1);
  });

  it("answers another user's id like an unknown one, and records the cross-tenant attempt", async () => {
    const owner = await insertTestUser(pool, { label: 'owner' });
    const intruder = await insertTestUser(pool, { label: 'intruder' });
    const ownersFile = await failedFile(owner);
    const unknownId = randomUUID();

    const probed = await refusal(bus.request(ANALYSIS_REPROCESS_V1, { userId: intruder, mediaId: ownersFile }));
    const guessed = await refusal(bus.request(ANALYSIS_REPROCESS_V1, { userId: intruder, mediaId: unknownId }));
    expect(probed.code).toBe('MEDIA_NOT_FOUND');
    expect(probed).toEqual({ ...guessed, details: { mediaId: ownersFile } });

    await eventually(async () => (await entriesAbout(ownersFile, 'access.cross_tenant')).length === 1);
    expect((await entriesAbout(ownersFile, 'access.cross_tenant'))[0]).toMatchObject({
      userId: intruder,
      riskLevel: 'high',
      metadata: { operation: 'reprocess', ownerIsOther: true },
    });
    await eventually(async () => (await entriesAbout(unknownId, 'access.not_found')).length === 1);
    expect((await entriesAbout(unknownId, 'access.not_found'))[0]).toMatchObject({
      userId: intruder,
      riskLevel: 'medium',
      metadata: { operation: 'reprocess', ownerIsOther: false },
    });

    // Nothing was reset for the intruder, and nothing they caused names the owner.
    const { rows: jobs } = await pool.query(`SELECT status FROM processing_jobs WHERE media_file_id = $1`, [
      ownersFile,
    ]);
    expect(jobs).toEqual([{ status: 'failed' }]);
    const { rows } = await pool.query(
      `SELECT payload, headers FROM outbox_events WHERE event_name = 'audit.record.v1' AND payload->>'userId' = $1`,
      [intruder],
    );
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toContain(owner);
  });
});
