import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AuditTrail } from '@ams/audit-trail';
import {
  ANALYSIS_QUEUED_V1,
  ANALYSIS_RUN_V1,
  DomainError,
  type JobType,
  type PayloadOf,
  type ProcessingJobView,
  type MEDIA_UPLOADED_V1,
} from '@ams/contracts';
import { Database, type Tx } from '@ams/db';
import { Outbox } from '@ams/messaging';
import { CostGuard } from './cost-guard';
import { brokerPriority, estimatedSeconds, featuresFor, planJobs } from './job-plan';
import { JobRunner } from './job-runner';
import { toJobView } from './job-view';
import { JobsRepository } from './jobs.repository';

/** How many due jobs one sweep hands back to the queue. */
const SWEEP_BATCH = 100;

/** Creating jobs for uploads, reprocessing failed files, and sending due retries back to the queue. */
@Injectable()
export class JobsService {
  private readonly logger = new Logger(JobsService.name);
  private readonly maxAttempts: number;
  private readonly leaseMs: number;

  constructor(
    private readonly database: Database,
    private readonly jobs: JobsRepository,
    private readonly runner: JobRunner,
    private readonly outbox: Outbox,
    private readonly costGuard: CostGuard,
    private readonly audit: AuditTrail,
    config: ConfigService,
  ) {
    this.maxAttempts = config.getOrThrow<number>('JOB_MAX_ATTEMPTS');
    this.leaseMs = config.getOrThrow<number>('JOB_LEASE_MS');
  }

  /** An upload's jobs, its tier's priority and features, queued in one transaction. Idempotent. */
  async planUpload(upload: PayloadOf<typeof MEDIA_UPLOADED_V1>): Promise<void> {
    await this.database.service(async (tx) => {
      const policy = await this.jobs.tierPolicy(tx, upload.subscriptionTier);
      // Older events lack hasAudio: the row the media service wrote has it.
      const hasAudio = upload.hasAudio ?? (await this.jobs.media(tx, upload.mediaId))?.hasAudio ?? false;
      const jobTypes = planJobs({ fileType: upload.fileType, hasAudio });
      const features = featuresFor(policy.aiFeatures);
      const facts = { fileType: upload.fileType, durationSeconds: upload.durationSeconds, features };
      let at = Date.now();
      const created = await this.jobs.createJobs(
        tx,
        {
          mediaId: upload.mediaId,
          userId: upload.userId,
          tier: upload.subscriptionTier,
          priorityLevel: policy.priorityLevel,
          maxAttempts: this.maxAttempts,
          config: { features, maxVideoDurationSeconds: policy.maxVideoDurationSeconds },
        },
        jobTypes.map((jobType) => ({
          jobType,
          estimatedCompletionAt: new Date((at += estimatedSeconds(jobType, upload.durationSeconds) * 1000)),
          estimatedCost: this.costGuard.estimate(jobType, facts),
        })),
      );
      if (created === 0) return; // a redelivered event: the jobs and their message exist
      await this.enqueue(tx, upload.userId, upload.mediaId, policy.priorityLevel, jobTypes);
      this.logger.log({ mediaId: upload.mediaId, jobs: jobTypes, priority: policy.priorityLevel }, 'analysis queued');
    });
  }

  /** Start a failed file's analysis over (its own user only: RLS decides what is visible). */
  reprocess(userId: string, mediaId: string): Promise<{ mediaId: string; jobs: ProcessingJobView[] }> {
    return this.database.tenant(userId, async (tx) => {
      const media = await this.jobs.media(tx, mediaId);
      if (!media || media.deleted) {
        this.audit.recordRefusedId({ userId, targetType: 'media_file', targetId: mediaId, operation: 'reprocess' });
        throw new DomainError('MEDIA_NOT_FOUND', 'No media with this id.', { mediaId });
      }
      const reset = await this.jobs.resetFailed(tx, mediaId);
      if (reset === 0) {
        throw new DomainError('REPROCESS_NOT_ALLOWED', 'Only media whose analysis failed can be reprocessed.', {
          mediaId,
        });
      }
      const jobs = await this.jobs.jobsOf(tx, mediaId);
      await this.enqueue(
        tx,
        userId,
        mediaId,
        jobs[0].priority,
        jobs.map((job) => job.jobType as JobType),
      );
      await this.audit.recordIn(tx, 'media.reprocessed', {
        userId,
        targetType: 'media_file',
        targetId: mediaId,
        metadata: { failedJobsReset: reset },
      });
      this.logger.log({ mediaId, jobsReset: reset }, 'reprocess queued');
      return { mediaId, jobs: jobs.map(toJobView) };
    });
  }

  /**
   * One sweep: jobs whose worker vanished become retries (or failures when out of attempts),
   * and due retries go back on the queue. Safe with several replicas sweeping at once.
   */
  async sweep(): Promise<{ recovered: number; exhausted: number; requeued: number }> {
    return this.database.service(async (tx) => {
      const { retried, exhausted } = await this.jobs.recoverAbandoned(tx);
      for (const job of exhausted) {
        await this.runner.failMedia(
          tx,
          { mediaFileId: job.mediaId, userId: job.userId, jobType: job.jobType },
          'WORKER_LOST',
          job.errorMessage ?? '',
        );
      }
      const due = await this.jobs.takeDueRetries(tx, SWEEP_BATCH, this.leaseMs);
      const files = new Map(due.map((job) => [job.mediaId, job]));
      for (const job of files.values()) {
        await this.outbox.add(
          tx,
          ANALYSIS_RUN_V1,
          { userId: job.userId, mediaId: job.mediaId, requestedAt: new Date().toISOString() },
          { priority: brokerPriority(job.priority) },
        );
      }
      return { recovered: retried.length, exhausted: exhausted.length, requeued: files.size };
    });
  }

  private async enqueue(
    tx: Tx,
    userId: string,
    mediaId: string,
    priorityLevel: number,
    jobTypes: JobType[],
  ): Promise<void> {
    const now = new Date().toISOString();
    await this.outbox.add(tx, ANALYSIS_QUEUED_V1, { userId, mediaId, queuedAt: now, jobTypes });
    await this.outbox.add(
      tx,
      ANALYSIS_RUN_V1,
      { userId, mediaId, requestedAt: now },
      { priority: brokerPriority(priorityLevel) },
    );
  }
}
