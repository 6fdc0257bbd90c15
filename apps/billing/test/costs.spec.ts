import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { BILLING_USAGE_V1, COST_INCURRED_V1, type PayloadOf } from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import { bootServiceApp, insertTestUser } from '@ams/service-testing';
import { eventually } from '@ams/testing';
import { AppModule } from '../src/app.module';

type Cost = PayloadOf<typeof COST_INCURRED_V1>;

describe('cost tracking in the billing service', () => {
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 3 });
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

  const newUser = (tier: 'free' | 'premium' | 'ultimate' = 'free') => insertTestUser(pool, { tier, label: 'costs' });

  /** A file with one processing job, so costs can link to both. */
  async function fileWithJob(userId: string): Promise<{ mediaId: string; jobId: string }> {
    const key = `${userId}/${randomUUID()}.jpg`;
    const { rows: media } = await pool.query(
      `INSERT INTO media_files (user_id, filename, original_filename, file_type, mime_type, file_size_bytes, s3_key, s3_bucket)
       VALUES ($1, 'original.jpg', 'a.jpg', 'image', 'image/jpeg', 100, $2, 'local') RETURNING id`,
      [userId, key],
    );
    const { rows: job } = await pool.query(
      `INSERT INTO processing_jobs (media_file_id, user_id, job_type, subscription_tier)
       VALUES ($1, $2, 'image_analysis', 'free') RETURNING id`,
      [media[0].id, userId],
    );
    return { mediaId: media[0].id as string, jobId: job[0].id as string };
  }

  function cost(userId: string, overrides: Partial<Cost> = {}): Cost {
    return {
      userId,
      mediaId: null,
      jobId: null,
      provider: 'aws',
      item: 'rekognition.DetectLabels',
      units: 1,
      amountUsd: 0.001,
      durationMs: 120,
      incurredAt: new Date().toISOString(),
      ...overrides,
    };
  }

  const send = (payload: Cost, eventId: string = randomUUID()) =>
    bus.publishRaw(COST_INCURRED_V1.name, payload, eventId, {});

  const costRows = async (userId: string) =>
    (
      await pool.query(
        `SELECT service_name, operation_type, amount::float8 AS amount, billing_unit, units_consumed::float8 AS units,
                media_file_id, processing_job_id, billing_period_month, billing_period_year, service_metadata
           FROM cost_tracking WHERE user_id = $1 ORDER BY incurred_at`,
        [userId],
      )
    ).rows;

  const outboxFor = async (userId: string, eventName: string) =>
    (
      await pool.query(`SELECT payload FROM outbox_events WHERE event_name = $1 AND payload->>'userId' = $2`, [
        eventName,
        userId,
      ])
    ).rows.map((row) => row.payload);

  it('files a paid call under its spec service, linked to the file and the job, in the month it happened', async () => {
    const userId = await newUser();
    const { mediaId, jobId } = await fileWithJob(userId);
    await send(
      cost(userId, {
        mediaId,
        jobId,
        item: 'transcribe.StartTranscriptionJob',
        units: 90,
        amountUsd: 0.036,
        incurredAt: '2026-03-31T23:30:00.000Z',
      }),
    );
    await send(
      cost(userId, { item: 'openai.embeddings.tokens', units: 12, amountUsd: 0.00000024, provider: 'openai' }),
    );
    await eventually(async () => (await costRows(userId)).length === 2);
    const [transcribe, embeddings] = await costRows(userId);
    expect(transcribe).toMatchObject({
      service_name: 'aws_transcribe',
      operation_type: 'StartTranscriptionJob',
      billing_unit: 'per_second',
      units: 90,
      amount: 0.036,
      media_file_id: mediaId,
      processing_job_id: jobId,
      billing_period_month: 3,
      billing_period_year: 2026,
      service_metadata: { provider: 'aws', item: 'transcribe.StartTranscriptionJob', durationMs: 120 },
    });
    // A query embedding costs a fraction of a cent; the widened column keeps it.
    expect(embeddings).toMatchObject({
      service_name: 'openai_embeddings',
      billing_unit: 'per_token',
      amount: 0.00000024,
    });
  });

  it('records a redelivered event once', async () => {
    const userId = await newUser();
    const eventId = randomUUID();
    await send(cost(userId), eventId);
    await send(cost(userId), eventId);
    await send(cost(userId, { item: 'comprehend.DetectSentiment', units: 3, amountUsd: 0.0003 }));
    await eventually(async () => (await costRows(userId)).some((row) => row.service_name === 'aws_comprehend'));
    const rows = await costRows(userId);
    expect(rows.map((row) => row.service_name).sort()).toEqual(['aws_comprehend', 'aws_rekognition']);
  });

  it('keeps a cost whose file was deleted meanwhile, unlinked; records nothing for free local calls', async () => {
    const userId = await newUser();
    await send(cost(userId, { provider: 'local', item: 'local.vision', amountUsd: 0 }));
    await send(cost(userId, { mediaId: randomUUID(), jobId: randomUUID() }));
    await eventually(async () => (await costRows(userId)).length === 1);
    expect((await costRows(userId))[0]).toMatchObject({ media_file_id: null, processing_job_id: null });
  });

  it('alerts once per period when spending reaches the threshold of the cap (free: 80% of $5)', async () => {
    const userId = await newUser('free');
    await send(cost(userId, { item: 'openai.chat.input_tokens', units: 1000, amountUsd: 3.9, provider: 'openai' }));
    await eventually(async () => (await costRows(userId)).length === 1);
    expect(await outboxFor(userId, 'billing.cost-alert.v1')).toEqual([]);

    // Two events crossing the threshold at the same time: one alert.
    await Promise.all([
      send(cost(userId, { amountUsd: 0.2 })),
      send(cost(userId, { amountUsd: 0.3, item: 'rekognition.DetectFaces' })),
    ]);
    await eventually(async () => (await costRows(userId)).length === 3);
    await send(cost(userId, { amountUsd: 0.4, item: 'rekognition.DetectText' }));
    await eventually(async () => (await costRows(userId)).length === 4);

    const alerts = await outboxFor(userId, 'billing.cost-alert.v1');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ tier: 'free', capUsd: 5, threshold: 0.8 });
    expect(alerts[0].spentUsd).toBeGreaterThanOrEqual(4);
    const audits = (await outboxFor(userId, 'audit.record.v1')).filter((a) => a.eventType === 'billing.cost_alert');
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ category: 'billing', userId, riskLevel: 'medium' });
  });

  it('counts only the current billing period toward the alert threshold', async () => {
    const userId = await newUser('free');
    // Last period: well over the threshold, but it is over.
    await send(cost(userId, { amountUsd: 4.5, incurredAt: new Date(Date.now() - 40 * 86_400_000).toISOString() }));
    await eventually(async () => (await costRows(userId)).length === 1);
    await pool.query(`UPDATE users SET billing_period_start = now() - interval '1 day' WHERE id = $1`, [userId]);
    await send(cost(userId, { amountUsd: 1 }));
    await eventually(async () => (await costRows(userId)).length === 2);
    expect(await outboxFor(userId, 'billing.cost-alert.v1')).toEqual([]);
  });

  it('summarises usage against every limit for GET /v1/usage', async () => {
    const userId = await newUser('free');
    await fileWithJob(userId);
    await pool.query(
      `UPDATE users SET uploads_this_month = 4, searches_this_month = 25, storage_used_bytes = 1073741824 WHERE id = $1`,
      [userId],
    );
    await send(cost(userId, { amountUsd: 1.25 }));
    await eventually(async () => (await costRows(userId)).length === 1);

    const usage = await bus.request(BILLING_USAGE_V1, { userId });
    expect(usage).toMatchObject({
      tier: 'free',
      subscriptionStatus: 'active',
      totalFiles: 1,
      processedFiles: 0,
      uploads: { used: 4, limit: 10, fraction: 0.4 },
      searches: { used: 25, limit: 50, fraction: 0.5 },
      storageBytes: { used: 1073741824, limit: 5368709120, fraction: 0.2 },
      aiCostUsd: { used: 1.25, limit: 5, fraction: 0.25, alertThreshold: 0.8 },
      maxFileSizeBytes: 104857600,
      maxVideoDurationSeconds: 300,
      rateLimitsPerHour: { api: 100, uploads: 5, searches: 50 },
      aiFeatures: ['basic_analysis'],
    });

    const ultimate = await bus.request(BILLING_USAGE_V1, { userId: await newUser('ultimate') });
    expect(ultimate.uploads).toEqual({ used: 0, limit: null, fraction: null });
    expect(ultimate.searches).toEqual({ used: 0, limit: null, fraction: null });
  });
});
