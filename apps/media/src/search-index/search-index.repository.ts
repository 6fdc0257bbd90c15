import { Injectable } from '@nestjs/common';
import { markMediaIndexed, recordMediaIndexError, type MediaIndexRow, type Tx } from '@ams/db';

/** Whether a file is searchable, as embedding-search reports it; each write moves forward only (see @ams/db). */
@Injectable()
export class SearchIndexRepository {
  markIndexed(tx: Tx, media: { mediaId: string; userId: string }, indexedAt: Date): Promise<MediaIndexRow | null> {
    return markMediaIndexed(tx, media, indexedAt);
  }

  recordIndexError(tx: Tx, media: { mediaId: string; userId: string }, failedAt: Date, message: string) {
    return recordMediaIndexError(tx, media, failedAt, message);
  }
}
