import type { Tx } from '../database';

export interface DailySearchStats {
  date: string;
  searchCount: number;
  avgResponseTimeMs: number | null;
  avgClickRate: number | null;
}

/** The spec's "user activity summary": searches per day over the last `days` days, newest first. */
export async function searchAnalyticsByDay(tx: Tx, userId: string, days: number): Promise<DailySearchStats[]> {
  if (!Number.isInteger(days) || days < 1 || days > 366) throw new RangeError(`days must be 1..366, got ${days}`);
  const rows = await tx.$queryRaw<
    { date: Date; search_count: bigint; avg_response_time: number | null; avg_click_rate: number | null }[]
  >`
    SELECT date_trunc('day', sh.searched_at) AS date,
           count(*) AS search_count,
           avg(sh.response_time_ms)::float8 AS avg_response_time,
           avg(sh.click_through_rate)::float8 AS avg_click_rate
    FROM search_history sh
    WHERE sh.user_id = ${userId}::uuid
      AND sh.searched_at >= now() - make_interval(days => ${days})
    GROUP BY 1
    ORDER BY 1 DESC`;
  return rows.map((r) => ({
    date: r.date.toISOString().slice(0, 10),
    searchCount: Number(r.search_count),
    avgResponseTimeMs: r.avg_response_time,
    avgClickRate: r.avg_click_rate,
  }));
}

export interface DashboardSummary {
  userId: string;
  subscriptionTier: string;
  uploadsThisMonth: number;
  searchesThisMonth: number;
  storageUsedBytes: number;
  /** null: unlimited */
  maxUploadsPerMonth: number | null;
  maxSearchesPerMonth: number | null;
  maxStorageBytes: number | null;
  totalFiles: number;
  processedFiles: number;
  currentMonthCost: number;
}

/** The spec's `user_dashboard_summary` row for one user (RLS applies: it runs as the caller). */
export async function dashboardSummary(tx: Tx, userId: string): Promise<DashboardSummary | null> {
  const [row] = await tx.$queryRaw<Record<string, unknown>[]>`
    SELECT * FROM user_dashboard_summary WHERE id = ${userId}::uuid`;
  if (!row) return null;
  const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  return {
    userId: row['id'] as string,
    subscriptionTier: row['subscription_tier'] as string,
    uploadsThisMonth: Number(row['uploads_this_month']),
    searchesThisMonth: Number(row['searches_this_month']),
    storageUsedBytes: Number(row['storage_used_bytes']),
    maxUploadsPerMonth: num(row['max_uploads_per_month']),
    maxSearchesPerMonth: num(row['max_searches_per_month']),
    maxStorageBytes: num(row['max_storage_bytes']),
    totalFiles: Number(row['total_files']),
    processedFiles: Number(row['processed_files']),
    currentMonthCost: Number(row['current_month_cost']),
  };
}
