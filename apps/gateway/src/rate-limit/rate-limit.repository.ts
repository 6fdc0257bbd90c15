import { Injectable } from '@nestjs/common';
import { Database } from '@ams/db';
import type { RateLimitBucket } from './rate-limit.decorators';

/** Requests per window a tier allows, per bucket. */
export type BucketLimits = Record<RateLimitBucket, number>;

/** The rate-limit columns of `usage_limits` (owned by billing; read-only here). */
@Injectable()
export class RateLimitRepository {
  constructor(private readonly database: Database) {}

  /** Every tier's limits: a handful of rows, read on the service path (no tenant involved). */
  async limitsByTier(): Promise<Map<string, BucketLimits>> {
    const rows = await this.database.service((tx) =>
      tx.usageLimit.findMany({
        select: { tierName: true, apiRateLimit: true, uploadRateLimit: true, searchRateLimit: true },
      }),
    );
    return new Map(
      rows.map((row) => [
        row.tierName,
        { api: row.apiRateLimit, upload: row.uploadRateLimit, search: row.searchRateLimit },
      ]),
    );
  }
}
