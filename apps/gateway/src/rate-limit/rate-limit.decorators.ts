import { SetMetadata } from '@nestjs/common';

/** The hourly limits of `usage_limits`: every request counts against `api`, some also against another. */
export type RateLimitBucket = 'api' | 'upload' | 'search';

export const RATE_LIMIT_BUCKETS = 'rate-limit:buckets';
export const SKIP_RATE_LIMIT = 'rate-limit:skip';

/** The route (or every route of the controller) also counts against the given bucket(s), besides `api`. */
export const CountsAgainst = (...buckets: Exclude<RateLimitBucket, 'api'>[]) =>
  SetMetadata(RATE_LIMIT_BUCKETS, buckets);

/**
 * Not rate-limited at all: only for routes that authenticate otherwise and must never be refused
 * for volume (the Stripe webhook is signature-verified, and Stripe retries what we refuse).
 */
export const SkipRateLimit = () => SetMetadata(SKIP_RATE_LIMIT, true);
