import type { Tx } from '../database';
import { assertEmbeddingModel, vectorText, type EmbeddingModelRef } from './sql-names';

export interface NewEmbedding {
  mediaFileId: string;
  userId: string;
  model: EmbeddingModelRef;
  vector: readonly number[];
  sourceText: string;
  segmentType?: 'full' | 'temporal' | 'audio' | 'visual';
  startTimeSeconds?: number | null;
  endTimeSeconds?: number | null;
  confidenceScore?: number | null;
}

/** Store one embedding (vector columns are outside Prisma's types, hence SQL). Returns its id. */
export async function insertEmbedding(tx: Tx, row: NewEmbedding): Promise<string> {
  assertEmbeddingModel(row.model);
  const literal = vectorText(row.vector, row.model.dimensions);
  const [inserted] = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO media_embeddings (media_file_id, user_id, embedding, embedding_dimensions, source_text,
      embedding_model, segment_type, start_time_seconds, end_time_seconds, confidence_score)
    VALUES (${row.mediaFileId}::uuid, ${row.userId}::uuid, ${literal}::vector, ${row.model.dimensions}, ${row.sourceText},
      ${row.model.name}, ${row.segmentType ?? 'full'}, ${row.startTimeSeconds ?? null}, ${row.endTimeSeconds ?? null},
      ${row.confidenceScore ?? null})
    RETURNING id`;
  if (!inserted) throw new Error('INSERT … RETURNING returned no row');
  return inserted.id;
}

/** The model searches use and new embeddings are written with. */
export async function activeEmbeddingModel(tx: Tx): Promise<EmbeddingModelRef> {
  const model = await tx.embeddingModel.findFirst({
    where: { isActive: true },
    select: { name: true, dimensions: true },
  });
  if (!model) throw new Error('no active embedding model: exactly one row of embedding_models must be active');
  return model;
}
