import type { Tx } from '../database';

/** The spec's `cost_tracking.service_name` values. */
export type CostService =
  'aws_rekognition' | 'aws_transcribe' | 'aws_comprehend' | 'aws_s3' | 'openai_embeddings' | 'openai_gpt';

export interface CostRow {
  /** The cost event's id: recording the same event twice records it once. */
  sourceEventId: string;
  userId: string;
  mediaId: string | null;
  jobId: string | null;
  service: CostService;
  operation: string;
  billingUnit: string;
  units: number;
  amountUsd: number;
  incurredAt: Date;
  metadata: Record<string, unknown>;
}

/**
 * Write one cost row, unless this event was recorded before. The billing period columns are the
 * calendar month of the call (UTC), as the spec's reports group them. A file or job deleted
 * before its cost arrives is linked as NULL (the cost itself is kept). Service path.
 */
export async function recordCost(tx: Tx, cost: CostRow): Promise<boolean> {
  const inserted = await tx.$executeRaw`
    INSERT INTO cost_tracking (user_id, service_name, operation_type, amount, billing_unit, units_consumed,
                               media_file_id, processing_job_id, billing_period_month, billing_period_year,
                               service_metadata, incurred_at, source_event_id)
    SELECT ${cost.userId}::uuid, ${cost.service}, ${cost.operation}, ${cost.amountUsd}, ${cost.billingUnit},
           ${cost.units}, (SELECT id FROM media_files WHERE id = ${cost.mediaId}::uuid),
           (SELECT id FROM processing_jobs WHERE id = ${cost.jobId}::uuid),
           EXTRACT(MONTH FROM ${cost.incurredAt}::timestamptz AT TIME ZONE 'UTC')::int,
           EXTRACT(YEAR FROM ${cost.incurredAt}::timestamptz AT TIME ZONE 'UTC')::int,
           ${JSON.stringify(cost.metadata)}::jsonb, ${cost.incurredAt}, ${cost.sourceEventId}::uuid
     WHERE EXISTS (SELECT 1 FROM users WHERE id = ${cost.userId}::uuid)
    ON CONFLICT (source_event_id) DO NOTHING`;
  return inserted > 0;
}

/** What a user has spent on AI in their current billing period, against their tier's cap. */
export interface PeriodSpending {
  tier: 'free' | 'premium' | 'ultimate';
  periodStart: Date;
  periodEnd: Date;
  spentUsd: number;
  /** null: no cap on this tier. */
  capUsd: number | null;
  /** Fraction of the cap at which the user is alerted (e.g. 0.8); null without a cap. */
  alertThreshold: number | null;
}

/**
 * The user's spending this billing period (the same period the monthly reset uses). Works on
 * both paths: tenant (the user's own rows) and service.
 */
export async function periodSpending(tx: Tx, userId: string): Promise<PeriodSpending | null> {
  const [row] = await tx.$queryRaw<
    {
      tier: PeriodSpending['tier'];
      period_start: Date;
      period_end: Date;
      spent: string;
      cap: string | null;
      threshold: string | null;
    }[]
  >`
    SELECT u.subscription_tier AS tier, u.billing_period_start AS period_start, u.billing_period_end AS period_end,
           COALESCE((SELECT SUM(ct.amount) FROM cost_tracking ct
                      WHERE ct.user_id = u.id
                        AND ct.incurred_at >= u.billing_period_start
                        AND ct.incurred_at < u.billing_period_end), 0)::text AS spent,
           l.max_monthly_cost::text AS cap, l.cost_alert_threshold::text AS threshold
      FROM users u JOIN usage_limits l ON l.tier_name = u.subscription_tier
     WHERE u.id = ${userId}::uuid`;
  if (!row) return null;
  const cap = row.cap === null ? null : Number(row.cap);
  return {
    tier: row.tier,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    spentUsd: Number(row.spent),
    capUsd: cap,
    alertThreshold: cap === null || row.threshold === null ? null : Number(row.threshold),
  };
}

