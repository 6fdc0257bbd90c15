import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { isDeepStrictEqual } from 'node:util';
import {
  DomainError,
  COST_INCURRED_V1,
  MEDIA_DELETED_V1,
  MEDIA_UPDATED_V1,
  MEDIA_UPLOADED_V1,
  type MediaChanges,
  type MediaDetail,
  type MediaListFilters,
  type MediaSummary,
  type ProcessingJobView,
  type RequestOf,
  type MEDIA_REGISTER_V1,
} from '@ams/contracts';
import { Database, type Tx } from '@ams/db';
import { Outbox } from '@ams/messaging';
import { priceOf, priceTable, type PriceTable } from '@ams/providers';
import { LibraryRepository } from './library.repository';
import { toMediaDetail, toMediaSummary, toProcessingJobView, type MediaFileRecord } from './media-view';
import { decodeCursor, encodeCursor } from './page-cursor';

const QUOTA_REFUSALS = {
  uploads: ['UPLOAD_QUOTA_EXCEEDED', 'You have used all uploads of your plan for this month.'],
  storage: ['STORAGE_QUOTA_EXCEEDED', 'This file would exceed the storage of your plan.'],
  file_size: ['FILE_TOO_LARGE', 'This file is larger than your plan allows.'],
} as const;

/** A user's media library: recording uploads against the quota, reading, editing, deleting. */
@Injectable()
export class LibraryService {
  private readonly logger = new Logger(LibraryService.name);

  private readonly prices: PriceTable;

  constructor(
    private readonly database: Database,
    private readonly files: LibraryRepository,
    private readonly outbox: Outbox,
    config: ConfigService,
  ) {
    this.prices = priceTable(config.get<string>('PROVIDER_PRICES'));
  }

  /**
   * Record a stored, inspected file: quota counted, row written and `media.uploaded` queued in
   * one transaction, so either all happen or none. Registering the same id twice is a no-op.
   */
  register(request: RequestOf<typeof MEDIA_REGISTER_V1>): Promise<MediaDetail> {
    const { userId, mediaId } = request;
    return this.database.tenant(userId, async (tx) => {
      const existing = await this.files.findActive(tx, mediaId);
      if (existing) return toMediaDetail(existing);
      const reservation = await this.files.reserveUpload(tx, userId, request.sizeBytes);
      if (!reservation.ok) {
        const [code, message] = QUOTA_REFUSALS[reservation.exceeded];
        throw new DomainError(code, message, { limit: reservation.limit });
      }
      const record = await this.files.insert(tx, { ...request, id: mediaId });
      await this.outbox.add(tx, MEDIA_UPLOADED_V1, {
        userId,
        mediaId,
        fileType: request.fileType,
        mimeType: request.mimeType,
        sizeBytes: request.sizeBytes,
        storage: request.storage,
        durationSeconds: request.durationSeconds ?? null,
        filename: request.originalFilename,
        width: request.width ?? null,
        height: request.height ?? null,
        hasAudio: request.hasAudio ?? false,
        subscriptionTier: reservation.tier,
        uploadedAt: record.uploadedAt.toISOString(),
      });
      if (request.storage.backend === 's3') await this.recordStoragePuts(tx, request);
      this.logger.log({ mediaId, userId, sizeBytes: request.sizeBytes }, 'media registered');
      return toMediaDetail(record);
    });
  }

  async list(
    userId: string,
    limit: number,
    cursor: string | undefined,
    filters: MediaListFilters,
  ): Promise<{ items: MediaSummary[]; nextCursor: string | null }> {
    const after = cursor ? decodeCursor(cursor) : undefined;
    // One extra row tells whether another page exists.
    const rows = await this.database.tenant(userId, (tx) => this.files.page(tx, limit + 1, after, filters));
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor = rows.length > limit && last ? encodeCursor({ uploadedAt: last.position_at, id: last.id }) : null;
    return { items: page.map(toMediaSummary), nextCursor };
  }

