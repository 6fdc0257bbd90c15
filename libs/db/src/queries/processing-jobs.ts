import { Prisma } from '../generated/prisma/client';
import type { Tx } from '../database';

/** A processing_jobs row, as the analysis service works with it. */
export interface ProcessingJobRow {
  id: string;
  mediaFileId: string;
  userId: string;
  jobType: string;
  status: string;
  priority: number;
  progressPercentage: number;
  attempts: number;
  maxAttempts: number;
  jobConfig: unknown;
  subscriptionTier: string;
  resultData: unknown;
  errorCode: string | null;
  errorMessage: string | null;
  retryAt: Date | null;
  queuedAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  estimatedCompletionAt: Date | null;
  leaseExpiresAt: Date | null;
}

/** A job the sweeper found due (a retry, or one whose worker vanished). */
export interface DueJobRow {
  jobId: string;
  mediaId: string;
  userId: string;
  jobType: string;
  priority: number;
  errorCode: string | null;
  errorMessage: string | null;
}

const JOB_COLUMNS = Prisma.raw(
  `id, media_file_id AS "mediaFileId", user_id AS "userId", job_type AS "jobType", status, priority,
   progress_percentage AS "progressPercentage", attempts, max_attempts AS "maxAttempts", job_config AS "jobConfig",
   subscription_tier AS "subscriptionTier", result_data AS "resultData", error_code AS "errorCode",
   error_message AS "errorMessage", retry_at AS "retryAt", queued_at AS "queuedAt", started_at AS "startedAt",
   completed_at AS "completedAt", estimated_completion_at AS "estimatedCompletionAt", lease_expires_at AS "leaseExpiresAt"`,
);

const DUE_COLUMNS = Prisma.raw(
  `id AS "jobId", media_file_id AS "mediaId", user_id AS "userId", job_type AS "jobType", priority,
   error_code AS "errorCode", error_message AS "errorMessage"`,
);

/**
 * Take a job for one worker until `leaseMs` from now: a new or due job, or one whose worker
 * died (lease lapsed). Null when someone else holds it, it is not due, or it is finished. The
 * database's clock decides leases, so replicas with skewed clocks agree.
 */
export async function claimJob(tx: Tx, jobId: string, leaseMs: number): Promise<ProcessingJobRow | null> {
  const rows = await tx.$queryRaw<ProcessingJobRow[]>`
    UPDATE processing_jobs
    SET status = 'processing', attempts = attempts + 1, started_at = COALESCE(started_at, now()),
        lease_expires_at = now() + make_interval(secs => ${leaseMs / 1000}), updated_at = now()
    WHERE id = ${jobId}::uuid AND attempts < max_attempts AND (
      (status IN ('pending', 'retrying') AND (retry_at IS NULL OR retry_at <= now()))
      OR (status = 'processing' AND lease_expires_at < now()))
    RETURNING ${JOB_COLUMNS}`;
  return rows[0] ?? null;
}

/** Record progress and extend the lease; null when the job is no longer being processed. */
export async function recordJobProgress(
  tx: Tx,
  jobId: string,
  progress: { percent: number; estimatedCompletionAt: Date | null; leaseMs: number },
): Promise<ProcessingJobRow | null> {
  const rows = await tx.$queryRaw<ProcessingJobRow[]>`
    UPDATE processing_jobs
    SET progress_percentage = ${progress.percent}, estimated_completion_at = ${progress.estimatedCompletionAt},
        lease_expires_at = now() + make_interval(secs => ${progress.leaseMs / 1000}), updated_at = now()
    WHERE id = ${jobId}::uuid AND status = 'processing'
    RETURNING ${JOB_COLUMNS}`;
  return rows[0] ?? null;
}

/**
 * Jobs left `processing` past their lease (the worker died): due for another attempt now, or
 * failed when they have none left.
 */
export async function recoverAbandonedJobs(tx: Tx): Promise<{ retried: DueJobRow[]; exhausted: DueJobRow[] }> {
  const retried = await tx.$queryRaw<DueJobRow[]>`
    UPDATE processing_jobs
    SET status = 'retrying', retry_at = now(), lease_expires_at = NULL, updated_at = now(),
        error_code = 'WORKER_LOST', error_message = 'The worker stopped while running this job.'
    WHERE status = 'processing' AND lease_expires_at < now() AND attempts < max_attempts
    RETURNING ${DUE_COLUMNS}`;
  const exhausted = await tx.$queryRaw<DueJobRow[]>`
    UPDATE processing_jobs
    SET status = 'failed', completed_at = now(), lease_expires_at = NULL, updated_at = now(),
        error_code = 'WORKER_LOST', error_message = 'The worker stopped while running this job, on every attempt.'
    WHERE status = 'processing' AND lease_expires_at < now() AND attempts >= max_attempts
    RETURNING ${DUE_COLUMNS}`;
  return { retried, exhausted };
}

