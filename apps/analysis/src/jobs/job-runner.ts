import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AuditTrail } from '@ams/audit-trail';
import {
  ANALYSIS_FAILED_V1,
  ANALYSIS_JOB_UPDATED_V1,
  ANALYSIS_STARTED_V1,
  COST_INCURRED_V1,
  type JobType,
} from '@ams/contracts';
import { addJobCost, Database, type Tx } from '@ams/db';
import { currentCorrelationId } from '@ams/logging';
import { MessageBus, Outbox } from '@ams/messaging';
import { MediaUnreadable } from '@ams/media-inspection';
import { isRetryable, ProviderError, unreadableMedia, type PriceTable } from '@ams/providers';
import { JobMeter } from '../pipeline/job-meter';
import { ProgressReporter } from '../pipeline/progress';
import { PRICE_TABLE } from '../providers/providers.tokens';
import { retryDelayMs } from './backoff';
import { CostGuard, type CostDecision } from './cost-guard';
import { JobMetrics } from './job-metrics';
import { estimatedSeconds, PIPELINE_ORDER } from './job-plan';
import { toJobView } from './job-view';
import { JobsRepository, type JobRecord } from './jobs.repository';

/** What a job's work gets: its meter (provider calls) and a progress callback (0..1). */
export interface JobWork<T> {
  (meter: JobMeter, progress: (fraction: number) => void, job: JobRecord): Promise<T>;
}

export type JobOutcome<T> =
  | { state: 'done'; result: T }
  /** Not ours to run now: held by another worker, or a retry is scheduled. */
  | { state: 'waiting' }
  | { state: 'failed'; code: string; message: string };

const COST_LIMIT = 'COST_LIMIT_EXCEEDED';

/** Messages for the media's `processing_error`, by code; a ProviderError's own message is used otherwise. */
const READABLE: Record<string, string> = {
  PROVIDER_UNAVAILABLE: 'An analysis service was unavailable after several tries. Reprocess the file to try again.',
  WORKER_LOST: 'Analysis stopped unexpectedly on every attempt. Reprocess the file to try again.',
  JOB_TIMEOUT: 'Analysis took too long and was stopped.',
  INTERNAL: 'Analysis failed unexpectedly. Reprocess the file to try again.',
};

