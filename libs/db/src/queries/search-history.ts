import type { Tx } from '../database';

export interface SearchHistoryRecord {
  id: string;
  userId: string;
  queryText: string;
  /** pgvector text form, with its model; null when the search used no vector. */
  queryEmbedding: string | null;
  embeddingModel: string | null;
  filters: Record<string, unknown>;
  sortBy: string;
  sortOrder: 'asc' | 'desc';
  limitCount: number;
  offsetCount: number;
  resultsCount: number;
  responseTimeMs: number;
  cacheHit: boolean;
  sessionId: string | null;
  sourcePage: string | null;
  userAgent: string | null;
  ipAddress: string | null;
  searchedAt: Date;
}

/** Write a batch of searches in one statement (service path: the batch spans users). */
export async function insertSearchHistory(tx: Tx, records: readonly SearchHistoryRecord[]): Promise<number> {
  if (records.length === 0) return 0;
  const col = <T>(pick: (record: SearchHistoryRecord) => T) => records.map(pick);
  return tx.$executeRaw`
    INSERT INTO search_history (id, user_id, query_text, query_embedding, embedding_model, filters, sort_by, sort_order,
      limit_count, offset_count, results_count, response_time_ms, cache_hit, search_session_id, source_page, user_agent,
      ip_address, searched_at)
    SELECT r.id, r.user_id, r.query_text, r.query_embedding::vector, r.embedding_model, r.filters::jsonb, r.sort_by,
           r.sort_order, r.limit_count, r.offset_count, r.results_count, r.response_time_ms, r.cache_hit, r.session_id,
           r.source_page, r.user_agent, r.ip::inet, r.searched_at
      FROM unnest(${col((r) => r.id)}::uuid[], ${col((r) => r.userId)}::uuid[], ${col((r) => r.queryText)}::text[],
                  ${col((r) => r.queryEmbedding)}::text[], ${col((r) => r.embeddingModel)}::text[],
                  ${col((r) => JSON.stringify(r.filters))}::text[], ${col((r) => r.sortBy)}::text[],
                  ${col((r) => r.sortOrder)}::text[], ${col((r) => r.limitCount)}::int[], ${col((r) => r.offsetCount)}::int[],
                  ${col((r) => r.resultsCount)}::int[], ${col((r) => r.responseTimeMs)}::int[],
                  ${col((r) => r.cacheHit)}::boolean[], ${col((r) => r.sessionId)}::uuid[],
                  ${col((r) => r.sourcePage)}::text[], ${col((r) => r.userAgent)}::text[], ${col((r) => r.ipAddress)}::text[],
                  ${col((r) => r.searchedAt)}::timestamptz[])
        AS r(id, user_id, query_text, query_embedding, embedding_model, filters, sort_by, sort_order, limit_count,
             offset_count, results_count, response_time_ms, cache_hit, session_id, source_page, user_agent, ip, searched_at)
    ON CONFLICT DO NOTHING`;
}

export interface ClickResult {
  clickedResults: string[];
  clickThroughRate: number;
}

/**
 * Record that the caller opened `mediaId` from one of their searches; a repeated click counts
 * once. The rate is distinct clicked files / results shown. Tenant path: another user's search
 * id finds no row (null).
 */
export async function recordSearchClick(
  tx: Tx,
  userId: string,
  searchId: string,
  mediaId: string,
): Promise<ClickResult | null> {
  const [row] = await tx.$queryRaw<{ clicked: string[]; rate: number }[]>`
    UPDATE search_history
       SET clicked_results = CASE WHEN ${mediaId}::uuid = ANY(COALESCE(clicked_results, '{}'))
                                  THEN clicked_results ELSE array_append(COALESCE(clicked_results, '{}'), ${mediaId}::uuid) END,
           click_through_rate = LEAST(1, cardinality(
             CASE WHEN ${mediaId}::uuid = ANY(COALESCE(clicked_results, '{}')) THEN clicked_results
                  ELSE array_append(COALESCE(clicked_results, '{}'), ${mediaId}::uuid) END
           )::numeric / GREATEST(results_count, 1))
     WHERE id = ${searchId}::uuid AND user_id = ${userId}::uuid
    RETURNING clicked_results::text[] AS clicked, click_through_rate::float8 AS rate`;
  return row ? { clickedResults: row.clicked, clickThroughRate: row.rate } : null;
}

