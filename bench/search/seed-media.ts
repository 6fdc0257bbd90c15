/** Seeding helpers shared by the benchmarks that write media straight into the database. */
import type { Pool } from 'pg';
import { vectorText } from '@ams/db';
import type { EmbeddingModelInfo } from '@ams/embeddings';
import type { toIndexedRow } from '../../apps/embedding-search/src/indexing/indexer.service';
import type { SeedMedia } from './corpus';

/** One batch of files and their `full` rows: two statements, the rows' document as replaceMediaEmbeddings writes it. */
export async function insertBatch(
  pool: Pool,
  batch: SeedMedia[],
  indexed: ReturnType<typeof toIndexedRow>[],
  model: EmbeddingModelInfo,
): Promise<void> {
  const files = batch.map((m) => ({
    id: m.facts.mediaId,
    user_id: m.facts.userId,
    filename: m.facts.filename,
    original_filename: m.facts.originalFilename,
    file_type: m.facts.fileType,
    mime_type: m.mimeType,
    file_size_bytes: m.fileSizeBytes,
    s3_key: `media/${m.facts.userId}/${m.facts.mediaId}/${m.facts.filename}`,
    thumbnail_s3_key: m.facts.thumbnailKey,
    width: m.width,
    height: m.height,
    duration_seconds: m.facts.durationSeconds,
    has_audio: m.facts.fileType === 'video',
    ai_summary: m.facts.summary,
    detected_labels: m.facts.labels,
    detected_faces_count: m.facts.facesCount,
    detected_text: m.facts.text,
    transcription_text: m.facts.transcription,
    sentiment: m.sentiment,
    tags: m.facts.tags,
    custom_metadata: m.facts.customMetadata,
    analysis_details: { keyPhrases: m.facts.keyPhrases },
    uploaded_at: m.uploadedAt.toISOString(),
    taken_at: m.takenAt?.toISOString() ?? null,
  }));
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO media_files (id, user_id, filename, original_filename, file_type, mime_type, file_size_bytes,
         s3_key, s3_bucket, thumbnail_s3_key, status, processing_started_at, processing_completed_at, width, height,
         duration_seconds, has_audio, ai_summary, detected_labels, detected_faces_count, detected_text,
         transcription_text, sentiment, tags, custom_metadata, analysis_details, uploaded_at, taken_at, indexed_at)
       SELECT r.id, r.user_id, r.filename, r.original_filename, r.file_type, r.mime_type, r.file_size_bytes,
         r.s3_key, 'local', r.thumbnail_s3_key, 'completed', r.uploaded_at, r.uploaded_at + interval '20 seconds',
         r.width, r.height, r.duration_seconds, r.has_audio, r.ai_summary, r.detected_labels, r.detected_faces_count,
         ARRAY(SELECT jsonb_array_elements_text(r.detected_text)), r.transcription_text, r.sentiment,
         ARRAY(SELECT jsonb_array_elements_text(r.tags)), r.custom_metadata, r.analysis_details, r.uploaded_at,
         r.taken_at, r.uploaded_at + interval '30 seconds'
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, user_id uuid, filename text, original_filename text,
         file_type text, mime_type text, file_size_bytes bigint, s3_key text, thumbnail_s3_key text, width int,
         height int, duration_seconds numeric, has_audio boolean, ai_summary text, detected_labels jsonb,
         detected_faces_count int, detected_text jsonb, transcription_text text, sentiment text, tags jsonb,
         custom_metadata jsonb, analysis_details jsonb, uploaded_at timestamptz, taken_at timestamptz)`,
      [JSON.stringify(files)],
    );
    const column = <T>(pick: (row: (typeof indexed)[number], i: number) => T) => indexed.map(pick);
    await client.query(
      `INSERT INTO media_embeddings (media_file_id, user_id, embedding, embedding_dimensions, embedding_model,
         source_text, search_document, segment_type, start_time_seconds, end_time_seconds, confidence_score, source_quality)
       SELECT r.media_file_id, r.user_id, r.vector::vector, $1, $2, r.source_text,
         setweight(to_tsvector('english', r.a), 'A') || setweight(to_tsvector('english', r.b), 'B') ||
         setweight(to_tsvector('english', r.c), 'C') || setweight(to_tsvector('english', r.d), 'D'),
         r.segment_type, r.start_s, r.end_s, NULL, r.quality
       FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                   $11::text[], $12::numeric[], $13::numeric[], $14::text[])
         AS r(media_file_id, user_id, vector, source_text, a, b, c, d, segment_type, start_s, end_s, quality)`,
      [
        model.dimensions,
        model.name,
        column((_, i) => batch[i]!.facts.mediaId),
        column((_, i) => batch[i]!.facts.userId),
        column((row) => vectorText(row.vector, model.dimensions)),
        column((row) => row.sourceText),
        column((row) => row.document.a),
        column((row) => row.document.b),
        column((row) => row.document.c),
        column((row) => row.document.d),
        column((row) => row.segmentType),
        column((row) => row.startTimeSeconds),
        column((row) => row.endTimeSeconds),
        column((row) => row.sourceQuality),
      ],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
