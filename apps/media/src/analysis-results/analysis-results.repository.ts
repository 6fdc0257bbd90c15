import { Injectable } from '@nestjs/common';
import type { AnalysisResult } from '@ams/contracts';
import type { Tx } from '@ams/db';

export interface StatusRow {
  status: string;
  userId: string;
}

/**
 * Status and results from the analysis service, each written only when it moves the file
 * forward: events can arrive late or twice, and an old one must never undo a newer state.
 */
@Injectable()
export class AnalysisResultsRepository {
  /** Waiting for analysis (first time, or again after a reprocess of a failed file). */
  async markQueued(tx: Tx, mediaId: string, queuedAt: Date): Promise<StatusRow | null> {
    return first(
      await tx.$queryRaw<StatusRow[]>`
      UPDATE media_files SET status = 'queued', processing_error = NULL, processing_started_at = NULL,
             processing_completed_at = NULL, updated_at = now()
      WHERE id = ${mediaId}::uuid AND deleted_at IS NULL
        AND (status = 'uploaded' OR (status = 'failed' AND processing_completed_at < ${queuedAt}))
      RETURNING status, user_id AS "userId"`,
    );
  }

  async markProcessing(tx: Tx, mediaId: string, startedAt: Date): Promise<StatusRow | null> {
    return first(
      await tx.$queryRaw<StatusRow[]>`
      UPDATE media_files SET status = 'processing', processing_started_at = ${startedAt}, updated_at = now()
      WHERE id = ${mediaId}::uuid AND deleted_at IS NULL AND status IN ('uploaded', 'queued')
      RETURNING status, user_id AS "userId"`,
    );
  }

  async storeResult(tx: Tx, mediaId: string, completedAt: Date, result: AnalysisResult): Promise<StatusRow | null> {
    const details = {
      keyPhrases: result.keyPhrases,
      dominantColors: result.dominantColors,
      exif: result.exif,
      celebrities: result.celebrities,
      contentWarnings: result.contentWarnings,
      providers: result.providers,
    };
    return first(
      await tx.$queryRaw<StatusRow[]>`
      UPDATE media_files SET
        status = 'completed', processing_completed_at = ${completedAt}, processing_error = NULL,
        processing_started_at = COALESCE(processing_started_at, ${completedAt}),
        ai_summary = ${result.summary},
        detected_labels = ${JSON.stringify(result.labels)}::jsonb,
        detected_faces_count = ${result.facesCount},
        detected_text = ${result.text}::text[],
        transcription_text = ${result.transcription},
        sentiment = ${result.sentiment},
        content_warnings = ${result.contentWarnings.map((warning) => warning.name)}::text[],
        analysis_details = ${JSON.stringify(details)}::jsonb,
        taken_at = ${result.exif.takenAt ? new Date(result.exif.takenAt) : null},
        updated_at = now()
      WHERE id = ${mediaId}::uuid AND deleted_at IS NULL
        AND (processing_completed_at IS NULL OR processing_completed_at < ${completedAt})
      RETURNING status, user_id AS "userId"`,
    );
  }

  async markFailed(tx: Tx, mediaId: string, failedAt: Date, message: string): Promise<StatusRow | null> {
    return first(
      await tx.$queryRaw<StatusRow[]>`
      UPDATE media_files SET status = 'failed', processing_error = ${message},
             processing_completed_at = ${failedAt}, updated_at = now()
      WHERE id = ${mediaId}::uuid AND deleted_at IS NULL AND status <> 'completed'
        AND (processing_completed_at IS NULL OR processing_completed_at < ${failedAt})
      RETURNING status, user_id AS "userId"`,
    );
  }
}

function first<T>(rows: T[]): T | null {
  return rows[0] ?? null;
}
