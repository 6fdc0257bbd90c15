import { Injectable } from '@nestjs/common';
import type { JobType } from '@ams/contracts';
import {
  claimJob,
  completeEmbeddingJob,
  failEmbeddingJob,
  recordJobProgress,
  recoverAbandonedJobs,
  takeDueRetries,
  type DueJobRow,
  type ProcessingJobRow,
  type Tx,
} from '@ams/db';
import type { TierPolicy } from './job-plan';

export type JobRecord = ProcessingJobRow;
export type DueJob = DueJobRow;

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
  /** USD, from the configured providers' prices (0 with local providers). */
  estimatedCost: number;
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
        estimatedCost: job.estimatedCost,
      })),
      skipDuplicates: true,
    });
    return count;
  }

  jobsOf(tx: Tx, mediaId: string): Promise<JobRecord[]> {
    return tx.processingJob.findMany({ where: { mediaFileId: mediaId }, orderBy: { queuedAt: 'asc' } });
  }

  claim(tx: Tx, jobId: string, leaseMs: number): Promise<JobRecord | null> {
    return claimJob(tx, jobId, leaseMs);
  }

  /** Record progress and extend the lease; null when the job is no longer this worker's. */
  progress(tx: Tx, jobId: string, percent: number, eta: Date | null, leaseMs: number): Promise<JobRecord | null> {
    return recordJobProgress(tx, jobId, { percent, estimatedCompletionAt: eta, leaseMs });
  }

  /** Done; its cost is added by the caller (addJobCost), attempt by attempt. */
  complete(tx: Tx, jobId: string, result: object): Promise<JobRecord> {
    return tx.processingJob.update({
      where: { id: jobId },
      data: {
        status: 'completed',
        progressPercentage: 100,
        resultData: result,
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

  /** Embedding-search wrote the file's vectors: its embedding job is done (null if already). */
  completeEmbedding(
    tx: Tx,
    media: { mediaId: string; userId: string },
    indexedAt: Date,
    result: { model: string; embeddings: number },
  ): Promise<JobRecord | null> {
    return completeEmbeddingJob(tx, media, indexedAt, result);
  }

  /** Embedding-search gave up on the file: its embedding job failed (null if already finished). */
  failEmbedding(
    tx: Tx,
    media: { mediaId: string; userId: string },
    failedAt: Date,
    error: { code: string; message: string },
  ): Promise<JobRecord | null> {
    return failEmbeddingJob(tx, media, failedAt, error);
  }

  recoverAbandoned(tx: Tx): Promise<{ retried: DueJob[]; exhausted: DueJob[] }> {
    return recoverAbandonedJobs(tx);
  }

  takeDueRetries(tx: Tx, limit: number, graceMs: number): Promise<DueJob[]> {
    return takeDueRetries(tx, limit, graceMs);
  }
}
