import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainError, MEDIA_REGISTER_V1, type MediaDetail } from '@ams/contracts';
import { inspectMedia, writeThumbnail, type InspectedMedia } from '@ams/media-inspection';
import { MessageBus } from '@ams/messaging';
import { STORAGE, type StorageProvider } from '@ams/storage';
import type { SignedInUser } from '../users/signed-in-user';
import { UsersRepository } from '../users/users.repository';
import { mediaKeys } from './media-keys';
import { receiveUpload } from './multipart-upload';
import { parseUploadOptions, type UploadOptions } from './upload-form';

/** What an upload may be under the user's plan right now. */
export interface UploadAllowance {
  maxFileBytes: number;
  maxVideoDurationSeconds: number | null;
}

/**
 * Uploads: received to a staging directory, checked from their bytes, stored under keys made of
 * ids, then registered with the media service, which counts the quota. Anything refused along
 * the way leaves nothing behind: no row, no stored object, no counter change.
 */
@Injectable()
export class UploadService {
  private readonly logger = new Logger(UploadService.name);
  private readonly stagingRoot: string;
  private readonly maxImagePixels: number;

  constructor(
    @Inject(STORAGE) private readonly storage: StorageProvider,
    private readonly bus: MessageBus,
    private readonly users: UsersRepository,
    config: ConfigService,
  ) {
    this.stagingRoot = join(config.getOrThrow<string>('DATA_DIR'), 'staging');
    this.maxImagePixels = config.getOrThrow<number>('MAX_IMAGE_PIXELS');
  }

  /** POST /v1/media: the multipart body streamed to staging, then the common path. */
  async uploadMultipart(user: SignedInUser, request: FastifyRequest): Promise<MediaDetail> {
    const allowance = await this.allowance(user);
    return this.withStaging(async (staging) => {
      const upload = await receiveUpload(request, staging, allowance.maxFileBytes);
      const options = parseUploadOptions(upload.fields);
      return this.storeAndRegister(user, staging, upload.path, upload.filename, options, allowance);
    });
  }

  /**
   * The plan's limits, checked before any byte is accepted: a user out of uploads learns it
   * without sending the file. The authoritative, atomic check happens at registration.
   */
  async allowance(user: SignedInUser): Promise<UploadAllowance> {
    const { user: account, limits } = await this.users.profile(user.id);
    if (limits.maxUploadsPerMonth !== null && account.uploadsThisMonth >= limits.maxUploadsPerMonth)
      throw new DomainError('UPLOAD_QUOTA_EXCEEDED', 'You have used all uploads of your plan for this month.', {
        limit: limits.maxUploadsPerMonth,
      });
    return {
      maxFileBytes: Number(limits.maxFileSizeBytes),
      maxVideoDurationSeconds: limits.maxVideoDurationSeconds,
    };
  }

  /** Run `work` with a private staging directory that is removed afterwards, whatever happens. */
  async withStaging<T>(work: (staging: string) => Promise<T>): Promise<T> {
    await mkdir(this.stagingRoot, { recursive: true });
    const staging = await mkdtemp(join(this.stagingRoot, 'upload-'));
    try {
      return await work(staging);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  /** Inspect a staged file, store it and its thumbnail, and register it. */
  async storeAndRegister(
    user: SignedInUser,
    staging: string,
    path: string,
    filename: string,
    options: UploadOptions,
    allowance: UploadAllowance,
  ): Promise<MediaDetail> {
    const media = await inspectMedia(path, {
      maxImagePixels: this.maxImagePixels,
      maxVideoDurationSeconds: allowance.maxVideoDurationSeconds,
    });
    const thumbnailPath = await this.thumbnail(path, media, join(staging, 'thumbnail.webp'));
    const mediaId = randomUUID();
    const keys = mediaKeys(user.id, mediaId, media.extension);
    const thumbnailKey = thumbnailPath ? keys.thumbnailKey : null;
    await this.storage.putFile(keys.key, path, media.mimeType);
    if (thumbnailPath) await this.storage.putFile(keys.thumbnailKey, thumbnailPath, 'image/webp');
    try {
      return await this.bus.request(MEDIA_REGISTER_V1, {
        userId: user.id,
        mediaId,
        filename: `original.${media.extension}`,
        originalFilename: filename,
        fileType: media.kind,
        mimeType: media.mimeType,
        sizeBytes: media.sizeBytes,
        storage: { bucket: this.storage.bucket, key: keys.key, thumbnailKey, backend: this.storage.kind },
        width: media.width,
        height: media.height,
        durationSeconds: media.durationSeconds,
        frameRate: media.frameRate,
        hasAudio: media.hasAudio,
        ...options,
      });
    } catch (error) {
      // Refused (quota, validation): remove the bytes. No answer: the file may have been
      // recorded, so its bytes stay (an orphan at worst, never a row without its file).
      if (!(error instanceof DomainError && error.code === 'SERVICE_UNAVAILABLE')) {
        await Promise.all([keys.key, thumbnailKey].filter((k): k is string => !!k).map((k) => this.storage.delete(k)));
      } else {
        this.logger.warn({ mediaId, userId: user.id }, 'registration unanswered; stored bytes kept');
      }
      throw error;
    }
  }

  /** A thumbnail when one can be made; a valid file whose thumbnail fails is still accepted. */
  private async thumbnail(path: string, media: InspectedMedia, outPath: string): Promise<string | null> {
    try {
      await writeThumbnail(path, media, outPath);
      return outPath;
    } catch (error) {
      if (error instanceof DomainError) throw error;
      this.logger.warn({ err: error, mimeType: media.mimeType }, 'thumbnail failed; stored without one');
      return null;
    }
  }
}
