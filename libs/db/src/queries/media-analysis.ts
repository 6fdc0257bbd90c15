import type { Tx } from '../database';

/** The file's status after a change from analysis, and whose it is (to announce the change). */
export interface MediaStatusRow {
  status: string;
  userId: string;
}

/** What analysis found, in media_files' own columns. */
export interface MediaAnalysisColumns {
  summary: string;
  labels: unknown[];
  facesCount: number;
  text: string[];
  transcription: string | null;
  sentiment: string | null;
  contentWarnings: string[];
  details: Record<string, unknown>;
  takenAt: Date | null;
}

// Each write moves the file forward only: events arrive late or twice, and an old one must never
// undo a newer state. Each returns null when it did not apply. Service path.

/** Waiting for analysis (first time, or again after a reprocess of a failed file). */
export async function markMediaQueued(tx: Tx, mediaId: string, queuedAt: Date): Promise<MediaStatusRow | null> {
  const rows = await tx.$queryRaw<MediaStatusRow[]>`
    UPDATE media_files SET status = 'queued', processing_error = NULL, processing_started_at = NULL,
           processing_completed_at = NULL, updated_at = now()
    WHERE id = ${mediaId}::uuid AND deleted_at IS NULL
      AND (status = 'uploaded' OR (status = 'failed' AND processing_completed_at < ${queuedAt}))
    RETURNING status, user_id AS "userId"`;
  return rows[0] ?? null;
}

export async function markMediaProcessing(tx: Tx, mediaId: string, startedAt: Date): Promise<MediaStatusRow | null> {
  const rows = await tx.$queryRaw<MediaStatusRow[]>`
    UPDATE media_files SET status = 'processing', processing_started_at = ${startedAt}, updated_at = now()
    WHERE id = ${mediaId}::uuid AND deleted_at IS NULL AND status IN ('uploaded', 'queued')
    RETURNING status, user_id AS "userId"`;
  return rows[0] ?? null;
}

export async function storeMediaAnalysis(
  tx: Tx,
  mediaId: string,
  completedAt: Date,
  found: MediaAnalysisColumns,
): Promise<MediaStatusRow | null> {
  const rows = await tx.$queryRaw<MediaStatusRow[]>`
    UPDATE media_files SET
      status = 'completed', processing_completed_at = ${completedAt}, processing_error = NULL,
      processing_started_at = COALESCE(processing_started_at, ${completedAt}),
      ai_summary = ${found.summary},
      detected_labels = ${JSON.stringify(found.labels)}::jsonb,
      detected_faces_count = ${found.facesCount},
      detected_text = ${found.text}::text[],
      transcription_text = ${found.transcription},
      sentiment = ${found.sentiment},
      content_warnings = ${found.contentWarnings}::text[],
      analysis_details = ${JSON.stringify(found.details)}::jsonb,
      taken_at = ${found.takenAt},
      updated_at = now()
    WHERE id = ${mediaId}::uuid AND deleted_at IS NULL
      AND (processing_completed_at IS NULL OR processing_completed_at < ${completedAt})
    RETURNING status, user_id AS "userId"`;
  return rows[0] ?? null;
}

export async function markMediaFailed(
  tx: Tx,
  mediaId: string,
  failedAt: Date,
  message: string,
): Promise<MediaStatusRow | null> {
  const rows = await tx.$queryRaw<MediaStatusRow[]>`
    UPDATE media_files SET status = 'failed', processing_error = ${message},
           processing_completed_at = ${failedAt}, updated_at = now()
    WHERE id = ${mediaId}::uuid AND deleted_at IS NULL AND status <> 'completed'
      AND (processing_completed_at IS NULL OR processing_completed_at < ${failedAt})
    RETURNING status, user_id AS "userId"`;
  return rows[0] ?? null;
}

/** The file's owner, when a search-index write applied. */
export interface MediaIndexRow {
  userId: string;
  indexedAt: Date;
}

/**
 * The file became searchable at `indexedAt`: recorded forward only (a late or repeated event
 * never moves it back) and never on a deleted file. A stored index error is cleared. Service path.
 */
export async function markMediaIndexed(
  tx: Tx,
  media: { mediaId: string; userId: string },
  indexedAt: Date,
): Promise<MediaIndexRow | null> {
  const rows = await tx.$queryRaw<MediaIndexRow[]>`
    UPDATE media_files SET indexed_at = ${indexedAt}, analysis_details = analysis_details - 'indexError'
    WHERE id = ${media.mediaId}::uuid AND user_id = ${media.userId}::uuid AND deleted_at IS NULL
      AND (indexed_at IS NULL OR indexed_at < ${indexedAt})
    RETURNING user_id AS "userId", indexed_at AS "indexedAt"`;
  return rows[0] ?? null;
}

/**
 * Embedding the file failed for good: the reason is kept in analysis_details.indexError (the
 * analysis itself succeeded, so the status stays). Ignored when the file was indexed after
 * `failedAt` or is deleted. Service path.
 */
export async function recordMediaIndexError(
  tx: Tx,
  media: { mediaId: string; userId: string },
  failedAt: Date,
  message: string,
): Promise<boolean> {
  const changed = await tx.$executeRaw`
    UPDATE media_files
       SET analysis_details = jsonb_set(COALESCE(analysis_details, '{}'::jsonb), '{indexError}', to_jsonb(${message}::text))
    WHERE id = ${media.mediaId}::uuid AND user_id = ${media.userId}::uuid AND deleted_at IS NULL
      AND (indexed_at IS NULL OR indexed_at < ${failedAt})`;
  return changed > 0;
}