  /** Another user's file and a missing one look the same: RLS hides it, and we say "not found". */
  get(userId: string, mediaId: string): Promise<MediaDetail> {
    return this.database.tenant(userId, async (tx) => toMediaDetail(await this.owned(tx, mediaId)));
  }

  /** Edit the user's own facts; a real change is announced (`media.updated`) in the same transaction. */
  update(userId: string, mediaId: string, changes: MediaChanges): Promise<MediaDetail> {
    return this.database.tenant(userId, async (tx) => {
      const before = await this.owned(tx, mediaId);
      const after = await this.files.update(tx, mediaId, changes);
      const changed = changedFacts(before, after);
      if (changed.length > 0) {
        await this.outbox.add(tx, MEDIA_UPDATED_V1, {
          userId,
          mediaId,
          changed,
          updatedAt: after.updatedAt.toISOString(),
        });
        this.logger.log({ mediaId, userId, changed }, 'media updated');
      }
      return toMediaDetail(after);
    });
  }

  /** Soft delete: hidden at once, storage counter given back, bytes removed by the cleanup consumer. */
  remove(userId: string, mediaId: string): Promise<{ id: string; deletedAt: string }> {
    return this.database.tenant(userId, async (tx) => {
      const file = await this.owned(tx, mediaId);
      const deleted = await this.files.softDelete(tx, mediaId, new Date());
      const sizeBytes = Number(file.fileSizeBytes);
      await this.files.releaseStorage(tx, userId, sizeBytes);
      const deletedAt = deleted.updatedAt.toISOString();
      await this.outbox.add(tx, MEDIA_DELETED_V1, {
        userId,
        mediaId,
        sizeBytes,
        storage: { bucket: file.s3Bucket, key: file.s3Key, thumbnailKey: file.thumbnailS3Key },
        deletedAt,
      });
      this.logger.log({ mediaId, userId }, 'media deleted');
      return { id: mediaId, deletedAt };
    });
  }

  jobs(userId: string, mediaId: string): Promise<ProcessingJobView[]> {
    return this.database.tenant(userId, async (tx) => {
      await this.owned(tx, mediaId);
      return (await this.files.processingJobs(tx, mediaId)).map(toProcessingJobView);
    });
  }

  /**
   * The S3 PUTs the gateway made for this file (the original and its thumbnail), billed to the
   * user with the file. A multipart upload's extra part requests are not counted.
   */
  private async recordStoragePuts(tx: Tx, request: RequestOf<typeof MEDIA_REGISTER_V1>): Promise<void> {
    const units = request.storage.thumbnailKey ? 2 : 1;
    await this.outbox.add(tx, COST_INCURRED_V1, {
      userId: request.userId,
      mediaId: request.mediaId,
      jobId: null,
      provider: 'aws',
      item: 's3.PutObject',
      units,
      amountUsd: priceOf(this.prices, 's3.PutObject', units).amountUsd,
      durationMs: 0,
      incurredAt: new Date().toISOString(),
    });
  }

  private async owned(tx: Parameters<Parameters<Database['tenant']>[1]>[0], mediaId: string) {
    const file = await this.files.findActive(tx, mediaId);
    if (!file) throw new DomainError('MEDIA_NOT_FOUND', 'No media with this id.', { mediaId });
    return file;
  }
}

type EditableFact = 'tags' | 'customMetadata' | 'isPrivate';

/** Which of the user's facts an edit actually changed (sending the same tags again changes nothing). */
function changedFacts(before: MediaFileRecord, after: MediaFileRecord): EditableFact[] {
  const changed: EditableFact[] = [];
  if (!isDeepStrictEqual(before.tags ?? [], after.tags ?? [])) changed.push('tags');
  if (!isDeepStrictEqual(before.customMetadata ?? {}, after.customMetadata ?? {})) changed.push('customMetadata');
  if (before.isPrivate !== after.isPrivate) changed.push('isPrivate');
  return changed;
}
