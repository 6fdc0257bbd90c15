import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { normalizeIp } from '@nestjs/throttler';
import { decide, type RateLimitDecision } from './rate-limit-decision';
import type { RateLimitBucket } from './rate-limit.decorators';
import { RateLimitStore } from './rate-limit.store';
import { TierLimits } from './tier-limits';

/** Who a request is counted for: the signed-in user, or else the client address. */
export type Caller = { userId: string; tier: string } | { ip: string };

/**
 * Hourly per-tier request limits, counted in Redis so every gateway replica sees the same
 * numbers. Rate limits are protection, not correctness: when Redis (or the limits table) cannot
 * answer, the request is served unlimited and a warning logged, rather than the API going down.
 */
@Injectable()
export class RateLimitService {
  readonly enabled: boolean;
  readonly windowSeconds: number;
  private readonly prefix: string;

  constructor(
    private readonly store: RateLimitStore,
    private readonly tiers: TierLimits,
    config: ConfigService,
  ) {
    this.enabled = config.get<string>('RATE_LIMITS') !== 'off';
    this.windowSeconds = config.getOrThrow<number>('RATE_LIMIT_WINDOW_SECONDS');
    this.prefix = config.getOrThrow<string>('RATE_LIMIT_KEY_PREFIX');
  }

  /** Count the request against each bucket; null when it cannot be counted (fail open). */
  async check(caller: Caller, buckets: readonly RateLimitBucket[]): Promise<RateLimitDecision | null> {
    const limits = await this.tiers.forTier('tier' in caller ? caller.tier : undefined);
    if (!limits) return null;
    const subject = subjectOf(caller);
    const keys = buckets.map((bucket) => this.key(subject, bucket));
    const counts = await this.store.count(keys, this.windowSeconds * 1000);
    if (!counts) return null;
    return decide(
      buckets.map((bucket, i) => ({
        bucket,
        limit: limits[bucket],
        used: counts[i].used,
        resetSeconds: Math.max(1, Math.ceil(counts[i].resetMs / 1000)),
      })),
    );
  }

  /** True for the first refusal of this caller and bucket in the current window (or when Redis cannot say). */
  async firstRefusalInWindow(caller: Caller, bucket: RateLimitBucket, resetSeconds: number): Promise<boolean> {
    return (await this.store.claimOnce(`${this.key(subjectOf(caller), bucket)}:refused`, resetSeconds)) !== false;
  }

  // The {subject} hash tag keeps one caller's keys in one slot, as one EVAL on Redis Cluster needs.
  private key(subject: string, bucket: RateLimitBucket): string {
    return `${this.prefix}:{${subject}}:${bucket}`;
  }
}

/** IPv6 callers are counted per /64, which one client usually holds whole. */
function subjectOf(caller: Caller): string {
  return 'userId' in caller ? `user:${caller.userId}` : `ip:${normalizeIp(caller.ip)}`;
}
