import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { JobType } from '@ams/contracts';
import { METRIC_PREFIX, MetricsRegistry } from '@ams/metrics';
import type { Histogram } from 'prom-client';

/** How a job attempt ended, as JobRunner records it. */
export type JobAttemptOutcome = 'completed' | 'retrying' | 'failed';

/** The provider setting doing a job type's work (embeddings are made by embedding-search, not here). */
const PROVIDER_SETTING: Partial<Record<JobType, string>> = {
  image_analysis: 'VISION_PROVIDER',
  video_analysis: 'VIDEO_PROVIDER',
  transcription: 'SPEECH_PROVIDER',
  text_analysis: 'LANGUAGE_PROVIDER',
};

/** Time one job attempt ran, by job type, the provider configured for it, and outcome. */
@Injectable()
export class JobMetrics {
  private readonly duration: Histogram<'job_type' | 'provider' | 'outcome'>;

  constructor(
    metrics: MetricsRegistry,
    private readonly config: ConfigService,
  ) {
    this.duration = metrics.histogram({
      name: `${METRIC_PREFIX}analysis_job_duration_seconds`,
      help: 'Time one analysis job attempt ran, by job type, provider and outcome (completed, retrying, failed).',
      labelNames: ['job_type', 'provider', 'outcome'],
      buckets: [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800],
    });
  }

  observe(jobType: string, outcome: JobAttemptOutcome, seconds: number): void {
    this.duration.observe({ job_type: jobType, provider: this.providerFor(jobType), outcome }, seconds);
  }

  private providerFor(jobType: string): string {
    const setting = PROVIDER_SETTING[jobType as JobType];
    return (setting && this.config.get<string>(setting)) || 'none';
  }
}
