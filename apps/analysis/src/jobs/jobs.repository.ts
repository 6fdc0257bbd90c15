import { Injectable } from '@nestjs/common';
import type { JobType } from '@ams/contracts';
import { sqlFragment, type Tx } from '@ams/db';
import type { TierPolicy } from './job-plan';

/** A processing_jobs row as the pipeline reads it. */
export interface JobRecord {
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

/** The file a job works on, read (not owned) from media_files. */
export interface MediaForAnalysis {
  id: string;
  userId: string;
  originalFilename: string;
  fileType: string;
  mimeType: string;
  s3Bucket: string;
  s3Key: string;
  width: number | null;
  height: number | null;
  durationSeconds: number | null;
  hasAudio: boolean;
  deleted: boolean;
}

export interface NewJob {
  jobType: JobType;
  estimatedCompletionAt: Date;
}

/** The only place the analysis service touches the database. Every call runs in the caller's (service) transaction. */
@Injectable()
export class JobsRepository {
  async tierPolicy(tx: Tx, tier: string): Promise<TierPolicy> {
    const limits = await tx.usageLimit.findUnique({
      where: { tierName: tier },
      select: { priorityLevel: true, aiFeaturesEnabled: true, maxVideoDurationSeconds: true },
    });
    if (!limits) throw new Error(`no usage_limits row for tier "${tier}"`);
    return {
      priorityLevel: limits.priorityLevel,
      aiFeatures: limits.aiFeaturesEnabled,
      maxVideoDurationSeconds: limits.maxVideoDurationSeconds,
    };
  }

  async media(tx: Tx, mediaId: string): Promise<MediaForAnalysis | null> {
    const file = await tx.mediaFile.findUnique({
      where: { id: mediaId },
      select: {
        id: true,
        userId: true,
        originalFilename: true,
        fileType: true,
        mimeType: true,
        s3Bucket: true,
        s3Key: true,
        width: true,
        height: true,
        durationSeconds: true,
        hasAudio: true,
        deletedAt: true,
      },
    });
    if (!file) return null;
    const { deletedAt, durationSeconds, hasAudio, ...rest } = file;
    return {
      ...rest,
      durationSeconds: durationSeconds === null ? null : durationSeconds.toNumber(),
      hasAudio: hasAudio ?? false,
      deleted: deletedAt !== null,
    };
  }

  /** Create the file's jobs unless they exist (a redelivered upload event adds nothing). Returns how many were new. */
  async createJobs(
    tx: Tx,
    base: { mediaId: string; userId: string; tier: string; priorityLevel: number; maxAttempts: number; config: object },
    jobs: NewJob[],
  ): Promise<number> {
    const { count } = await tx.processingJob.createMany({
      data: jobs.map((job) => ({
        mediaFileId: base.mediaId,
        userId: base.userId,
        jobType: job.jobType,
        priority: base.priorityLevel,
        subscriptionTier: base.tier,
        maxAttempts: base.maxAttempts,
        jobConfig: base.config,
        estimatedCompletionAt: job.estimatedCompletionAt,
      })),
      skipDuplicates: true,
    });
    return count;
  }

  jobsOf(tx: Tx, mediaId: string): Promise<JobRecord[]> {
    return tx.processingJob.findMany({ where: { mediaFileId: mediaId }, orderBy: { queuedAt: 'asc' } });
  }

  /**
   * Take a job for this worker until `leaseMs` from now: a new or due job, or one whose worker
   * died (lease lapsed). Null when someone else holds it, it is not due, or it is finished.
   */
  async claim(tx: Tx, jobId: string, leaseMs: number): Promise<JobRecord | null> {
    // The database's clock decides leases, so replicas with skewed clocks agree.
    const rows = await tx.$queryRaw<JobRecord[]>`
      UPDATE processing_jobs
      SET status = 'processing', attempts = attempts + 1, started_at = COALESCE(started_at, now()),
          lease_expires_at = now() + make_interval(secs => ${leaseMs / 1000}), updated_at = now()
      WHERE id = ${jobId}::uuid AND attempts < max_attempts AND (
        (status IN ('pending', 'retrying') AND (retry_at IS NULL OR retry_at <= now()))
        OR (status = 'processing' AND lease_expires_at < now()))
      RETURNING ${JOB_COLUMNS}`;
    return rows[0] ?? null;
  }

  /** Record progress and extend the lease; false when the job is no longer this worker's. */
  async progress(tx: Tx, jobId: string, percent: number, eta: Date | null, leaseMs: number): Promise<JobRecord | null> {
    const rows = await tx.$queryRaw<JobRecord[]>`
      UPDATE processing_jobs
      SET progress_percentage = ${percent}, estimated_completion_at = ${eta},
          lease_expires_at = now() + make_interval(secs => ${leaseMs / 1000}), updated_at = now()
      WHERE id = ${jobId}::uuid AND status = 'processing'
      RETURNING ${JOB_COLUMNS}`;
    return rows[0] ?? null;
  }

  complete(tx: Tx, jobId: string, result: object, actualCostUsd: number): Promise<JobRecord> {
    return tx.processingJob.update({
      where: { id: jobId },
      data: {
        status: 'completed',
        progressPercentage: 100,
        resultData: result,
        actualCost: actualCostUsd,
        completedAt: new Date(),
        estimatedCompletionAt: null,
        leaseExpiresAt: null,
        retryAt: null,
        errorCode: null,
        errorMessage: null,
        updatedAt: new Date(),
      },
    });
  }

