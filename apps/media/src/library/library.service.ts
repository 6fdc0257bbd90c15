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
import { AuditTrail } from '@ams/audit-trail';
import { Database, type Tx, type UploadReservation } from '@ams/db';
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

type UploadRefusal = Extract<UploadReservation, { ok: false }>;
type Registration = { registered: MediaDetail } | { refused: UploadRefusal };

/** A user's media library: recording uploads against the quota, reading, editing, deleting. */
@Injectable()
export class LibraryService {
  private readonly logger = new Logger(LibraryService.name);

  private readonly prices: PriceTable;

  constructor(
    private readonly database: Database,
    private readonly files: LibraryRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    config: ConfigService,
  ) {
    this.prices = priceTable(config.get<string>('PROVIDER_PRICES'));
  }

  /**
   * Record a stored, inspected file: quota counted, row written and `media.uploaded` queued in
   * one transaction, so either all happen or none. Registering the same id twice is a no-op.
   * A refusal writes nothing (the reservation is conditional), so it is answered after the
   * transaction, where its audit entry can be recorded on its own.
   */
  async register(request: RequestOf<typeof MEDIA_REGISTER_V1>): Promise<MediaDetail> {
    const { userId, mediaId } = request;
    const outcome = await this.database.tenant(userId, async (tx): Promise<Registration> => {
      const existing = await this.files.findActive(tx, mediaId);
      if (existing) return { registered: toMediaDetail(existing) };
      const reservation = await this.files.reserveUpload(tx, userId, request.sizeBytes);
      if (!reservation.ok) return { refused: reservation };
      return { registered: await this.recordNewFile(tx, request, reservation.tier) };
    });
    if ('refused' in outcome) throw this.refuseUpload(request, outcome.refused);
    return outcome.registered;
  }

  /** The file's row, its `media.uploaded` event and audit entry (and S3 costs), in `tx`. */
  private async recordNewFile(
    tx: Tx,
    request: RequestOf<typeof MEDIA_REGISTER_V1>,
    subscriptionTier: 'free' | 'premium' | 'ultimate',
  ): Promise<MediaDetail> {
    const { userId, mediaId } = request;
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
      subscriptionTier,
      uploadedAt: record.uploadedAt.toISOString(),
    });
    await this.audit.recordIn(tx, 'media.uploaded', {
      userId,
      targetType: 'media_file',
      targetId: mediaId,
      // Facts about the file only: storage keys and URLs stay out of the trail.
      metadata: {
        filename: request.originalFilename,
        mimeType: request.mimeType,
        sizeBytes: request.sizeBytes,
        fileType: request.fileType,
        storageBackend: request.storage.backend ?? 'local',
      },
    });
    if (request.storage.backend === 's3') await this.recordStoragePuts(tx, request);
    this.logger.log({ mediaId, userId, sizeBytes: request.sizeBytes }, 'media registered');
    return toMediaDetail(record);
  }

  /** The error for a refused upload; a quota (not a file-size limit) refusal is audited too. */
  private refuseUpload(request: RequestOf<typeof MEDIA_REGISTER_V1>, refusal: UploadRefusal): DomainError {
    if (refusal.exceeded !== 'file_size') {
      this.audit.record('quota.exceeded', {
        userId: request.userId,
        targetType: 'media_file',
        targetId: request.mediaId, // the id the refused file would have had
        metadata: { limitKind: refusal.exceeded, limit: refusal.limit, used: refusal.used },
      });
    }
    const [code, message] = QUOTA_REFUSALS[refusal.exceeded];
    return new DomainError(code, message, { limit: refusal.limit });
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
    // Not audited per item: a page lists files, it does not open them (opening one is `get`).
    return { items: page.map(toMediaSummary), nextCursor };
  }

  /**
   * Another user's file and a missing one look the same: RLS hides it, and we say "not found".
   * Audited as a view: the gateway also reads a file through here to serve its bytes or thumbnail.
   */
  async get(userId: string, mediaId: string): Promise<MediaDetail> {
    const media = await this.database.tenant(userId, async (tx) =>
      toMediaDetail(await this.owned(tx, userId, mediaId, 'get')),
    );
    this.audit.record('media.viewed', { userId, targetType: 'media_file', targetId: mediaId });
    return media;
  }

  /** Edit the user's own facts; a real change is announced (`media.updated`) in the same transaction. */
  update(userId: string, mediaId: string, changes: MediaChanges): Promise<MediaDetail> {
    return this.database.tenant(userId, async (tx) => {
      const before = await this.owned(tx, userId, mediaId, 'update');
      const after = await this.files.update(tx, mediaId, changes);
      const changed = changedFacts(before, after);
      if (changed.length > 0) {
        await this.audit.recordIn(tx, 'media.updated', {
          userId,
          targetType: 'media_file',
          targetId: mediaId,
          oldValues: factValues(before, changed),
          newValues: factValues(after, changed),
          // Made visible to more people: worth a closer look than an edit of tags.
          risk: before.isPrivate && !after.isPrivate ? 'medium' : undefined,
        });
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
      const file = await this.owned(tx, userId, mediaId, 'delete');
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
      await this.audit.recordIn(tx, 'media.deleted', {
        userId,
        targetType: 'media_file',
        targetId: mediaId,
        metadata: { filename: file.originalFilename, sizeBytes },
      });
      this.logger.log({ mediaId, userId }, 'media deleted');
      return { id: mediaId, deletedAt };
    });
  }

  jobs(userId: string, mediaId: string): Promise<ProcessingJobView[]> {
    return this.database.tenant(userId, async (tx) => {
      await this.owned(tx, userId, mediaId, 'jobs');
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

  /** The caller's file, or MEDIA_NOT_FOUND; a miss is audited (another tenant's id or an unknown one). */
  private async owned(tx: Tx, userId: string, mediaId: string, operation: 'get' | 'update' | 'delete' | 'jobs') {
    const file = await this.files.findActive(tx, mediaId);
    if (!file) {
      this.audit.recordRefusedId({ userId, targetType: 'media_file', targetId: mediaId, operation });
      throw new DomainError('MEDIA_NOT_FOUND', 'No media with this id.', { mediaId });
    }
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

/** The values of `facts` in `file`, for an audit entry's old or new values. */
function factValues(file: MediaFileRecord, facts: EditableFact[]): Record<string, unknown> {
  return Object.fromEntries(facts.map((fact) => [fact, file[fact] ?? (fact === 'tags' ? [] : {})]));
}