/**
 * Claim the one cost alert of this user and period: true for the first caller only (the primary
 * key decides, so two consumers racing on two cost events alert once). Service path.
 */
export async function claimCostAlert(
  tx: Tx,
  alert: { userId: string; periodStart: Date; spentUsd: number; capUsd: number },
): Promise<boolean> {
  const inserted = await tx.$executeRaw`
    INSERT INTO billing_cost_alerts (user_id, period_start, spent_usd, cap_usd)
    VALUES (${alert.userId}::uuid, ${alert.periodStart}, ${alert.spentUsd}, ${alert.capUsd})
    ON CONFLICT (user_id, period_start) DO NOTHING`;
  return inserted > 0;
}

/** The spec's `user_dashboard_summary` row of one user, with the rest of their tier's limits. */
export interface DashboardRow {
  tier: 'free' | 'premium' | 'ultimate';
  subscriptionStatus: string;
  periodStart: Date | null;
  periodEnd: Date | null;
  uploadsThisMonth: number;
  searchesThisMonth: number;
  storageUsedBytes: number;
  totalFiles: number;
  processedFiles: number;
  currentPeriodCostUsd: number;
  maxUploadsPerMonth: number | null;
  maxSearchesPerMonth: number | null;
  maxStorageBytes: number | null;
  maxFileSizeBytes: number;
  maxVideoDurationSeconds: number | null;
  maxMonthlyCostUsd: number | null;
  costAlertThreshold: number | null;
  apiRateLimit: number;
  uploadRateLimit: number;
  searchRateLimit: number;
  featuresEnabled: string[];
  aiFeaturesEnabled: string[];
}

/** One user's dashboard: the view (RLS applies: tenant path) joined with their tier's limits. */
export async function dashboardOf(tx: Tx, userId: string): Promise<DashboardRow | null> {
  const [row] = await tx.$queryRaw<Record<string, unknown>[]>`
    SELECT d.subscription_tier AS tier, u.subscription_status AS "subscriptionStatus",
           u.billing_period_start AS "periodStart", u.billing_period_end AS "periodEnd",
           d.uploads_this_month AS "uploadsThisMonth", d.searches_this_month AS "searchesThisMonth",
           d.storage_used_bytes::text AS "storageUsedBytes", d.total_files::int AS "totalFiles",
           d.processed_files::int AS "processedFiles", d.current_month_cost::text AS "currentPeriodCostUsd",
           d.max_uploads_per_month AS "maxUploadsPerMonth", d.max_searches_per_month AS "maxSearchesPerMonth",
           d.max_storage_bytes::text AS "maxStorageBytes", l.max_file_size_bytes::text AS "maxFileSizeBytes",
           l.max_video_duration_seconds AS "maxVideoDurationSeconds", l.max_monthly_cost::text AS "maxMonthlyCostUsd",
           l.cost_alert_threshold::text AS "costAlertThreshold", l.api_rate_limit AS "apiRateLimit",
           l.upload_rate_limit AS "uploadRateLimit", l.search_rate_limit AS "searchRateLimit",
           l.features_enabled AS "featuresEnabled", l.ai_features_enabled AS "aiFeaturesEnabled"
      FROM user_dashboard_summary d
      JOIN users u ON u.id = d.id
      JOIN usage_limits l ON l.tier_name = d.subscription_tier
     WHERE d.id = ${userId}::uuid`;
  if (!row) return null;
  const numberOrNull = (value: unknown) => (value === null ? null : Number(value));
  return {
    ...(row as unknown as DashboardRow),
    storageUsedBytes: Number(row['storageUsedBytes']),
    currentPeriodCostUsd: Number(row['currentPeriodCostUsd']),
    maxStorageBytes: numberOrNull(row['maxStorageBytes']),
    maxFileSizeBytes: Number(row['maxFileSizeBytes']),
    maxMonthlyCostUsd: numberOrNull(row['maxMonthlyCostUsd']),
    costAlertThreshold: numberOrNull(row['costAlertThreshold']),
  };
}
