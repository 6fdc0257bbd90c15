import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import {
  SEARCH_ANALYTICS_V1,
  SEARCH_CLICK_V1,
  SEARCH_HISTORY_V1,
  SEARCH_QUERY_V1,
  SEARCH_REINDEX_STATUS_V1,
  SEARCH_REINDEX_V1,
  SEARCH_SIMILAR_V1,
} from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import { ReindexService } from '../reindex/reindex.service';
import { SearchHistoryService } from '../search-history/search-history.service';
import { SearchMetrics } from './search-metrics';
import { SearchService } from './search.service';

/** The service's RPC surface; replicas share one queue per request type. */
@Injectable()
export class SearchHandler implements OnApplicationBootstrap {
  constructor(
    private readonly bus: MessageBus,
    private readonly search: SearchService,
    private readonly history: SearchHistoryService,
    private readonly reindex: ReindexService,
    private readonly metrics: SearchMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.respond(SEARCH_QUERY_V1, { queue: 'search.query' }, async (request) => {
      const reply = await this.search.search(request);
      this.metrics.searched(request.mode, reply.cacheHit, reply.tookMs / 1000);
      return reply;
    });
    await this.bus.respond(SEARCH_SIMILAR_V1, { queue: 'search.similar' }, ({ userId, mediaId, limit }) =>
      this.search.similar(userId, mediaId, limit),
    );
    await this.bus.respond(SEARCH_CLICK_V1, { queue: 'search.click' }, ({ userId, searchId, mediaId }) =>
      this.history.click(userId, searchId, mediaId),
    );
    await this.bus.respond(SEARCH_HISTORY_V1, { queue: 'search.history' }, ({ userId, limit, cursor }) =>
      this.history.history(userId, limit, cursor),
    );
    await this.bus.respond(SEARCH_ANALYTICS_V1, { queue: 'search.analytics' }, ({ userId, days }) =>
      this.history.analytics(userId, days),
    );
    await this.bus.respond(SEARCH_REINDEX_V1, { queue: 'search.reindex' }, ({ requestedBy }) =>
      this.reindex.start(requestedBy),
    );
    await this.bus.respond(SEARCH_REINDEX_STATUS_V1, { queue: 'search.reindex-status' }, ({ runId }) =>
      this.reindex.status(runId),
    );
  }
}
