import { Injectable, Logger } from '@nestjs/common';
import { RateLimitRepository, type BucketLimits } from './rate-limit.repository';

/** Limits change rarely (a price change): a minute of staleness saves a query per request. */
const CACHE_MS = 60_000;
/** Anonymous callers, and a tier without a row, get the free tier's numbers. */
const FALLBACK_TIER = 'free';

/** Each tier's rate limits from `usage_limits`, kept in memory and re-read once a minute. */
@Injectable()
export class TierLimits {
  private readonly logger = new Logger(TierLimits.name);
  private cached?: { byTier: Map<string, BucketLimits>; loadedAt: number };
  private loading?: Promise<Map<string, BucketLimits>>;

  constructor(private readonly repository: RateLimitRepository) {}

  /** The tier's limits; null only when they were never readable (the caller then fails open). */
  async forTier(tier: string = FALLBACK_TIER): Promise<BucketLimits | null> {
    const byTier = await this.table();
    return byTier?.get(tier) ?? byTier?.get(FALLBACK_TIER) ?? null;
  }

  private async table(): Promise<Map<string, BucketLimits> | null> {
    if (this.cached && Date.now() - this.cached.loadedAt < CACHE_MS) return this.cached.byTier;
    // One read at a time however many requests find the cache stale.
    this.loading ??= this.repository.limitsByTier().finally(() => (this.loading = undefined));
    try {
      const byTier = await this.loading;
      this.cached = { byTier, loadedAt: Date.now() };
      return byTier;
    } catch (error) {
      // Stale limits beat none; the next request tries again.
      this.logger.warn(
        { err: (error as Error).message },
        'usage_limits unreadable: keeping the last known rate limits',
      );
      return this.cached?.byTier ?? null;
    }
  }
}
