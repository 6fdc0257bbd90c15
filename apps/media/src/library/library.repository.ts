import { Injectable } from '@nestjs/common';
import type { MediaChanges, MediaDetail } from '@ams/contracts';
import {
  listMediaPage,
  releaseStorage,
  reserveUpload,
  type MediaPageFilters,
  type MediaPagePosition,
  type Tx,
} from '@ams/db';
import type { MediaFileRecord, ProcessingJobRecord } from './media-view';

export interface NewMediaFile {
  id: string;
  userId: string;
  filename: string;
  originalFilename: string;
  fileType: 'image' | 'video';
  mimeType: string;
  sizeBytes: number;
  storage: MediaDetail['storage'];
  width?: number;
  height?: number;
  durationSeconds?: number;
  frameRate?: number;
  hasAudio?: boolean;
  tags: string[];
  isPrivate: boolean;
  customMetadata: Record<string, unknown>;
}

/** The only place the media service touches the database; every call runs in the caller's transaction. */
@Injectable()
export class LibraryRepository {
  reserveUpload(tx: Tx, userId: string, sizeBytes: number) {
    return reserveUpload(tx, userId, sizeBytes);
  }

  releaseStorage(tx: Tx, userId: string, sizeBytes: number) {
    return releaseStorage(tx, userId, sizeBytes);
  }

  insert(tx: Tx, file: NewMediaFile): Promise<MediaFileRecord> {
    return tx.mediaFile.create({
      data: {
        id: file.id,
        userId: file.userId,
        filename: file.filename,
        originalFilename: file.originalFilename,
        fileType: file.fileType,
        mimeType: file.mimeType,
        fileSizeBytes: BigInt(file.sizeBytes),
        s3Key: file.storage.key,
        s3Bucket: file.storage.bucket,
        thumbnailS3Key: file.storage.thumbnailKey,
        width: file.width,
        height: file.height,
        durationSeconds: file.durationSeconds,
        frameRate: file.frameRate,
        hasAudio: file.hasAudio ?? false,
        tags: file.tags,
        isPrivate: file.isPrivate,
        customMetadata: file.customMetadata as object,
      },
    });
  }

  findActive(tx: Tx, id: string): Promise<MediaFileRecord | null> {
    return tx.mediaFile.findFirst({ where: { id, deletedAt: null } });
  }

  page(tx: Tx, limit: number, after: MediaPagePosition | undefined, filters: MediaPageFilters) {
    return listMediaPage(tx, { limit, after, filters });
  }

  update(tx: Tx, id: string, changes: MediaChanges): Promise<MediaFileRecord> {
    return tx.mediaFile.update({
      where: { id },
      data: {
        tags: changes.tags,
        isPrivate: changes.isPrivate,
        customMetadata: changes.customMetadata as object | undefined,
      },
    });
  }

  softDelete(tx: Tx, id: string, at: Date): Promise<MediaFileRecord> {
    return tx.mediaFile.update({ where: { id }, data: { status: 'deleted', deletedAt: at } });
  }

  /** Read-only view of the analysis service's jobs for one file. */
  processingJobs(tx: Tx, mediaId: string): Promise<ProcessingJobRecord[]> {
    return tx.processingJob.findMany({
      where: { mediaFileId: mediaId },
      orderBy: [{ queuedAt: 'asc' }, { id: 'asc' }],
      select: {
        id: true,
        jobType: true,
        status: true,
        priority: true,
        progressPercentage: true,
        attempts: true,
        maxAttempts: true,
        errorMessage: true,
        queuedAt: true,
        startedAt: true,
        completedAt: true,
        estimatedCompletionAt: true,
      },
    });
  }
}
