import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ANALYSIS_COMPLETED_V1, MEDIA_DELETED_V1, MEDIA_STATUS_CHANGED_V1, MEDIA_UPDATED_V1 } from '@ams/contracts';
import { Database, deleteMediaEmbeddings } from '@ams/db';
import { MessageBus } from '@ams/messaging';
import { SearchCache } from '../search/search-cache';
import { Indexer } from './indexer.service';

/** Keeps the index in step with the library: analysed files are indexed, edits re-embedded, deletions dropped. */
@Injectable()
export class IndexingHandler implements OnApplicationBootstrap {
  constructor(
    private readonly bus: MessageBus,
    private readonly indexer: Indexer,
    private readonly database: Database,
    private readonly cache: SearchCache,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.subscribe(
      ANALYSIS_COMPLETED_V1,
      { queue: 'embedding-search.analysis-completed' },
      ({ mediaId, result }) => this.indexer.indexAnalysed(mediaId, result),
    );
    await this.bus.subscribe(
      MEDIA_UPDATED_V1,
      { queue: 'embedding-search.media-updated' },
      async ({ userId, mediaId, changed }) => {
        if (changed.includes('tags') || changed.includes('customMetadata')) await this.indexer.refreshFullRow(mediaId);
        await this.cache.libraryChanged(userId);
      },
    );
    await this.bus.subscribe(
      MEDIA_DELETED_V1,
      { queue: 'embedding-search.media-deleted' },
      async ({ userId, mediaId }) => {
        await this.database.service((tx) => deleteMediaEmbeddings(tx, mediaId));
        await this.cache.libraryChanged(userId);
      },
    );
    // Status is a filter: a page cached before a change could list a file under its old status.
    await this.bus.subscribe(MEDIA_STATUS_CHANGED_V1, { queue: 'embedding-search.media-status' }, ({ userId }) =>
      this.cache.libraryChanged(userId),
    );
  }
}
