import type { Prisma } from '../generated/prisma/client';
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
 * The k embeddings of one user nearest to `vector`, by the database function
 * `nearest_embeddings` (migration 0006): an exact scan of a small user's own rows, the model's
 * HNSW index with an iterative scan for a large user, never fewer than k rows when the user has k.
 */
export async function nearestEmbeddings(tx: Tx, query: NearestQuery): Promise<NearestResult> {
  if (!Number.isInteger(query.k) || query.k < 1 || query.k > 1000) throw new RangeError(`k must be 1..1000, got ${query.k}`);
  modelSql(query.model);
  const literal = vectorText(query.vector, query.model.dimensions);
  const threshold = query.exactScanMaxRows ?? EXACT_SCAN_MAX_ROWS;
  const rows = await tx.$queryRaw<(Row & { path: VectorSearchPath })[]>`
    SELECT * FROM nearest_embeddings(${query.userId}::uuid, ${query.model.name}, ${literal}::vector, ${query.k}::int,
      ${threshold}::int, ${query.path ?? null}::text)`;
  const nearest = rows.map(toNearest).sort((a, b) => a.distance - b.distance); // relaxed order: re-sort
  return { path: rows[0]?.path ?? query.path ?? 'exact', rows: nearest };
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
