import { Injectable } from '@nestjs/common';
import type { Counter, Histogram } from 'prom-client';
import type { SearchMode } from '@ams/contracts';
import { METRIC_PREFIX, MetricsRegistry } from '@ams/metrics';

/** The Redis caches search reads: result pages and query embeddings. */
export type SearchCacheName = 'page' | 'query_vector';

/** Search latency by mode and page-cache result, and hits and misses of each search cache. */
@Injectable()
export class SearchMetrics {
  private readonly duration: Histogram<'mode' | 'cache'>;
  private readonly hits: Counter<'cache'>;
  private readonly misses: Counter<'cache'>;

  constructor(metrics: MetricsRegistry) {
    this.duration = metrics.histogram({
      name: `${METRIC_PREFIX}search_duration_seconds`,
      help: 'Time answering one search, by mode and whether its page came from the cache (hit, miss).',
      labelNames: ['mode', 'cache'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
    this.hits = metrics.counter({
      name: `${METRIC_PREFIX}search_cache_hits_total`,
      help: 'Search cache lookups that found a value, by cache (page, query_vector).',
      labelNames: ['cache'],
    });
    this.misses = metrics.counter({
      name: `${METRIC_PREFIX}search_cache_misses_total`,
      help: 'Search cache lookups that found nothing (or Redis was unavailable), by cache.',
      labelNames: ['cache'],
    });
  }

  searched(mode: SearchMode, cacheHit: boolean, seconds: number): void {
    this.duration.observe({ mode, cache: cacheHit ? 'hit' : 'miss' }, seconds);
  }

  lookedUp(cache: SearchCacheName, found: boolean): void {
    (found ? this.hits : this.misses).inc({ cache });
  }
}
