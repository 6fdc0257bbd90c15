import { z } from 'zod';
import { workerEnvSchema } from '@ams/config';
import { providersEnvShape, refineProvidersEnv } from '@ams/providers';
import { refineStorageEnv, storageEnvShape } from '@ams/storage';

const count = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** How the job machinery behaves; every value has a default fit for one machine. */
export const jobsEnvShape = {
  /** false: this replica plans jobs, answers reprocess and sweeps, but runs no analysis (and loads no models). */
  ANALYSIS_RUN_JOBS: z.stringbool().default(true),
  /** Files one worker process analyses at once (the work queue's prefetch). */
  ANALYSIS_CONCURRENCY: count(1, 32, 2),
  JOB_MAX_ATTEMPTS: count(1, 10, 3),
  /** First retry waits about this long; each next one twice as long, with jitter, up to the max. */
  JOB_RETRY_BASE_MS: count(100, 3_600_000, 5_000),
  JOB_RETRY_MAX_MS: count(1_000, 86_400_000, 300_000),
  /** A job whose worker stops reporting for this long is taken over by another worker. */
  JOB_LEASE_MS: count(1_000, 3_600_000, 60_000),
  /** How often due retries and abandoned jobs are looked for. */
  JOB_SWEEP_INTERVAL_MS: count(100, 600_000, 5_000),
  /** Longest a single job may run before it is given up as stuck. */
  JOB_TIMEOUT_MS: count(1_000, 86_400_000, 30 * 60_000),
  KEYFRAME_INTERVAL_SECONDS: count(1, 600, 10),
  KEYFRAME_MAX: count(1, 200, 30),
};

/** Everything this service reads from the environment, validated at start-up. */
export const envSchema = workerEnvSchema(3102)
  .extend({ ...storageEnvShape, ...jobsEnvShape, ...providersEnvShape })
  .superRefine((env, ctx) => {
    refineStorageEnv(env, ctx);
    refineProvidersEnv(env, ctx);
    if (env.VIDEO_PROVIDER === 'aws' && env.STORAGE_PROVIDER !== 's3') {
      ctx.addIssue({
        code: 'custom',
        path: ['VIDEO_PROVIDER'],
        message: 'aws reads videos from S3: needs STORAGE_PROVIDER=s3',
      });
    }
  });
