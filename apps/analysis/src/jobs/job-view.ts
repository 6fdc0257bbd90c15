import type { ProcessingJobView } from '@ams/contracts';
import type { JobRecord } from './jobs.repository';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** A job as clients see it (`GET /v1/media/:id/jobs` and the live event stream). */
export function toJobView(job: JobRecord): ProcessingJobView {
  return {
    id: job.id,
    jobType: job.jobType,
    status: job.status,
    priority: job.priority,
    progressPercentage: job.progressPercentage,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    errorMessage: job.errorMessage,
    queuedAt: job.queuedAt.toISOString(),
    startedAt: iso(job.startedAt),
    completedAt: iso(job.completedAt),
    estimatedCompletionAt: iso(job.estimatedCompletionAt),
  };
}
