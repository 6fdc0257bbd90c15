import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ANALYSIS_COMPLETED_V1, type JobType } from '@ams/contracts';
import { Database } from '@ams/db';
import { Outbox } from '@ams/messaging';
import { ProviderError, type AnalysisProviders } from '@ams/providers';
import { STORAGE, StorageObjectNotFound, type StorageProvider } from '@ams/storage';
import type { AnalysisFeatures } from '../jobs/job-plan';
import { JobRunner, type JobOutcome } from '../jobs/job-runner';
import { JobsRepository, type JobRecord, type MediaForAnalysis } from '../jobs/jobs.repository';
import { ANALYSIS_PROVIDERS } from '../providers/providers.tokens';
import { composeResult } from './compose-result';
import { transcribeVideo, type SpeechFindings } from './speech-analysis';
import { VisualAnalysis, type VisualFindings } from './visual-analysis';

/** Raised when a job of the file failed for good: the work message is dead-lettered. */
export class AnalysisFailed extends Error {
  constructor(
    readonly mediaId: string,
    readonly code: string,
  ) {
    super(`analysis of ${mediaId} failed (${code})`);
    this.name = 'AnalysisFailed';
  }
}

interface JobConfig {
  features?: AnalysisFeatures;
  maxVideoDurationSeconds?: number | null;
}

/**
 * One file's analysis, resumable: each run does the jobs not yet completed, in order, reading
 * earlier results from their rows. A redelivered or duplicate run message repeats nothing done.
 */
@Injectable()
export class PipelineService {
  private readonly logger = new Logger(PipelineService.name);
  private readonly visual: VisualAnalysis;

  constructor(
    private readonly database: Database,
    private readonly jobs: JobsRepository,
    private readonly runner: JobRunner,
    private readonly outbox: Outbox,
    @Inject(ANALYSIS_PROVIDERS) private readonly providers: AnalysisProviders,
    @Inject(STORAGE) private readonly storage: StorageProvider,
    config: ConfigService,
  ) {
    this.visual = new VisualAnalysis(providers, {
      everySeconds: config.getOrThrow<number>('KEYFRAME_INTERVAL_SECONDS'),
      maxFrames: config.getOrThrow<number>('KEYFRAME_MAX'),
    });
  }

  async run(mediaId: string): Promise<void> {
    const { media, jobs } = await this.database.service(async (tx) => ({
      media: await this.jobs.media(tx, mediaId),
      jobs: await this.jobs.jobsOf(tx, mediaId),
    }));
    if (!media || jobs.length === 0) return;
    if (media.deleted) {
      await this.database.service((tx) =>
        this.jobs.failWaiting(
          tx,
          mediaId,
          jobs.map((j) => j.jobType as JobType),
          'Not run: the file was deleted.',
        ),
      );
      return;
    }
    const byType = new Map(jobs.map((job) => [job.jobType as JobType, job]));
    const workDir = await mkdtemp(join(tmpdir(), `ams-analysis-${mediaId}-`));
    try {
      await this.runJobs(media, byType, workDir);
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }

  private async runJobs(media: MediaForAnalysis, byType: Map<JobType, JobRecord>, workDir: string): Promise<void> {
    const local = lazy(() => this.download(media, workDir));
    const first = byType.get(media.fileType === 'video' ? 'video_analysis' : 'image_analysis');
    if (!first) return;
    const config = (first.jobConfig ?? {}) as JobConfig;
    const features = config.features ?? { moderation: false, celebrities: false };
    const stored =
      this.storage.kind === 's3' ? { bucket: media.s3Bucket, key: media.s3Key, backend: 's3' as const } : undefined;

    const visualRun: Promise<JobOutcome<VisualFindings>> =
      media.fileType === 'video'
        ? this.runner.run(first, media.durationSeconds, async (meter, progress) => {
            assertDurationAllowed(media, config);
            const video = stored ? { ...stored, mimeType: media.mimeType } : undefined;
            return this.visual.analyseVideo(
              await local(),
              media.durationSeconds ?? 0,
              workDir,
              features,
              meter,
              progress,
              video,
            );
          })
        : this.runner.run(first, null, async (meter, progress) => {
            progress(0.1);
            return this.visual.analyseImage(
              { path: await local(), mimeType: media.mimeType, stored },
              workDir,
              features,
              meter,
            );
          });
    const transcriptionJob = byType.get('transcription');
    const speechRun: Promise<JobOutcome<SpeechFindings> | null> = transcriptionJob
      ? this.runner.run(transcriptionJob, media.durationSeconds, async (meter, progress) => {
          assertDurationAllowed(media, config);
          progress(0.05);
          return transcribeVideo(
            this.providers,
            { path: await local(), mimeType: media.mimeType, stored },
            workDir,
            meter,
          );
        })
      : Promise.resolve(null);
    const [visual, speech] = await Promise.all([visualRun, speechRun]);
    for (const outcome of [visual, speech]) {
      if (outcome?.state === 'failed') throw new AnalysisFailed(media.id, outcome.code);
    }
    if (visual.state !== 'done' || (speech && speech.state !== 'done')) return; // resumed by a retry or another worker

    const textJob = byType.get('text_analysis');
    if (!textJob) return;
    const speechResult = speech?.state === 'done' ? speech.result : null;
    const outcome = await this.runner.run(
      textJob,
      media.durationSeconds,
      (meter) =>
        composeResult(
          this.providers,
          {
            kind: media.fileType as 'image' | 'video',
            filename: media.originalFilename,
            durationSeconds: media.durationSeconds,
          },
          visual.result,
          speechResult,
          meter,
        ),
      (tx, result) =>
        this.outbox
          .add(tx, ANALYSIS_COMPLETED_V1, {
            userId: media.userId,
            mediaId: media.id,
            fileType: media.fileType as 'image' | 'video',
            durationSeconds: media.durationSeconds,
            completedAt: new Date().toISOString(),
            result,
          })
          .then(() => undefined),
    );
    if (outcome.state === 'failed') throw new AnalysisFailed(media.id, outcome.code);
    if (outcome.state === 'done') this.logger.log({ mediaId: media.id }, 'analysis completed');
  }

  /** The original, fetched once per run into the job's scratch directory. */
  private async download(media: MediaForAnalysis, workDir: string): Promise<string> {
    const path = join(workDir, 'original');
    try {
      await this.storage.download(media.s3Key, path);
    } catch (error) {
      if (error instanceof StorageObjectNotFound) {
        throw new ProviderError('MEDIA_MISSING', 'The uploaded file is no longer in storage; upload it again.', false, {
          cause: error,
        });
      }
      throw error; // a storage hiccup: retried
    }
    return path;
  }
}

/** The tier's video length limit, checked again here in case an upload path missed it. */
function assertDurationAllowed(media: MediaForAnalysis, config: JobConfig): void {
  const limit = config.maxVideoDurationSeconds;
  if (limit !== null && limit !== undefined && (media.durationSeconds ?? 0) > limit) {
    throw new ProviderError('VIDEO_TOO_LONG', `This video is longer than your plan's ${limit} seconds.`, false);
  }
}

/** Run `make` at most once, when first needed. */
function lazy<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= make());
}