export interface SearchHistoryEntry {
  id: string;
  queryText: string;
  filters: Record<string, unknown>;
  sortBy: string | null;
  resultsCount: number;
  responseTimeMs: number | null;
  cacheHit: boolean;
  clickedResults: string[];
  clickThroughRate: number | null;
  searchedAt: Date;
}

/** The caller's searches, newest first, after the keyset position `after` (tenant path). */
export async function searchHistoryPage(
  tx: Tx,
  userId: string,
  limit: number,
  after?: { searchedAt: Date; id: string },
): Promise<SearchHistoryEntry[]> {
  const rows = await tx.$queryRaw<
    {
      id: string;
      query_text: string;
      filters: Record<string, unknown> | null;
      sort_by: string | null;
      results_count: number;
      response_time_ms: number | null;
      cache_hit: boolean;
      clicked: string[] | null;
      rate: number | null;
      searched_at: Date;
    }[]
  >`
    SELECT id, query_text, filters, sort_by, results_count, response_time_ms, cache_hit,
           clicked_results::text[] AS clicked, click_through_rate::float8 AS rate, searched_at
      FROM search_history
     WHERE user_id = ${userId}::uuid
       AND (${after?.searchedAt ?? null}::timestamptz IS NULL
            OR (searched_at, id) < (${after?.searchedAt ?? null}::timestamptz, ${after?.id ?? null}::uuid))
     ORDER BY searched_at DESC, id DESC
     LIMIT ${limit}`;
  return rows.map((row) => ({
    id: row.id,
    queryText: row.query_text,
    filters: row.filters ?? {},
    sortBy: row.sort_by,
    resultsCount: row.results_count,
    responseTimeMs: row.response_time_ms,
    cacheHit: row.cache_hit,
    clickedResults: row.clicked ?? [],
    clickThroughRate: row.rate,
    searchedAt: row.searched_at,
  }));
}

export interface SearchAnalytics {
  totals: {
    searches: number;
    avgResponseTimeMs: number | null;
    clickThroughRate: number | null;
    cacheHitRate: number | null;
  };
  daily: { date: string; searches: number; avgResponseTimeMs: number | null; clickThroughRate: number | null }[];
}

/** The caller's searches over the last `days` days: per day and in total (tenant path). */
export async function searchAnalytics(tx: Tx, userId: string, days: number): Promise<SearchAnalytics> {
  if (!Number.isInteger(days) || days < 1 || days > 366) throw new RangeError(`days must be 1..366, got ${days}`);
  const rows = await tx.$queryRaw<
    { day: Date | null; searches: bigint; avg_ms: number | null; ctr: number | null; cache_rate: number | null }[]
  >`
    SELECT date_trunc('day', searched_at) AS day, count(*) AS searches, avg(response_time_ms)::float8 AS avg_ms,
           avg(COALESCE(click_through_rate, 0))::float8 AS ctr, avg(cache_hit::int)::float8 AS cache_rate
      FROM search_history
     WHERE user_id = ${userId}::uuid AND searched_at >= now() - make_interval(days => ${days})
     GROUP BY GROUPING SETS ((date_trunc('day', searched_at)), ())
     ORDER BY 1 DESC NULLS FIRST`;
  const total = rows.find((row) => row.day === null);
  return {
    totals: {
      searches: Number(total?.searches ?? 0),
      avgResponseTimeMs: total?.avg_ms ?? null,
      clickThroughRate: total?.ctr ?? null,
      cacheHitRate: total?.cache_rate ?? null,
    },
    daily: rows
      .filter((row) => row.day !== null)
      .map((row) => ({
        date: row.day!.toISOString().slice(0, 10),
        searches: Number(row.searches),
        avgResponseTimeMs: row.avg_ms,
        clickThroughRate: row.ctr,
      })),
  };
}