/**
 * Retries that are due. Each is marked handed over for `graceMs` (through its lease) so the
 * next sweep does not send it again while it waits in the queue.
 */
export function takeDueRetries(tx: Tx, limit: number, graceMs: number): Promise<DueJobRow[]> {
  return tx.$queryRaw<DueJobRow[]>`
    UPDATE processing_jobs
    SET lease_expires_at = now() + make_interval(secs => ${graceMs / 1000}), updated_at = now()
    WHERE id IN (
      SELECT id FROM processing_jobs
      WHERE status = 'retrying' AND retry_at <= now() AND (lease_expires_at IS NULL OR lease_expires_at < now())
      ORDER BY priority, queued_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING ${DUE_COLUMNS}`;
}

/**
 * The file's `embedding_generation` job is done: embedding-search wrote its vectors. Idempotent
 * (null when the job is already completed, or the file has no such job); a job that failed before
 * completes when a later attempt succeeded. Service path.
 */
export async function completeEmbeddingJob(
  tx: Tx,
  media: { mediaId: string; userId: string },
  indexedAt: Date,
  result: { model: string; embeddings: number },
): Promise<ProcessingJobRow | null> {
  const rows = await tx.$queryRaw<ProcessingJobRow[]>`
    UPDATE processing_jobs
    SET status = 'completed', progress_percentage = 100, result_data = ${JSON.stringify(result)}::jsonb,
        started_at = COALESCE(started_at, ${indexedAt}), completed_at = ${indexedAt},
        error_code = NULL, error_message = NULL, retry_at = NULL, lease_expires_at = NULL,
        estimated_completion_at = NULL, updated_at = now()
    WHERE media_file_id = ${media.mediaId}::uuid AND user_id = ${media.userId}::uuid
      AND job_type = 'embedding_generation' AND status <> 'completed'
    RETURNING ${JOB_COLUMNS}`;
  return rows[0] ?? null;
}

/**
 * The file's `embedding_generation` job failed for good (embedding-search gave up after its
 * retries). Idempotent: null when the job is already completed or failed. Service path.
 */
export async function failEmbeddingJob(
  tx: Tx,
  media: { mediaId: string; userId: string },
  failedAt: Date,
  error: { code: string; message: string },
): Promise<ProcessingJobRow | null> {
  const rows = await tx.$queryRaw<ProcessingJobRow[]>`
    UPDATE processing_jobs
    SET status = 'failed', error_code = left(${error.code}, 50), error_message = ${error.message},
        completed_at = ${failedAt}, retry_at = NULL, lease_expires_at = NULL,
        estimated_completion_at = NULL, updated_at = now()
    WHERE media_file_id = ${media.mediaId}::uuid AND user_id = ${media.userId}::uuid
      AND job_type = 'embedding_generation' AND status NOT IN ('completed', 'failed')
    RETURNING ${JOB_COLUMNS}`;
  return rows[0] ?? null;
}

/**
 * Add what one attempt of a job cost to its `actual_cost` (attempts that failed were paid for
 * too). Service path.
 */
export async function addJobCost(tx: Tx, jobId: string, amountUsd: number): Promise<void> {
  await tx.$executeRaw`
    UPDATE processing_jobs SET actual_cost = COALESCE(actual_cost, 0) + ${amountUsd}::numeric WHERE id = ${jobId}::uuid`;
}

/**
 * What starting `jobId` commits its user to: the job's own estimate, and the estimates of the
 * user's other jobs running now (spending not yet in cost_tracking).
 */
export async function jobCostCommitments(
  tx: Tx,
  jobId: string,
): Promise<{ userId: string; estimatedUsd: number; inFlightUsd: number } | null> {
  const [row] = await tx.$queryRaw<{ userId: string; estimatedUsd: number; inFlightUsd: number }[]>`
    SELECT j.user_id AS "userId", COALESCE(j.estimated_cost, 0)::float8 AS "estimatedUsd",
           COALESCE((SELECT SUM(o.estimated_cost) FROM processing_jobs o
                      WHERE o.user_id = j.user_id AND o.id <> j.id
                        AND o.status = 'processing'), 0)::float8 AS "inFlightUsd"
      FROM processing_jobs j WHERE j.id = ${jobId}::uuid`;
  return row ?? null;
}
