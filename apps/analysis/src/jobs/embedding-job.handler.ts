import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ANALYSIS_JOB_UPDATED_V1, SEARCH_INDEX_FAILED_V1, SEARCH_INDEXED_V1 } from '@ams/contracts';
import { Database } from '@ams/db';
import { MessageBus } from '@ams/messaging';
import { toJobView } from './job-view';
import { JobsRepository, type JobRecord } from './jobs.repository';

/**
 * A file's `embedding_generation` job is done by embedding-search, not by a worker here: its
 * outcome arrives as `search.indexed` or `search.index-failed`. Both handlers are idempotent; a
 * change is announced to live views like every other job update.
 */
@Injectable()
export class EmbeddingJobHandler implements OnApplicationBootstrap {
  private readonly logger = new Logger(EmbeddingJobHandler.name);

  constructor(
    private readonly bus: MessageBus,
    private readonly database: Database,
    private readonly jobs: JobsRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.subscribe(SEARCH_INDEXED_V1, { queue: 'analysis.search-indexed' }, async (event) => {
      const job = await this.database.service((tx) =>
        this.jobs.completeEmbedding(tx, event, new Date(event.indexedAt), {
          model: event.model,
          embeddings: event.embeddings,
        }),
      );
      if (job) this.logger.log({ jobId: job.id, mediaId: event.mediaId, model: event.model }, 'job completed');
      this.announce(job);
    });
    await this.bus.subscribe(SEARCH_INDEX_FAILED_V1, { queue: 'analysis.search-index-failed' }, async (event) => {
      const job = await this.database.service((tx) =>
        this.jobs.failEmbedding(tx, event, new Date(event.failedAt), {
          code: event.errorCode,
          message: event.message,
        }),
      );
      if (job) this.logger.warn({ jobId: job.id, mediaId: event.mediaId, code: event.errorCode }, 'job failed');
      this.announce(job);
    });
  }

  /** Live progress for open event streams (not durable, as in JobRunner). */
  private announce(job: JobRecord | null): void {
    if (!job) return;
    this.bus.publishTransient(ANALYSIS_JOB_UPDATED_V1, {
      userId: job.userId,
      mediaId: job.mediaFileId,
      job: toJobView(job),
    });
  }
}
