import { Injectable } from '@nestjs/common';
import type { AnalysisResult } from '@ams/contracts';
import {
  markMediaFailed,
  markMediaProcessing,
  markMediaQueued,
  storeMediaAnalysis,
  type MediaStatusRow,
  type Tx,
} from '@ams/db';

export type StatusRow = MediaStatusRow;

/** Status and results from the analysis service; each write moves the file forward only (see @ams/db). */
@Injectable()
export class AnalysisResultsRepository {
  markQueued(tx: Tx, mediaId: string, queuedAt: Date): Promise<StatusRow | null> {
    return markMediaQueued(tx, mediaId, queuedAt);
  }

  markProcessing(tx: Tx, mediaId: string, startedAt: Date): Promise<StatusRow | null> {
    return markMediaProcessing(tx, mediaId, startedAt);
  }

  storeResult(tx: Tx, mediaId: string, completedAt: Date, result: AnalysisResult): Promise<StatusRow | null> {
    return storeMediaAnalysis(tx, mediaId, completedAt, {
      summary: result.summary,
      labels: result.labels,
      facesCount: result.facesCount,
      text: result.text,
      transcription: result.transcription,
      sentiment: result.sentiment,
      contentWarnings: result.contentWarnings.map((warning) => warning.name),
      // Facts the spec has no column for; media-view reads them back.
      details: {
        keyPhrases: result.keyPhrases,
        transcriptSegments: result.segments
          .filter((segment) => segment.kind === 'audio' && segment.transcript)
          .map((segment) => ({ start: segment.start, end: segment.end, text: segment.transcript! })),
        dominantColors: result.dominantColors,
        exif: result.exif,
        celebrities: result.celebrities,
        contentWarnings: result.contentWarnings,
        providers: result.providers,
      },
      takenAt: result.exif.takenAt ? takenAtInstant(result.exif.takenAt) : null,
    });
  }

  markFailed(tx: Tx, mediaId: string, failedAt: Date, message: string): Promise<StatusRow | null> {
    return markMediaFailed(tx, mediaId, failedAt, message);
  }
}

/** A camera's wall-clock time without a zone is kept as if it were UTC (the server's zone must not decide). */
export function takenAtInstant(takenAt: string): Date {
  return new Date(/(Z|[+-]\d{2}:?\d{2})$/.test(takenAt) ? takenAt : `${takenAt}Z`);
}
