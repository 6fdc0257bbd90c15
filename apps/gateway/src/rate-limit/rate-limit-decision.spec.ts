import { decide, rateLimitHeaders, type BucketUsage } from './rate-limit-decision';

const usage = (bucket: BucketUsage['bucket'], limit: number, used: number, resetSeconds: number): BucketUsage => ({
  bucket,
  limit,
  used,
  resetSeconds,
});

describe('rate-limit decision', () => {
  it('allows a request at the limit and describes the bucket with the fewest requests left', () => {
    const decision = decide([usage('api', 100, 10, 3000), usage('search', 50, 50, 1200)]);
    expect(decision).toEqual({
      allowed: true,
      tightest: { bucket: 'search', limit: 50, used: 50, remaining: 0, resetSeconds: 1200 },
    });
  });

  it('refuses the request over any limit and says to retry when that window restarts', () => {
    const decision = decide([usage('api', 100, 12, 3500), usage('upload', 5, 6, 900)]);
    expect(decision.allowed).toBe(false);
    expect(decision.tightest).toMatchObject({ bucket: 'upload', remaining: 0 });
    expect(decision.retryAfterSeconds).toBe(900);
  });

  it('with several buckets over, waits for the one that restarts last', () => {
    const decision = decide([usage('api', 100, 101, 3500), usage('search', 50, 51, 600)]);
    expect(decision).toMatchObject({ allowed: false, retryAfterSeconds: 3500, tightest: { bucket: 'api' } });
  });

  it('sends the draft fields, the X- trio and Retry-After only on a refusal', () => {
    const allowed = rateLimitHeaders(decide([usage('api', 100, 40, 1800)]), 3600);
    expect(allowed).toEqual({
      'RateLimit-Limit': '100',
      'RateLimit-Remaining': '60',
      'RateLimit-Reset': '1800',
      'RateLimit-Policy': '100;w=3600',
      'X-RateLimit-Limit': '100',
      'X-RateLimit-Remaining': '60',
      'X-RateLimit-Reset': '1800',
    });
    const refused = rateLimitHeaders(decide([usage('api', 100, 101, 1800)]), 3600);
    expect(refused).toMatchObject({ 'RateLimit-Remaining': '0', 'Retry-After': '1800' });
  });
});
