import type { Prisma } from '../generated/prisma/client';
import type { Tx } from '../database';
import { assertEmbeddingModel, vectorText, type EmbeddingModelRef } from './sql-names';

/**
 * An exact scan of one user's rows costs about rows x dimensions; up to this many values it is
 * as fast as the HNSW index and always complete (about 2,600 rows at 384-d, 650 at 1536-d).
 * Above it the HNSW path wins. Chosen from bench/vector-search (see bench/README.md).
 */
export const EXACT_SCAN_MAX_VALUES = 1_000_000;

/** The largest user (in rows of a model of `dimensions`) still served by the exact scan. */
export function exactScanMaxRows(dimensions: number): number {
  return Math.floor(EXACT_SCAN_MAX_VALUES / dimensions);
}

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
  /** HNSW candidate list size (recall against speed); the database picks one by default. */
  efSearch?: number;
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
  if (!Number.isInteger(query.k) || query.k < 1 || query.k > 1000)
    throw new RangeError(`k must be 1..1000, got ${query.k}`);
  assertEmbeddingModel(query.model);
  const literal = vectorText(query.vector, query.model.dimensions);
  const threshold = query.exactScanMaxRows ?? exactScanMaxRows(query.model.dimensions);
  const rows = await tx.$queryRaw<(Row & { path: VectorSearchPath })[]>`
    SELECT * FROM nearest_embeddings(${query.userId}::uuid, ${query.model.name}, ${literal}::vector, ${query.k}::int,
      ${threshold}::int, ${query.path ?? null}::text, ${query.efSearch ?? null}::int)`;
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
