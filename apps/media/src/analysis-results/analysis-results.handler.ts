import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import {
  ANALYSIS_COMPLETED_V1,
  ANALYSIS_FAILED_V1,
  ANALYSIS_QUEUED_V1,
  ANALYSIS_STARTED_V1,
  MEDIA_STATUS_CHANGED_V1,
} from '@ams/contracts';
import { Database, type Tx } from '@ams/db';
import { MessageBus, Outbox } from '@ams/messaging';
import { AnalysisResultsRepository, type StatusRow } from './analysis-results.repository';

/**
 * The media service's side of analysis: status moves and results written to media_files, each
 * followed by `media.status-changed` for live views. Every handler is idempotent.
 */
@Injectable()
export class AnalysisResultsHandler implements OnApplicationBootstrap {
  private readonly logger = new Logger(AnalysisResultsHandler.name);

  constructor(
    private readonly bus: MessageBus,
    private readonly database: Database,
    private readonly files: AnalysisResultsRepository,
    private readonly outbox: Outbox,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.subscribe(ANALYSIS_QUEUED_V1, { queue: 'media.analysis-queued' }, ({ mediaId, queuedAt }) =>
      this.apply(mediaId, null, (tx) => this.files.markQueued(tx, mediaId, new Date(queuedAt))),
    );
    await this.bus.subscribe(ANALYSIS_STARTED_V1, { queue: 'media.analysis-started' }, ({ mediaId, startedAt }) =>
      this.apply(mediaId, null, (tx) => this.files.markProcessing(tx, mediaId, new Date(startedAt))),
    );
    await this.bus.subscribe(
      ANALYSIS_COMPLETED_V1,
      { queue: 'media.analysis-completed' },
      ({ mediaId, completedAt, result }) =>
        this.apply(mediaId, null, (tx) => this.files.storeResult(tx, mediaId, new Date(completedAt), result)),
    );
    await this.bus.subscribe(ANALYSIS_FAILED_V1, { queue: 'media.analysis-failed' }, ({ mediaId, failedAt, message }) =>
      this.apply(mediaId, message, (tx) => this.files.markFailed(tx, mediaId, new Date(failedAt), message)),
    );
  }

  /** Write the change (service path: no user is signed in here) and announce it if it applied. */
  private async apply(
    mediaId: string,
    error: string | null,
    change: (tx: Tx) => Promise<StatusRow | null>,
  ): Promise<void> {
    await this.database.service(async (tx) => {
      const row = await change(tx);
      if (!row) return; // stale or repeated: the file is already past this state
      await this.outbox.add(tx, MEDIA_STATUS_CHANGED_V1, {
        userId: row.userId,
        mediaId,
        status: row.status as 'queued',
        error,
        changedAt: new Date().toISOString(),
      });
      this.logger.log({ mediaId, status: row.status }, 'media status changed');
    });
  }
}
