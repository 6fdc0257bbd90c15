import { Prisma } from '../generated/prisma/client';
import type { Tx } from '../database';
import { modelSql, vectorText, type EmbeddingModelRef } from './sql-names';

/**
 * Up to this many rows of one user (for one model), an exact scan of that user's rows beats the
 * HNSW index: it is always complete and, at this size, as fast. Above it the HNSW path wins.
 * Chosen from bench/vector-search (see bench/README.md).
 */
export const EXACT_SCAN_MAX_ROWS = 3000;

export type VectorSearchPath = 'exact' | 'hnsw';

export interface NearestQuery {
  userId: string;
  model: EmbeddingModelRef;
  vector: readonly number[];
  k: number;
  /** Force a path (benchmarks and tests); normally chosen by the user's row count. */
  path?: VectorSearchPath;
  /** Largest user (in rows of this model) still served by the exact scan. */
  exactScanMaxRows?: number;
}

export interface NearestEmbedding {
  embeddingId: string;
  mediaFileId: string;
  segmentType: string | null;
  startTimeSeconds: number | null;
  endTimeSeconds: number | null;
  /** Cosine distance: 0 identical, 2 opposite. */
  distance: number;
}

export interface NearestResult {
  path: VectorSearchPath;
  rows: NearestEmbedding[];
}

type Row = {
  embedding_id: string;
  media_file_id: string;
  segment_type: string | null;
  start_time_seconds: Prisma.Decimal | null;
  end_time_seconds: Prisma.Decimal | null;
  distance: number;
};

/**
 * The k embeddings of one user nearest to `vector`. A plain HNSW scan filtered by user returns
 * too few rows for a small user (the index walks the whole graph's neighbourhood, most of it
 * other users'), and iterative scans alone do not guarantee k either. So: small users get an
 * exact scan of their own rows through the owner index; large users the model's HNSW index with
 * an iterative scan, falling back to the exact scan if it still comes back short.
 */
export async function nearestEmbeddings(tx: Tx, query: NearestQuery): Promise<NearestResult> {
  if (!Number.isInteger(query.k) || query.k < 1 || query.k > 1000) throw new RangeError(`k must be 1..1000, got ${query.k}`);
  const threshold = query.exactScanMaxRows ?? EXACT_SCAN_MAX_ROWS;
  const path = query.path ?? ((await ownRowsAbove(tx, query, threshold)) ? 'hnsw' : 'exact');
  if (path === 'exact') return { path, rows: await exactScan(tx, query) };

  const rows = await hnswScan(tx, query);
  if (rows.length < query.k && (await ownRowsAbove(tx, query, rows.length))) {
    return { path: 'exact', rows: await exactScan(tx, query) };
  }
  return { path, rows };
}

/** Whether the user has more than `limit` rows of the model; reads at most limit + 1 of them. */
async function ownRowsAbove(tx: Tx, { userId, model }: NearestQuery, limit: number): Promise<boolean> {
  const { name } = modelSql(model);
  const [row] = await tx.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM (
      SELECT 1 FROM media_embeddings
      WHERE user_id = ${userId}::uuid AND embedding_model = ${name}
      LIMIT ${limit + 1}
    ) own`;
  return Number(row?.n ?? 0) > limit;
}

async function exactScan(tx: Tx, { userId, model, vector, k }: NearestQuery): Promise<NearestEmbedding[]> {
  const { name, vectorType } = modelSql(model);
  const literal = vectorText(vector, model.dimensions);
  // MATERIALIZED keeps the planner from answering the ORDER BY with the HNSW index.
  const rows = await tx.$queryRaw<Row[]>`
    WITH own AS MATERIALIZED (
      SELECT id, media_file_id, segment_type, start_time_seconds, end_time_seconds, embedding::${vectorType} AS v
      FROM media_embeddings
      WHERE user_id = ${userId}::uuid AND embedding_model = ${name}
    )
    SELECT id AS embedding_id, media_file_id, segment_type, start_time_seconds, end_time_seconds,
           (v <=> ${literal}::${vectorType})::float8 AS distance
    FROM own ORDER BY distance LIMIT ${k}`;
  return rows.map(toNearest);
}

async function hnswScan(tx: Tx, { userId, model, vector, k }: NearestQuery): Promise<NearestEmbedding[]> {
  const { name, vectorType } = modelSql(model);
  const literal = vectorText(vector, model.dimensions);
  // Transaction-local: keep walking the graph until k rows pass the user filter; never sort a
  // user's rows instead of using the index.
  await tx.$executeRawUnsafe(`SET LOCAL hnsw.iterative_scan = 'relaxed_order'`);
  await tx.$executeRawUnsafe(`SET LOCAL hnsw.ef_search = ${Math.max(40, k * 2)}`);
  await tx.$executeRawUnsafe(`SET LOCAL enable_sort = off`);
  const rows = await tx.$queryRaw<Row[]>`
    WITH candidates AS MATERIALIZED (
      SELECT id, media_file_id, segment_type, start_time_seconds, end_time_seconds,
             (embedding::${vectorType} <=> ${literal}::${vectorType})::float8 AS distance
      FROM media_embeddings
      WHERE embedding_model = ${name} AND user_id = ${userId}::uuid
      ORDER BY embedding::${vectorType} <=> ${literal}::${vectorType}
      LIMIT ${k}
    )
    SELECT id AS embedding_id, media_file_id, segment_type, start_time_seconds, end_time_seconds, distance
    FROM candidates ORDER BY distance`;
  await tx.$executeRawUnsafe(`SET LOCAL enable_sort = on`);
  return rows.map(toNearest);
}

function toNearest(row: Row): NearestEmbedding {
  return {
    embeddingId: row.embedding_id,
    mediaFileId: row.media_file_id,
    segmentType: row.segment_type,
    startTimeSeconds: row.start_time_seconds === null ? null : Number(row.start_time_seconds),
    endTimeSeconds: row.end_time_seconds === null ? null : Number(row.end_time_seconds),
    distance: row.distance,
  };
}
