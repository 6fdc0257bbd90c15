import type { RateLimitBucket } from './rate-limit.decorators';

/** One bucket's window after this request was counted in it. */
export interface BucketUsage {
  bucket: RateLimitBucket;
  limit: number;
  /** Requests in the current window, this one included. */
  used: number;
  /** Seconds until the window restarts. */
  resetSeconds: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** What the headers describe: the refusing bucket, or else the one with the fewest requests left. */
  tightest: BucketUsage & { remaining: number };
  /** When refused: seconds until every refusing bucket has restarted. */
  retryAfterSeconds?: number;
}

/** Refused when any bucket is over its limit; counting happened already (attempts count). */
export function decide(usages: readonly BucketUsage[]): RateLimitDecision {
  if (usages.length === 0) throw new Error('a request counts against at least one bucket');
  const withRemaining = usages.map((usage) => ({ ...usage, remaining: Math.max(0, usage.limit - usage.used) }));
  const over = withRemaining.filter((usage) => usage.used > usage.limit);
  if (over.length > 0) {
    // Retrying before the last refusing window restarts would only be refused again.
    const latest = over.reduce((a, b) => (b.resetSeconds > a.resetSeconds ? b : a));
    return { allowed: false, tightest: latest, retryAfterSeconds: latest.resetSeconds };
  }
  const tightest = withRemaining.reduce((a, b) =>
    b.remaining < a.remaining || (b.remaining === a.remaining && b.resetSeconds > a.resetSeconds) ? b : a,
  );
  return { allowed: true, tightest };
}

/**
 * The IETF draft's fields (draft-ietf-httpapi-ratelimit-headers, delta-seconds reset) and the
 * widespread X-RateLimit-* trio with the same values, plus Retry-After on a refusal.
 */
export function rateLimitHeaders(decision: RateLimitDecision, windowSeconds: number): Record<string, string> {
  const { limit, remaining, resetSeconds } = decision.tightest;
  const headers: Record<string, string> = {
    'RateLimit-Limit': String(limit),
    'RateLimit-Remaining': String(remaining),
    'RateLimit-Reset': String(resetSeconds),
    'RateLimit-Policy': `${limit};w=${windowSeconds}`,
    'X-RateLimit-Limit': String(limit),
    'X-RateLimit-Remaining': String(remaining),
    'X-RateLimit-Reset': String(resetSeconds),
  };
  if (decision.retryAfterSeconds !== undefined) headers['Retry-After'] = String(decision.retryAfterSeconds);
  return headers;
}
