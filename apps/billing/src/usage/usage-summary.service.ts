import { Injectable } from '@nestjs/common';
import { DomainError, type UsageSummary } from '@ams/contracts';
import { dashboardOf, Database } from '@ams/db';

/** GET /v1/usage: the spec's dashboard summary with how close each limit is. */
@Injectable()
export class UsageSummaryService {
  constructor(private readonly database: Database) {}

  async summary(userId: string): Promise<UsageSummary> {
    const row = await this.database.tenant(userId, (tx) => dashboardOf(tx, userId));
    if (!row) throw new DomainError('NOT_FOUND', 'No account was found for this user.');
    return {
      tier: row.tier,
      subscriptionStatus: row.subscriptionStatus,
      periodStart: row.periodStart?.toISOString() ?? null,
      periodEnd: row.periodEnd?.toISOString() ?? null,
      totalFiles: row.totalFiles,
      processedFiles: row.processedFiles,
      uploads: use(row.uploadsThisMonth, row.maxUploadsPerMonth),
      searches: use(row.searchesThisMonth, row.maxSearchesPerMonth),
      storageBytes: use(row.storageUsedBytes, row.maxStorageBytes),
      aiCostUsd: { ...use(row.currentPeriodCostUsd, row.maxMonthlyCostUsd), alertThreshold: row.costAlertThreshold },
      maxFileSizeBytes: row.maxFileSizeBytes,
      maxVideoDurationSeconds: row.maxVideoDurationSeconds,
      rateLimitsPerHour: { api: row.apiRateLimit, uploads: row.uploadRateLimit, searches: row.searchRateLimit },
      features: row.featuresEnabled,
      aiFeatures: row.aiFeaturesEnabled,
    };
  }
}

/** Used of limit, and the fraction used (null when unlimited; a zero limit counts as full). */
function use(used: number, limit: number | null) {
  const fraction = limit === null ? null : limit === 0 ? 1 : Math.round((used / limit) * 10_000) / 10_000;
  return { used, limit, fraction };
}
