import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Redis } from 'ioredis';
import { SearchMetrics } from './search-metrics';

const PREFIX = 'ams:search';

/**
 * Redis caches shared by every replica: query embeddings (by model and text) and result pages
 * (by user, library version and search). A user's library version goes up whenever one of their
 * files is indexed, edited or deleted, so a cached page is never served after a change. Redis
 * being down only costs speed: every call degrades to a miss.
 */
@Injectable()
export class SearchCache implements OnApplicationShutdown {
  private readonly logger = new Logger(SearchCache.name);
  private readonly redis: Redis;
  private readonly pageTtl: number;
  private readonly vectorTtl: number;
  private warned = false;

  constructor(
    config: ConfigService,
    private readonly metrics: SearchMetrics,
  ) {
    this.redis = new Redis(config.getOrThrow<string>('REDIS_URL'), {
      lazyConnect: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
    });
    this.redis.on('error', (error: Error) => this.degraded(error));
    this.pageTtl = config.getOrThrow<number>('SEARCH_CACHE_TTL_SECONDS');
    this.vectorTtl = config.getOrThrow<number>('QUERY_EMBEDDING_CACHE_TTL_SECONDS');
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }

  async libraryVersion(userId: string): Promise<string> {
    return (await this.attempt(() => this.redis.get(`${PREFIX}:lib:${userId}`))) ?? '0';
  }

  /** The user's library changed: every cached page of theirs is stale from now on. */
  async libraryChanged(userId: string): Promise<void> {
    await this.attempt(() => this.redis.incr(`${PREFIX}:lib:${userId}`));
  }

  async page<T>(key: string): Promise<T | null> {
    if (this.pageTtl === 0) return null;
    const json = await this.attempt(() => this.redis.get(`${PREFIX}:page:${key}`));
    this.metrics.lookedUp('page', json !== null);
    return json ? (JSON.parse(json) as T) : null;
  }

  async storePage(key: string, value: unknown): Promise<void> {
    if (this.pageTtl === 0) return;
    await this.attempt(() => this.redis.set(`${PREFIX}:page:${key}`, JSON.stringify(value), 'EX', this.pageTtl));
  }

  async vector(model: string, textKey: string): Promise<number[] | null> {
    if (this.vectorTtl === 0) return null;
    const buffer = await this.attempt(() => this.redis.getBuffer(`${PREFIX}:vec:${model}:${textKey}`));
    const usable = buffer !== null && buffer.length % 4 === 0;
    this.metrics.lookedUp('query_vector', usable);
    if (!usable) return null;
    // Copy out: the Buffer may sit at an offset of a shared pool that Float32Array cannot view.
    return Array.from(new Float32Array(Uint8Array.from(buffer).buffer));
  }

  async storeVector(model: string, textKey: string, vector: readonly number[]): Promise<void> {
    if (this.vectorTtl === 0) return;
    const bytes = Buffer.from(Float32Array.from(vector).buffer);
    await this.attempt(() => this.redis.set(`${PREFIX}:vec:${model}:${textKey}`, bytes, 'EX', this.vectorTtl));
  }

  private async attempt<T>(call: () => Promise<T>): Promise<T | null> {
    try {
      return await call();
    } catch (error) {
      this.degraded(error as Error);
      return null;
    }
  }

  private degraded(error: Error): void {
    if (this.warned) return;
    this.warned = true;
    this.logger.warn({ err: error.message }, 'Redis unavailable: search runs without its cache');
    setTimeout(() => (this.warned = false), 60_000).unref();
  }
}
