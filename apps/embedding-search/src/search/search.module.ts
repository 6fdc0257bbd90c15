import { Module } from '@nestjs/common';
import { OutboxModule } from '@ams/messaging';
import { StorageModule } from '@ams/storage';
import { EmbeddingCosts } from '../costs/embedding-costs';
import { Indexer } from '../indexing/indexer.service';
import { IndexingHandler } from '../indexing/indexing.handler';
import { EmbeddingModels } from '../models/embedding-models.service';
import { ReindexService } from '../reindex/reindex.service';
import { SearchHistoryService } from '../search-history/search-history.service';
import { SearchHistoryWriter } from '../search-history/search-history.writer';
import { SearchCache } from './search-cache';
import { SearchMetrics } from './search-metrics';
import { SearchHandler } from './search.handler';
import { SearchService } from './search.service';

@Module({
  imports: [OutboxModule, StorageModule],
  providers: [
    EmbeddingModels,
    EmbeddingCosts,
    SearchCache,
    SearchMetrics,
    Indexer,
    IndexingHandler,
    SearchHistoryWriter,
    SearchHistoryService,
    SearchService,
    ReindexService,
    SearchHandler,
  ],
})
export class SearchModule {}