  scheduleRetry(tx: Tx, jobId: string, retryAt: Date, code: string, message: string): Promise<JobRecord> {
    return tx.processingJob.update({
      where: { id: jobId },
      data: {
        status: 'retrying',
        retryAt,
        errorCode: code,
        errorMessage: message,
        leaseExpiresAt: null,
        estimatedCompletionAt: null,
        updatedAt: new Date(),
      },
    });
  }

  fail(tx: Tx, jobId: string, code: string, message: string): Promise<JobRecord> {
    return tx.processingJob.update({
      where: { id: jobId },
      data: {
        status: 'failed',
        errorCode: code,
        errorMessage: message,
        completedAt: new Date(),
        leaseExpiresAt: null,
        estimatedCompletionAt: null,
        retryAt: null,
        updatedAt: new Date(),
      },
    });
  }

  /** Jobs that never ran because one before them failed: failed too, so nothing waits forever. */
  async failWaiting(tx: Tx, mediaId: string, jobTypes: JobType[], message: string): Promise<void> {
    await tx.processingJob.updateMany({
      where: { mediaFileId: mediaId, jobType: { in: jobTypes }, status: { in: ['pending', 'retrying'] } },
      data: { status: 'failed', errorCode: 'UPSTREAM_FAILED', errorMessage: message, updatedAt: new Date() },
    });
  }

  /** A reprocess: failed jobs start over with fresh attempts. Returns how many were reset. */
  async resetFailed(tx: Tx, mediaId: string): Promise<number> {
    const { count } = await tx.processingJob.updateMany({
      where: { mediaFileId: mediaId, status: 'failed' },
      data: {
        status: 'pending',
        attempts: 0,
        progressPercentage: 0,
        errorCode: null,
        errorMessage: null,
        retryAt: null,
        startedAt: null,
        completedAt: null,
        leaseExpiresAt: null,
        queuedAt: new Date(),
        updatedAt: new Date(),
      },
    });
    return count;
  }

  /**
   * Jobs left `processing` past their lease (the worker died): due for another attempt now, or
   * failed when they have none left. Returns what changed.
   */
  async recoverAbandoned(tx: Tx): Promise<{ retried: DueJob[]; exhausted: DueJob[] }> {
    const retried = await tx.$queryRaw<DueJob[]>`
      UPDATE processing_jobs
      SET status = 'retrying', retry_at = now(), lease_expires_at = NULL, updated_at = now(),
          error_code = 'WORKER_LOST', error_message = 'The worker stopped while running this job.'
      WHERE status = 'processing' AND lease_expires_at < now() AND attempts < max_attempts
      RETURNING id AS "jobId", media_file_id AS "mediaId", user_id AS "userId", job_type AS "jobType", priority, error_code AS "errorCode", error_message AS "errorMessage"`;
    const exhausted = await tx.$queryRaw<DueJob[]>`
      UPDATE processing_jobs
      SET status = 'failed', completed_at = now(), lease_expires_at = NULL, updated_at = now(),
          error_code = 'WORKER_LOST', error_message = 'The worker stopped while running this job, on every attempt.'
      WHERE status = 'processing' AND lease_expires_at < now() AND attempts >= max_attempts
      RETURNING id AS "jobId", media_file_id AS "mediaId", user_id AS "userId", job_type AS "jobType", priority, error_code AS "errorCode", error_message AS "errorMessage"`;
    return { retried, exhausted };
  }

  /**
   * Retries that are due. Each is marked handed over for `graceMs` (through its lease) so the
   * next sweep does not send it again while it waits in the queue.
   */
  takeDueRetries(tx: Tx, limit: number, graceMs: number): Promise<DueJob[]> {
    return tx.$queryRaw<DueJob[]>`
      UPDATE processing_jobs AS j
      SET lease_expires_at = now() + make_interval(secs => ${graceMs / 1000}), updated_at = now()
      FROM (
        SELECT id FROM processing_jobs
        WHERE status = 'retrying' AND retry_at <= now() AND (lease_expires_at IS NULL OR lease_expires_at < now())
        ORDER BY priority, queued_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      ) AS due
      WHERE j.id = due.id
      RETURNING j.id AS "jobId", j.media_file_id AS "mediaId", j.user_id AS "userId", j.job_type AS "jobType", j.priority, j.error_code AS "errorCode", j.error_message AS "errorMessage"`;
  }
}

export interface DueJob {
  jobId: string;
  mediaId: string;
  userId: string;
  jobType: JobType;
  priority: number;
  errorCode: string | null;
  errorMessage: string | null;
}

/** processing_jobs columns under JobRecord's names, for raw statements that return a whole job. */
const JOB_COLUMNS = sqlFragment(
  `id, media_file_id AS "mediaFileId", user_id AS "userId", job_type AS "jobType", status, priority,
   progress_percentage AS "progressPercentage", attempts, max_attempts AS "maxAttempts", job_config AS "jobConfig",
   subscription_tier AS "subscriptionTier", result_data AS "resultData", error_code AS "errorCode",
   error_message AS "errorMessage", retry_at AS "retryAt", queued_at AS "queuedAt", started_at AS "startedAt",
   completed_at AS "completedAt", estimated_completion_at AS "estimatedCompletionAt", lease_expires_at AS "leaseExpiresAt"`,
);
