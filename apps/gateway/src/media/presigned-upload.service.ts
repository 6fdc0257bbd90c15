import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { AuditTrail } from '@ams/audit-trail';
import { DomainError, type MediaDetail } from '@ams/contracts';
import { STORAGE, type StorageProvider } from '@ams/storage';
import type { SignedInUser } from '../users/signed-in-user';
import type { CompleteUploadBody, CreateUploadBody, UploadTicketDto } from './dto/uploads.dto';
import { incomingKey } from './media-keys';
import { fileTooLarge } from './multipart-upload';
import { cleanFilename } from './upload-filename';
import { UploadService } from './upload.service';

/**
 * Large files straight to S3: the client PUTs to a short-lived URL, then asks us to complete.
 * Completion verifies the object exactly as a streamed upload is verified, then registers it.
 * The incoming key holds the user's id, so one user cannot complete another's upload.
 */
@Injectable()
export class PresignedUploadService {
  private readonly ttlSeconds: number;

  constructor(
    @Inject(STORAGE) private readonly storage: StorageProvider,
    private readonly uploads: UploadService,
    private readonly audit: AuditTrail,
    config: ConfigService,
  ) {
    this.ttlSeconds = config.getOrThrow<number>('PRESIGNED_URL_TTL_SECONDS');
  }

  async create(user: SignedInUser, body: CreateUploadBody): Promise<UploadTicketDto> {
    cleanFilename(body.filename);
    const allowance = await this.uploads.allowance(user);
    if (body.sizeBytes > allowance.maxFileBytes) throw fileTooLarge(allowance.maxFileBytes);
    const uploadId = randomUUID();
    const contentType = body.contentType ?? 'application/octet-stream';
    const uploadUrl = await this.storage.presignedPutUrl(incomingKey(user.id, uploadId), {
      expiresInSeconds: this.ttlSeconds,
      contentType,
    });
    if (!uploadUrl)
      throw new DomainError(
        'PRESIGNED_UPLOADS_UNAVAILABLE',
        'Direct uploads need S3 storage; send the file to POST /v1/media instead.',
      );
    return {
      uploadId,
      uploadUrl,
      method: 'PUT',
      headers: { 'content-type': contentType },
      expiresAt: new Date(Date.now() + this.ttlSeconds * 1000).toISOString(),
    };
  }

  async complete(user: SignedInUser, uploadId: string, body: CompleteUploadBody): Promise<MediaDetail> {
    const filename = cleanFilename(body.filename);
    const key = incomingKey(user.id, uploadId);
    const object = await this.storage.head(key);
    if (!object) {
      // Keys are under the caller's own id, so another user's upload id cannot even be found.
      this.audit.record('access.not_found', {
        userId: user.id,
        targetType: 'upload',
        targetId: uploadId,
        description: 'Asked to complete an upload that does not exist for this user',
        metadata: { operation: 'complete_upload' },
      });
      throw new DomainError('UPLOAD_NOT_FOUND', 'No uploaded file for this upload id (expired or never sent).');
    }
    try {
      const allowance = await this.uploads.allowance(user);
      if (object.sizeBytes > allowance.maxFileBytes) throw fileTooLarge(allowance.maxFileBytes);
      return await this.uploads.withStaging(async (staging) => {
        const path = join(staging, 'incoming');
        await this.storage.download(key, path);
        const options = {
          tags: body.tags ?? [],
          isPrivate: body.is_private ?? false,
          customMetadata: body.custom_metadata ?? {},
        };
        return this.uploads.storeAndRegister(user, staging, path, filename, options, allowance);
      });
    } finally {
      // Registered or refused, the incoming copy has served its purpose.
      await this.storage.delete(key);
    }
  }
}
