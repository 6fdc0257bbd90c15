import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { ANALYSIS_JOB_UPDATED_V1, SEARCH_INDEX_FAILED_V1, SEARCH_INDEXED_V1, type PayloadOf } from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import { bootServiceApp } from '@ams/service-testing';
import { eventually } from '@ams/testing';

// This in-process instance must not take analysis work from the e2e workers running beside it.
process.env['ANALYSIS_RUN_JOBS'] = 'false';
// The config is validated when the module loads, so it is required after the line above.
const { AppModule } = require('../src/app.module') as typeof import('../src/app.module');

type JobUpdate = PayloadOf<typeof ANALYSIS_JOB_UPDATED_V1>;

describe('the embedding job follows the search index', () => {
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
  const updates: JobUpdate[] = [];
  let app: NestFastifyApplication;
  let bus: MessageBus;

  beforeAll(async () => {
    app = await bootServiceApp(AppModule);
    bus = app.get(MessageBus);
    await eventually(() => bus.isConnected());
    await bus.subscribeBroadcast(ANALYSIS_JOB_UPDATED_V1, (update) => void updates.push(update));
  });

  afterAll(async () => {
    await app.close();
    await pool.end();
  });

  /** A file whose analysis is done and whose embedding job waits on embedding-search. */
  async function analysedFile(): Promise<{ userId: string; mediaId: string; jobId: string }> {
    const tag = randomUUID().slice(0, 8);
    const user = await pool.query(`INSERT INTO users (firebase_uid, email) VALUES ($1, $2) RETURNING id`, [
      `fb-${tag}`,
      `${tag}@example.com`,
    ]);
    const userId = user.rows[0].id as string;
    const media = await pool.query(
      `INSERT INTO media_files (user_id, filename, original_filename, file_type, mime_type, file_size_bytes, s3_key, s3_bucket, status)
       VALUES ($1, 'a.jpg', 'a.jpg', 'image', 'image/jpeg', 100, $2, 'local', 'completed') RETURNING id`,
      [userId, `media/${tag}/a.jpg`],
    );
    const mediaId = media.rows[0].id as string;
    await pool.query(
      `INSERT INTO processing_jobs (media_file_id, user_id, job_type, status, progress_percentage, subscription_tier, completed_at)
       VALUES ($1, $2, 'text_analysis', 'completed', 100, 'free', now())`,
      [mediaId, userId],
    );
    const job = await pool.query(
      `INSERT INTO processing_jobs (media_file_id, user_id, job_type, subscription_tier)
       VALUES ($1, $2, 'embedding_generation', 'free') RETURNING id`,
      [mediaId, userId],
    );
    return { userId, mediaId, jobId: job.rows[0].id as string };
  }

  const jobRow = async (jobId: string) =>
    (
      await pool.query(
        `SELECT status, progress_percentage, completed_at, result_data, error_code, error_message
           FROM processing_jobs WHERE id = $1`,
        [jobId],
      )
    ).rows[0];

  it('completes the job when the file was indexed, and tells live views', async () => {
    const { userId, mediaId, jobId } = await analysedFile();
    await bus.publish(SEARCH_INDEXED_V1, {
      userId,
      mediaId,
      model: 'minilm-l6',
      embeddings: 3,
      indexedAt: '2026-03-01T10:00:00.000Z',
    });
    await eventually(async () => (await jobRow(jobId)).status === 'completed');
    expect(await jobRow(jobId)).toMatchObject({
      progress_percentage: 100,
      completed_at: new Date('2026-03-01T10:00:00.000Z'),
      result_data: { model: 'minilm-l6', embeddings: 3 },
      error_code: null,
    });
    await eventually(() => updates.some((u) => u.job.id === jobId));
    expect(updates.find((u) => u.job.id === jobId)).toMatchObject({
      userId,
      mediaId,
      job: { jobType: 'embedding_generation', status: 'completed', progressPercentage: 100 },
    });
  });

  it('is idempotent: a redelivered or later indexed event changes nothing and announces nothing', async () => {
    const { userId, mediaId, jobId } = await analysedFile();
    const event = { userId, mediaId, model: 'minilm-l6', embeddings: 1, indexedAt: '2026-03-01T10:00:00.000Z' };
    await bus.publish(SEARCH_INDEXED_V1, event);
    await eventually(async () => (await jobRow(jobId)).status === 'completed');
    await bus.publish(SEARCH_INDEXED_V1, event);
    await bus.publish(SEARCH_INDEXED_V1, { ...event, embeddings: 9, indexedAt: '2026-03-02T10:00:00.000Z' });
    // Another file's event, published after, shows the queue got past the two above.
    const marker = await analysedFile();
    await bus.publish(SEARCH_INDEXED_V1, { ...event, userId: marker.userId, mediaId: marker.mediaId });
    await eventually(async () => (await jobRow(marker.jobId)).status === 'completed');
    await eventually(() => updates.some((u) => u.job.id === marker.jobId));
    expect(await jobRow(jobId)).toMatchObject({
      completed_at: new Date('2026-03-01T10:00:00.000Z'),
      result_data: { model: 'minilm-l6', embeddings: 1 },
    });
    expect(updates.filter((u) => u.job.id === jobId)).toHaveLength(1);
  });

  it('fails the job with the code and message when indexing gave up, then completes it if a later attempt succeeds', async () => {
    const { userId, mediaId, jobId } = await analysedFile();
    await bus.publish(SEARCH_INDEX_FAILED_V1, {
      userId,
      mediaId,
      failedAt: '2026-03-01T10:00:00.000Z',
      errorCode: 'PROVIDER_UNAVAILABLE',
      message: 'The embedding service was unavailable.',
    });
    await eventually(async () => (await jobRow(jobId)).status === 'failed');
    expect(await jobRow(jobId)).toMatchObject({
      error_code: 'PROVIDER_UNAVAILABLE',
      error_message: 'The embedding service was unavailable.',
      completed_at: new Date('2026-03-01T10:00:00.000Z'),
    });
    await eventually(() => updates.some((u) => u.job.id === jobId && u.job.status === 'failed'));
    expect(updates.find((u) => u.job.id === jobId)?.job.errorMessage).toBe('The embedding service was unavailable.');

    await bus.publish(SEARCH_INDEXED_V1, {
      userId,
      mediaId,
      model: 'minilm-l6',
      embeddings: 2,
      indexedAt: '2026-03-01T11:00:00.000Z',
    });
    await eventually(async () => (await jobRow(jobId)).status === 'completed');
    expect(await jobRow(jobId)).toMatchObject({ error_code: null, error_message: null, progress_percentage: 100 });
  });

  it('never fails a job that already completed', async () => {
    const { userId, mediaId, jobId } = await analysedFile();
    await bus.publish(SEARCH_INDEXED_V1, {
      userId,
      mediaId,
      model: 'minilm-l6',
      embeddings: 1,
      indexedAt: '2026-03-01T10:00:00.000Z',
    });
    await eventually(async () => (await jobRow(jobId)).status === 'completed');
    await bus.publish(SEARCH_INDEX_FAILED_V1, {
      userId,
      mediaId,
      failedAt: '2026-03-01T12:00:00.000Z',
      errorCode: 'PROVIDER_UNAVAILABLE',
      message: 'late',
    });
    const marker = await analysedFile();
    await bus.publish(SEARCH_INDEX_FAILED_V1, {
      userId: marker.userId,
      mediaId: marker.mediaId,
      failedAt: '2026-03-01T12:00:00.000Z',
      errorCode: 'X',
      message: 'marker',
    });
    await eventually(async () => (await jobRow(marker.jobId)).status === 'failed');
    expect((await jobRow(jobId)).status).toBe('completed');
  });
});
