import type { Prisma } from '../generated/prisma/client';
import type { Tx } from '../database';
import { assertEmbeddingModel, vectorText, type EmbeddingModelRef } from './sql-names';

export type SegmentType = 'full' | 'temporal' | 'audio' | 'visual';

/**
 * The texts of one row's full-text document by weight class: ts_rank_cd ranks a word in A (tags,
 * labels, filename) above the same word in D (custom metadata).
 */
export interface WeightedDocument {
  a: string;
  b: string;
  c: string;
  d: string;
}

export interface IndexedRow {
  vector: readonly number[];
  sourceText: string;
  document: WeightedDocument;
  segmentType: SegmentType;
  startTimeSeconds: number | null;
  endTimeSeconds: number | null;
  confidenceScore: number | null;
  sourceQuality: 'high' | 'medium' | 'low' | null;
}

/**
 * Replace one file's rows of one model with `rows` in one statement pair: a redelivered event or
 * a re-embedding leaves exactly the new set. Writes nothing for a deleted file (returns 0).
 * Service path (the embedding-search service writes for every user).
 */
export async function replaceMediaEmbeddings(
  tx: Tx,
  target: { mediaFileId: string; userId: string; model: EmbeddingModelRef },
  rows: readonly IndexedRow[],
  onlySegmentTypes?: readonly SegmentType[],
): Promise<number> {
  assertEmbeddingModel(target.model);
  const { mediaFileId, userId, model } = target;
  await tx.$executeRaw`
    DELETE FROM media_embeddings
     WHERE media_file_id = ${mediaFileId}::uuid AND embedding_model = ${model.name}
       AND (${onlySegmentTypes ?? null}::text[] IS NULL OR segment_type = ANY(${onlySegmentTypes ?? null}::text[]))`;
  if (rows.length === 0) return 0;
  const column = <T>(pick: (row: IndexedRow) => T) => rows.map(pick);
  return tx.$executeRaw`
    INSERT INTO media_embeddings (media_file_id, user_id, embedding, embedding_dimensions, embedding_model,
      source_text, search_document, segment_type, start_time_seconds, end_time_seconds, confidence_score, source_quality)
    SELECT ${mediaFileId}::uuid, ${userId}::uuid, r.vector::vector, ${model.dimensions}, ${model.name},
      r.source_text,
      setweight(to_tsvector('english', r.a), 'A') || setweight(to_tsvector('english', r.b), 'B') ||
      setweight(to_tsvector('english', r.c), 'C') || setweight(to_tsvector('english', r.d), 'D'),
      r.segment_type, r.start_s, r.end_s, r.confidence, r.quality
    FROM unnest(
      ${column((row) => vectorText(row.vector, model.dimensions))}::text[],
      ${column((row) => row.sourceText)}::text[],
      ${column((row) => row.document.a)}::text[], ${column((row) => row.document.b)}::text[],
      ${column((row) => row.document.c)}::text[], ${column((row) => row.document.d)}::text[],
      ${column((row) => row.segmentType)}::text[],
      ${column((row) => row.startTimeSeconds)}::numeric[], ${column((row) => row.endTimeSeconds)}::numeric[],
      ${column((row) => row.confidenceScore)}::numeric[], ${column((row) => row.sourceQuality)}::text[]
    ) AS r(vector, source_text, a, b, c, d, segment_type, start_s, end_s, confidence, quality)
    WHERE EXISTS (SELECT 1 FROM media_files m WHERE m.id = ${mediaFileId}::uuid AND m.deleted_at IS NULL)`;
}

/** Everything known about a file that search embeds, read from media_files (service path, read-only). */
export interface MediaSearchFacts {
  mediaId: string;
  userId: string;
  fileType: 'image' | 'video';
  filename: string;
  originalFilename: string;
  tags: string[];
  customMetadata: Record<string, unknown>;
  summary: string | null;
  labels: { name: string; confidence: number }[];
  facesCount: number | null;
  text: string[];
  transcription: string | null;
  keyPhrases: string[];
  durationSeconds: number | null;
  /** The stored thumbnail (what image embedders look at), if any. */
  thumbnailKey: string | null;
  status: string;
  deleted: boolean;
}

type FactsRow = {
  id: string;
  user_id: string;
  file_type: 'image' | 'video';
  filename: string;
  original_filename: string;
  tags: string[] | null;
  custom_metadata: Record<string, unknown> | null;
  ai_summary: string | null;
  detected_labels: unknown;
  detected_faces_count: number | null;
  detected_text: string[] | null;
  transcription_text: string | null;
  analysis_details: Record<string, unknown> | null;
  duration_seconds: Prisma.Decimal | null;
  thumbnail_s3_key: string | null;
  status: string;
  deleted_at: Date | null;
};

