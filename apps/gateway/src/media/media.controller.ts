import {
  Body,
  Controller,
  Delete,
  Get,
  Inject,
  Param,
  ParseUUIDPipe,
  HttpCode,
  Patch,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  ANALYSIS_REPROCESS_V1,
  DomainError,
  MEDIA_DELETE_V1,
  MEDIA_GET_V1,
  MEDIA_JOBS_V1,
  MEDIA_LIST_V1,
  MEDIA_UPDATE_V1,
} from '@ams/contracts';
import { AuditTrail } from '@ams/audit-trail';
import { MessageBus } from '@ams/messaging';
import { STORAGE, StorageObjectNotFound, type StorageProvider } from '@ams/storage';
import { AuthGuard } from '../auth/auth.guard';
import { CurrentUser } from '../auth/current-user.decorator';
import type { SignedInUser } from '../users/signed-in-user';
import {
  ListMediaQuery,
  MediaDeletedDto,
  MediaDto,
  MediaJobsDto,
  MediaPageDto,
  toPublicMedia,
  toPublicSummary,
  UpdateMediaBody,
} from './dto/media.dto';

const mediaId = new ParseUUIDPipe({ version: undefined });

/** A user's library. Another user's file is indistinguishable from a missing one: 404. */
@ApiTags('media')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('v1/media')
export class MediaController {
  private readonly urlTtlSeconds: number;

  constructor(
    private readonly bus: MessageBus,
    @Inject(STORAGE) private readonly storage: StorageProvider,
    config: ConfigService,
    private readonly audit: AuditTrail,
  ) {
    this.urlTtlSeconds = config.getOrThrow<number>('PRESIGNED_URL_TTL_SECONDS');
  }

  @Get()
  @ApiOperation({ summary: 'Your files, newest first, 50 per page by default; follow nextCursor for more' })
  @ApiOkResponse({ type: MediaPageDto })
  async list(@CurrentUser() user: SignedInUser, @Query() query: ListMediaQuery): Promise<MediaPageDto> {
    const page = await this.bus.request(MEDIA_LIST_V1, {
      userId: user.id,
      limit: query.limit,
      cursor: query.cursor,
      filters: {
        fileType: query.type,
        status: query.status,
        tag: query.tag,
        uploadedFrom: query.from,
        uploadedBefore: query.to,
      },
    });
    return { items: page.items.map(toPublicSummary), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One file with everything known about it, AI results included' })
  @ApiOkResponse({ type: MediaDto })
  async get(@CurrentUser() user: SignedInUser, @Param('id', mediaId) id: string): Promise<MediaDto> {
    return toPublicMedia(await this.bus.request(MEDIA_GET_V1, { userId: user.id, mediaId: id }));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change tags, custom_metadata or is_private' })
  @ApiOkResponse({ type: MediaDto })
  async update(
    @CurrentUser() user: SignedInUser,
    @Param('id', mediaId) id: string,
    @Body() body: UpdateMediaBody,
  ): Promise<MediaDto> {
    const changes = { tags: body.tags, customMetadata: body.custom_metadata, isPrivate: body.is_private };
    return toPublicMedia(await this.bus.request(MEDIA_UPDATE_V1, { userId: user.id, mediaId: id, changes }));
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Delete a file: gone from your library at once, its bytes removed shortly after' })
  @ApiOkResponse({ type: MediaDeletedDto })
  delete(@CurrentUser() user: SignedInUser, @Param('id', mediaId) id: string): Promise<MediaDeletedDto> {
    return this.bus.request(MEDIA_DELETE_V1, { userId: user.id, mediaId: id });
  }

  @Get(':id/jobs')
  @ApiOperation({ summary: 'Analysis jobs of a file and their progress' })
  @ApiOkResponse({ type: MediaJobsDto })
  jobs(@CurrentUser() user: SignedInUser, @Param('id', mediaId) id: string): Promise<MediaJobsDto> {
    return this.bus.request(MEDIA_JOBS_V1, { userId: user.id, mediaId: id });
  }

  @Post(':id/reprocess')
  @HttpCode(202)
  @ApiOperation({ summary: 'Run the analysis of a failed file again; follow it with GET /v1/media/{id}/events' })
  @ApiAcceptedResponse({ type: MediaJobsDto })
  async reprocess(@CurrentUser() user: SignedInUser, @Param('id', mediaId) id: string): Promise<MediaJobsDto> {
    const { jobs } = await this.bus.request(ANALYSIS_REPROCESS_V1, { userId: user.id, mediaId: id });
    return { jobs };
  }

  @Get(':id/content')
  @ApiOperation({ summary: 'The file itself (or, with S3 storage, a redirect to a short-lived URL)' })
  @ApiProduces('image/*', 'video/*')
  @ApiFoundResponse({ description: 'Redirect to a presigned URL (S3 storage)' })
  async content(@CurrentUser() user: SignedInUser, @Param('id', mediaId) id: string, @Res() reply: FastifyReply) {
    // The media service checked ownership (and records the view); the download is the gateway's.
    const media = await this.bus.request(MEDIA_GET_V1, { userId: user.id, mediaId: id });
    const delivery = await this.sendObject(reply, media.storage.key, media.mimeType, media.filename);
    // Never the presigned URL: it is a bearer credential until it expires.
    this.audit.record('media.downloaded', {
      userId: user.id,
      targetType: 'media_file',
      targetId: media.id,
      metadata: { delivery, mimeType: media.mimeType, sizeBytes: media.sizeBytes },
    });
  }

  @Get(':id/thumbnail')
  @ApiOperation({ summary: 'A small WebP preview (or a redirect to it with S3 storage)' })
  @ApiProduces('image/webp')
  async thumbnail(@CurrentUser() user: SignedInUser, @Param('id', mediaId) id: string, @Res() reply: FastifyReply) {
    const media = await this.bus.request(MEDIA_GET_V1, { userId: user.id, mediaId: id });
    if (!media.storage.thumbnailKey) throw new DomainError('NOT_FOUND', 'This file has no thumbnail.');
    await this.sendObject(reply, media.storage.thumbnailKey, 'image/webp');
  }

  /** Sends the object's bytes, or a redirect to a presigned URL where storage has them. */
  private async sendObject(
    reply: FastifyReply,
    key: string,
    contentType: string,
    filename?: string,
  ): Promise<'redirect' | 'bytes'> {
    const url = await this.storage.presignedGetUrl(key, { expiresInSeconds: this.urlTtlSeconds, contentType });
    if (url) {
      await reply.redirect(url, 302);
      return 'redirect';
    }
    let body;
    try {
      body = await this.storage.get(key);
    } catch (error) {
      if (error instanceof StorageObjectNotFound)
        throw new DomainError('NOT_FOUND', 'The file bytes are not available.');
      throw error;
    }
    const info = await this.storage.head(key);
    // Served bytes are never interpreted as anything but their sniffed type, nor run as a page.
    void reply
      .header('content-type', contentType)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, max-age=300')
      .header('content-disposition', `inline${filename ? `; filename*=UTF-8''${encodeURIComponent(filename)}` : ''}`);
    if (info) void reply.header('content-length', info.sizeBytes);
    await reply.send(body);
    return 'bytes';
  }
}
