import type { Tx } from '../database';

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
