import type { Tx } from '../database';

export interface TableSize {
  table: string;
  totalBytes: number;
  size: string;
}

/** The spec's table-size report, largest first. */
export async function tableSizes(tx: Tx): Promise<TableSize[]> {
  const rows = await tx.$queryRaw<{ table: string; total_bytes: bigint; size: string }[]>`
    SELECT tablename AS table,
           pg_total_relation_size(format('%I.%I', schemaname, tablename)::regclass) AS total_bytes,
           pg_size_pretty(pg_total_relation_size(format('%I.%I', schemaname, tablename)::regclass)) AS size
    FROM pg_tables WHERE schemaname = 'public'
    ORDER BY 2 DESC`;
  return rows.map((r) => ({ table: r.table, totalBytes: Number(r.total_bytes), size: r.size }));
}

export interface IndexUsage {
  index: string;
  scans: number;
  tuplesRead: number;
  tuplesFetched: number;
}

/** The spec's index-usage report, most scanned first. */
export async function indexUsage(tx: Tx): Promise<IndexUsage[]> {
  const rows = await tx.$queryRaw<{ index: string; scans: bigint; read: bigint; fetched: bigint }[]>`
    SELECT indexrelname AS index, idx_scan AS scans, idx_tup_read AS read, idx_tup_fetch AS fetched
    FROM pg_stat_user_indexes ORDER BY idx_scan DESC, indexrelname`;
  return rows.map((r) => ({
    index: r.index,
    scans: Number(r.scans),
    tuplesRead: Number(r.read),
    tuplesFetched: Number(r.fetched),
  }));
}

/** Reset usage of every user whose billing period has ended; returns how many. Service path. */
export async function resetMonthlyUsage(tx: Tx): Promise<number> {
  const [row] = await tx.$queryRaw<{ reset: number }[]>`SELECT reset_monthly_usage() AS reset`;
  return row?.reset ?? 0;
}

/** Create the monthly search_history partitions up to `monthsAhead`; returns how many were new. */
export async function ensureSearchHistoryPartitions(tx: Tx, monthsAhead = 3): Promise<number> {
  const [row] = await tx.$queryRaw<
    { created: number }[]
  >`SELECT ensure_search_history_partitions(${monthsAhead}::int) AS created`;
  return row?.created ?? 0;
}
