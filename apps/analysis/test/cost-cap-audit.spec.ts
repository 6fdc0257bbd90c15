import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { Database } from '@ams/db';
import { bootServiceApp, insertTestUser, queuedAuditEntries } from '@ams/service-testing';

// This in-process instance must not take analysis work from the e2e workers running beside it.
process.env['ANALYSIS_RUN_JOBS'] = 'false';
// A paid provider, so the monthly cost cap applies (the job is refused before any call is made).
process.env['VISION_PROVIDER'] = 'aws';
process.env['AWS_REGION'] ??= 'us-east-1';
// The config is validated when the module loads, so it is required after the lines above.
const { AppModule } = require('../src/app.module') as typeof import('../src/app.module');
const { JobRunner } = require('../src/jobs/job-runner') as typeof import('../src/jobs/job-runner');
const { JobsRepository } = require('../src/jobs/jobs.repository') as typeof import('../src/jobs/jobs.repository');

describe('a job refused by the monthly AI cost cap is audited', () => {
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await bootServiceApp(AppModule);
  });

  afterAll(async () => {
    await app.close();
    await pool.end();
  });

  /** A free-tier user ($5 cap) with $1.50 spent and an image job estimated at $4: over the cap. */
  async function jobOverTheCap() {
    const userId = await insertTestUser(pool, { tier: 'free', label: 'spender' });
    const { rows } = await pool.query(
      `INSERT INTO media_files (user_id, filename, original_filename, file_type, mime_type, file_size_bytes, s3_key, s3_bucket, status)
       VALUES ($1, 'a.jpg', 'a.jpg', 'image', 'image/jpeg', 100, $2, 'local', 'processing') RETURNING id`,
      [userId, `media/${randomUUID()}/a.jpg`],
    );
    const mediaId = rows[0].id as string;
    await pool.query(
      `INSERT INTO cost_tracking (user_id, service_name, operation_type, amount, billing_period_month, billing_period_year)
       VALUES ($1, 'aws_rekognition', 'image_analysis', 1.5, extract(month from now()), extract(year from now()))`,
      [userId],
    );
    await pool.query(
      `INSERT INTO processing_jobs (media_file_id, user_id, job_type, subscription_tier, estimated_cost)
       VALUES ($1, $2, 'image_analysis', 'free', 4)`,
      [mediaId, userId],
    );
    const database = app.get(Database);
    const jobs = app.get(JobsRepository);
    const [job] = await database.service((tx) => jobs.jobsOf(tx, mediaId));
    return { userId, mediaId, job: job! };
  }

  const audited = (userId: string) => queuedAuditEntries(pool, { userId });

  it('records quota.exceeded with the cap, the spending and the estimate, once, in the refusal', async () => {
    const { userId, mediaId, job } = await jobOverTheCap();
    const runner = app.get(JobRunner);
    const work = jest.fn();

    const outcome = await runner.run(job, null, work);
    expect(outcome).toMatchObject({ state: 'failed', code: 'COST_LIMIT_EXCEEDED' });
    expect(work).not.toHaveBeenCalled();
    // Written in the refusal's own transaction: present as soon as run() returns.
    expect(await audited(userId)).toEqual([
      expect.objectContaining({
        eventType: 'quota.exceeded',
        category: 'billing',
        riskLevel: 'medium',
        actorType: 'system',
        targetType: 'media_file',
        targetId: mediaId,
        metadata: expect.objectContaining({ limit: 'max_monthly_cost', capUsd: 5, spentUsd: 1.5, estimateUsd: 4 }),
      }),
    ]);

    // Running the refused job again returns its failure without a second refusal or entry.
    const [failed] = await app.get(Database).service((tx) => app.get(JobsRepository).jobsOf(tx, mediaId));
    await expect(runner.run(failed!, null, work)).resolves.toMatchObject({ code: 'COST_LIMIT_EXCEEDED' });
    expect(await audited(userId)).toHaveLength(1);
  });
});