/**
 * Runs one processing job to an end state: claim it (lease), do the work with progress and a
 * heartbeat, then record completion, a retry with backoff, or the failure, each with its
 * events in the same transaction.
 */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger(JobRunner.name);
  private readonly leaseMs: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly database: Database,
    private readonly jobs: JobsRepository,
    private readonly outbox: Outbox,
    private readonly bus: MessageBus,
    @Inject(PRICE_TABLE) private readonly prices: PriceTable,
    private readonly costGuard: CostGuard,
    private readonly audit: AuditTrail,
    private readonly metrics: JobMetrics,
    config: ConfigService,
  ) {
    this.leaseMs = config.getOrThrow<number>('JOB_LEASE_MS');
    this.retryBaseMs = config.getOrThrow<number>('JOB_RETRY_BASE_MS');
    this.retryMaxMs = config.getOrThrow<number>('JOB_RETRY_MAX_MS');
    this.timeoutMs = config.getOrThrow<number>('JOB_TIMEOUT_MS');
  }

  /**
   * Run `job` unless it is already completed (then its stored result is returned). `onComplete`
   * adds writes to the completion transaction (e.g. the analysis.completed event).
   */
  async run<T extends object>(
    job: JobRecord,
    durationSeconds: number | null,
    work: JobWork<T>,
    onComplete?: (tx: Tx, result: T) => Promise<void>,
  ): Promise<JobOutcome<T>> {
    if (job.status === 'completed') return { state: 'done', result: job.resultData as T };
    if (job.status === 'failed')
      return { state: 'failed', code: job.errorCode ?? 'INTERNAL', message: job.errorMessage ?? '' };

    let refused: JobRecord | null = null;
    const claimed = await this.database.service(async (tx) => {
      const cost = await this.costGuard.check(tx, job.id);
      if (!cost.allowed) {
        refused = await this.refuseOverCap(tx, job, cost);
        return null;
      }
      const row = await this.jobs.claim(tx, job.id, this.leaseMs);
      if (row && isFirstStage(row.jobType)) {
        await this.outbox.add(tx, ANALYSIS_STARTED_V1, {
          userId: row.userId,
          mediaId: row.mediaFileId,
          startedAt: (row.startedAt ?? new Date()).toISOString(),
        });
      }
      return row;
    });
    if (refused) {
      const row: JobRecord = refused;
      this.announce(row);
      return { state: 'failed', code: row.errorCode ?? COST_LIMIT, message: row.errorMessage ?? '' };
    }
    if (!claimed) return { state: 'waiting' };
    this.announce(claimed);
    this.logger.log({ jobId: job.id, jobType: job.jobType, attempt: claimed.attempts }, 'job started');

    const started = performance.now();
    const elapsedSeconds = () => (performance.now() - started) / 1000;
    const abort = new AbortController();
    const deadline = setTimeout(
      () => abort.abort(new ProviderError('JOB_TIMEOUT', READABLE.JOB_TIMEOUT, false)),
      this.timeoutMs,
    );
    const meter = new JobMeter(this.prices, {
      userId: claimed.userId,
      mediaId: claimed.mediaFileId,
      jobId: claimed.id,
      correlationId: currentCorrelationId(),
      signal: abort.signal,
    });
    const progress = new ProgressReporter(
      { write: (percent, eta) => this.writeProgress(claimed.id, percent, eta) },
      estimatedSeconds(claimed.jobType as JobType, durationSeconds) * 1000,
      Math.max(500, Math.floor(this.leaseMs / 3)),
    );
    try {
      const result = await raceAbort(
        work(meter, (fraction) => progress.report(fraction), claimed),
        abort.signal,
      );
      await progress.stop();
      const done = await this.database.service(async (tx) => {
        const row = await this.jobs.complete(tx, claimed.id, result);
        await this.recordCosts(tx, claimed, meter);
        await onComplete?.(tx, result);
        return row;
      });
      this.announce(done);
      this.logger.log({ jobId: job.id, jobType: job.jobType, costUsd: meter.totalUsd() }, 'job completed');
      this.metrics.observe(claimed.jobType, 'completed', elapsedSeconds());
      return { state: 'done', result };
    } catch (error) {
      await progress.stop();
      const outcome = await this.recordFailure<T>(claimed, meter, error);
      this.metrics.observe(claimed.jobType, outcome.state === 'waiting' ? 'retrying' : 'failed', elapsedSeconds());
      return outcome;
    } finally {
      clearTimeout(deadline);
    }
  }

  private async recordFailure<T>(job: JobRecord, meter: JobMeter, failure: unknown): Promise<JobOutcome<T>> {
    // ffmpeg/ffprobe's verdict on a bad file is as final as a provider's.
    const error = failure instanceof MediaUnreadable ? unreadableMedia(failure.message, failure) : failure;
    const code = error instanceof ProviderError ? error.code : 'INTERNAL';
    const message = error instanceof ProviderError ? (READABLE[code] ?? error.message) : READABLE.INTERNAL;
    const retry = isRetryable(error) && job.attempts < job.maxAttempts;
    this.logger.warn(
      { jobId: job.id, jobType: job.jobType, attempt: job.attempts, code, retry, err: error },
      'job attempt failed',
    );
    if (retry) {
      const retryAt = new Date(Date.now() + retryDelayMs(job.attempts, this.retryBaseMs, this.retryMaxMs));
      const row = await this.database.service(async (tx) => {
        await this.recordCosts(tx, job, meter);
        return this.jobs.scheduleRetry(tx, job.id, retryAt, code, message);
      });
      this.announce(row);
      return { state: 'waiting' };
    }
    const row = await this.database.service(async (tx) => {
      await this.recordCosts(tx, job, meter);
      const failed = await this.jobs.fail(tx, job.id, code, message);
      await this.failMedia(tx, failed, code, message);
      return failed;
    });
    this.announce(row);
    return { state: 'failed', code, message };
  }

  /** The file is `failed` with this job's reason, and jobs after it will not run. */
  async failMedia(
    tx: Tx,
    job: { mediaFileId: string; userId: string; jobType: string },
    code: string,
    message: string,
  ): Promise<void> {
    const after = PIPELINE_ORDER.slice(PIPELINE_ORDER.indexOf(job.jobType as JobType) + 1);
    await this.jobs.failWaiting(tx, job.mediaFileId, after, `Not run: ${job.jobType.replace('_', ' ')} failed.`);
    await this.outbox.add(tx, ANALYSIS_FAILED_V1, {
      userId: job.userId,
      mediaId: job.mediaFileId,
      failedAt: new Date().toISOString(),
      jobType: job.jobType as JobType,
      errorCode: code,
      message,
    });
  }

  /** The job would pass the tier's monthly AI cost cap: it fails (not retried), and so does the file. */
  private async refuseOverCap(
    tx: Tx,
    job: JobRecord,
    cost: Extract<CostDecision, { allowed: false }>,
  ): Promise<JobRecord> {
    const usd = (amount: number) => `$${amount.toFixed(2)}`;
    const message =
      `Analysing this file (about ${usd(cost.estimatedUsd)}) would take your AI spending this period past ` +
      `your plan's ${usd(cost.capUsd)} limit (${usd(cost.spentUsd)} used). Upgrade your plan, or reprocess the file next period.`;
    this.logger.warn({ jobId: job.id, jobType: job.jobType, ...cost }, 'job refused by the monthly cost cap');
    const failed = await this.jobs.fail(tx, job.id, COST_LIMIT, message);
    await this.failMedia(tx, failed, COST_LIMIT, message);
    // In the refusal's transaction: one entry per refused job, and none if the refusal rolls back.
    await this.audit.recordIn(tx, 'quota.exceeded', {
      userId: job.userId,
      actorType: 'system',
      targetType: 'media_file',
      targetId: job.mediaFileId,
      metadata: {
        limit: 'max_monthly_cost',
        capUsd: cost.capUsd,
        spentUsd: cost.spentUsd,
        estimateUsd: cost.estimatedUsd,
        jobId: job.id,
        jobType: job.jobType,
      },
    });
    return failed;
  }

  private async recordCosts(tx: Tx, job: JobRecord, meter: JobMeter): Promise<void> {
    await addJobCost(tx, job.id, meter.totalUsd());
    const incurredAt = new Date().toISOString();
    for (const line of meter.lines()) {
      await this.outbox.add(tx, COST_INCURRED_V1, {
        userId: job.userId,
        mediaId: job.mediaFileId,
        jobId: job.id,
        provider: line.provider,
        item: line.item,
        units: line.units,
        amountUsd: line.amountUsd,
        durationMs: line.durationMs,
        incurredAt,
      });
    }
  }

  private async writeProgress(jobId: string, percent: number, eta: Date | null): Promise<boolean> {
    const row = await this.database.service((tx) => this.jobs.progress(tx, jobId, percent, eta, this.leaseMs));
    if (row) this.announce(row);
    return row !== null;
  }

  /** Live progress for open event streams; not durable, the next update supersedes it. */
  private announce(job: JobRecord): void {
    this.bus.publishTransient(ANALYSIS_JOB_UPDATED_V1, {
      userId: job.userId,
      mediaId: job.mediaFileId,
      job: toJobView(job),
    });
  }
}

function isFirstStage(jobType: string): boolean {
  return jobType === 'image_analysis' || jobType === 'video_analysis';
}

/** Stop waiting for `work` when the job's deadline passes (the work itself is abandoned). */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
