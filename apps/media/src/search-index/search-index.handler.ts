import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SEARCH_INDEX_FAILED_V1, SEARCH_INDEXED_V1 } from '@ams/contracts';
import { Database } from '@ams/db';
import { MessageBus } from '@ams/messaging';
import { SearchIndexRepository } from './search-index.repository';

/**
 * The media service's side of search indexing: when a file became searchable (`indexedAt`), or
 * why it could not be. A failure leaves the file `completed`: its analysis succeeded, it is only
 * not found by search yet. Both handlers are idempotent.
 */
@Injectable()
export class SearchIndexHandler implements OnApplicationBootstrap {
  private readonly logger = new Logger(SearchIndexHandler.name);

  constructor(
    private readonly bus: MessageBus,
    private readonly database: Database,
    private readonly files: SearchIndexRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.subscribe(SEARCH_INDEXED_V1, { queue: 'media.search-indexed' }, async (event) => {
      const row = await this.database.service((tx) => this.files.markIndexed(tx, event, new Date(event.indexedAt)));
      if (row) this.logger.log({ mediaId: event.mediaId, model: event.model }, 'media indexed');
    });
    await this.bus.subscribe(SEARCH_INDEX_FAILED_V1, { queue: 'media.search-index-failed' }, async (event) => {
      this.logger.warn(
        { mediaId: event.mediaId, errorCode: event.errorCode, reason: event.message },
        'media not indexed',
      );
      await this.database.service((tx) =>
        this.files.recordIndexError(tx, event, new Date(event.failedAt), event.message),
      );
    });
  }
}
