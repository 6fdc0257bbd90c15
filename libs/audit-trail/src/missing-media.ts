import { Logger } from '@nestjs/common';
import { mediaExistsForAnotherOwner, type Database } from '@ams/db';
import type { AuditTrail } from './audit-trail';

/** The by-id operations on a media file, as named in the audit entry. */
export type MediaOperation = 'get' | 'update' | 'delete' | 'jobs' | 'reprocess';

export interface MissingMedia {
  /** The caller: the only user id the entry carries. */
  userId: string;
  mediaId: string;
  operation: MediaOperation;
}

const logger = new Logger('MissingMediaAudit');

/**
 * A by-id request found no media under the caller's RLS: record whether the id is another
 * tenant's (`access.cross_tenant`, someone probing ids) or unknown (`access.not_found`). The
 * check and the entry share one service transaction, in the background: the caller answers
 * MEDIA_NOT_FOUND at once either way, so the response never tells the two apart. The entry
 * never names the other owner nor anything of their file.
 */
export function recordMissingMedia(database: Database, audit: AuditTrail, miss: MissingMedia): void {
  const { userId, mediaId, operation } = miss;
  void database
    .service(async (tx) => {
      const ownerIsOther = await mediaExistsForAnotherOwner(tx, mediaId, userId);
      await audit.recordIn(tx, ownerIsOther ? 'access.cross_tenant' : 'access.not_found', {
        userId,
        targetType: 'media_file',
        targetId: mediaId,
        description: ownerIsOther ? "Asked for another user's media by id" : 'Asked for an unknown media id',
        metadata: { operation, ownerIsOther },
      });
    })
    .catch((error: unknown) =>
      logger.error({ err: (error as Error).message, mediaId, operation }, 'missing-media audit entry not recorded'),
    );
}