export async function mediaSearchFacts(tx: Tx, mediaIds: readonly string[]): Promise<MediaSearchFacts[]> {
  if (mediaIds.length === 0) return [];
  const rows = await tx.$queryRaw<FactsRow[]>`
    SELECT id, user_id, file_type, filename, original_filename, tags, custom_metadata, ai_summary, detected_labels,
           detected_faces_count, detected_text, transcription_text, analysis_details, duration_seconds, thumbnail_s3_key,
           status, deleted_at
      FROM media_files WHERE id = ANY(${mediaIds}::uuid[])`;
  return rows.map((row) => {
    const details = row.analysis_details ?? {};
    const labels = Array.isArray(row.detected_labels) ? (row.detected_labels as MediaSearchFacts['labels']) : [];
    return {
      mediaId: row.id,
      userId: row.user_id,
      fileType: row.file_type,
      filename: row.filename,
      originalFilename: row.original_filename,
      tags: row.tags ?? [],
      customMetadata: row.custom_metadata ?? {},
      summary: row.ai_summary,
      labels: labels.filter((label) => typeof label?.name === 'string'),
      facesCount: row.detected_faces_count,
      text: row.detected_text ?? [],
      transcription: row.transcription_text,
      keyPhrases: Array.isArray(details['keyPhrases']) ? (details['keyPhrases'] as string[]) : [],
      durationSeconds: row.duration_seconds === null ? null : Number(row.duration_seconds),
      thumbnailKey: row.thumbnail_s3_key,
      status: row.status,
      deleted: row.deleted_at !== null,
    };
  });
}

/** A file's stored rows of one model (to re-embed them with another model). Service path. */
export interface StoredRow {
  sourceText: string;
  segmentType: SegmentType;
  startTimeSeconds: number | null;
  endTimeSeconds: number | null;
  confidenceScore: number | null;
  sourceQuality: 'high' | 'medium' | 'low' | null;
}

export async function storedRowsOf(tx: Tx, mediaFileId: string, modelName: string): Promise<StoredRow[]> {
  const rows = await tx.$queryRaw<
    {
      source_text: string;
      segment_type: SegmentType;
      start_time_seconds: Prisma.Decimal | null;
      end_time_seconds: Prisma.Decimal | null;
      confidence_score: Prisma.Decimal | null;
      source_quality: StoredRow['sourceQuality'];
    }[]
  >`
    SELECT source_text, segment_type, start_time_seconds, end_time_seconds, confidence_score, source_quality
      FROM media_embeddings WHERE media_file_id = ${mediaFileId}::uuid AND embedding_model = ${modelName}
     ORDER BY segment_type, start_time_seconds NULLS FIRST`;
  const num = (value: Prisma.Decimal | null) => (value === null ? null : Number(value));
  return rows.map((row) => ({
    sourceText: row.source_text,
    segmentType: row.segment_type,
    startTimeSeconds: num(row.start_time_seconds),
    endTimeSeconds: num(row.end_time_seconds),
    confidenceScore: num(row.confidence_score),
    sourceQuality: row.source_quality,
  }));
}

/** Register a model (idempotent) and make sure its partial HNSW index exists. Service path. */
export async function ensureEmbeddingModel(
  tx: Tx,
  model: EmbeddingModelRef & { provider: string },
): Promise<{ active: boolean }> {
  assertEmbeddingModel(model);
  await tx.$executeRaw`
    INSERT INTO embedding_models (name, dimensions, provider) VALUES (${model.name}, ${model.dimensions}, ${model.provider})
    ON CONFLICT (name) DO NOTHING`;
  const [row] = await tx.$queryRaw<{ dimensions: number; is_active: boolean }[]>`
    SELECT dimensions, is_active FROM embedding_models WHERE name = ${model.name}`;
  if (!row || row.dimensions !== model.dimensions) {
    throw new Error(
      `embedding model ${model.name} is registered with ${row?.dimensions} dimensions, not ${model.dimensions}`,
    );
  }
  await tx.$queryRaw`SELECT create_embedding_model_index(${model.name})`;
  return { active: row.is_active };
}

/** Make `modelName` the model searches use (exactly one is active). Service path. */
export async function activateEmbeddingModel(tx: Tx, modelName: string): Promise<void> {
  await tx.$executeRaw`UPDATE embedding_models SET is_active = false WHERE is_active AND name <> ${modelName}`;
  const updated = await tx.$executeRaw`UPDATE embedding_models SET is_active = true WHERE name = ${modelName}`;
  if (updated !== 1) throw new Error(`unknown embedding model ${modelName}`);
}

/** A deleted file's rows go: nothing searches them any more. Service path. */
export async function deleteMediaEmbeddings(tx: Tx, mediaFileId: string): Promise<number> {
  return tx.$executeRaw`DELETE FROM media_embeddings WHERE media_file_id = ${mediaFileId}::uuid`;
}

/** The file's embedding_generation job (its costs are recorded against it), or null. Service path, read-only. */
export async function embeddingJobId(tx: Tx, mediaFileId: string): Promise<string | null> {
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM processing_jobs WHERE media_file_id = ${mediaFileId}::uuid AND job_type = 'embedding_generation'`;
  return row?.id ?? null;
}
