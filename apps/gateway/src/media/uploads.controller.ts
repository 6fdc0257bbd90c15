import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AuthGuard } from '../auth/auth.guard';
import { CountsAgainst } from '../rate-limit/rate-limit.decorators';
import { CurrentUser } from '../auth/current-user.decorator';
import type { SignedInUser } from '../users/signed-in-user';
import { MediaDto, toPublicMedia } from './dto/media.dto';
import { CompleteUploadBody, CreateUploadBody, UploadTicketDto } from './dto/uploads.dto';
import { PresignedUploadService } from './presigned-upload.service';
import { UploadService } from './upload.service';

@ApiTags('media')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@CountsAgainst('upload')
@Controller('v1/media')
export class UploadsController {
  constructor(
    private readonly uploads: UploadService,
    private readonly presigned: PresignedUploadService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Upload a photo or video',
    description:
      'The type is read from the bytes; images and videos only. Size, uploads and storage are checked against your plan.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary' },
        tags: { type: 'string', description: 'JSON array or comma-separated list', example: '["beach","2024"]' },
        is_private: { type: 'boolean' },
        custom_metadata: {
          type: 'string',
          description: 'A JSON object, at most 16 KiB',
          example: '{"album":"summer"}',
        },
      },
    },
  })
  @ApiCreatedResponse({ type: MediaDto })
  async upload(@CurrentUser() user: SignedInUser, @Req() request: FastifyRequest): Promise<MediaDto> {
    return toPublicMedia(await this.uploads.uploadMultipart(user, request));
  }

  @Post('uploads')
  @HttpCode(201)
  @ApiOperation({ summary: 'Start a direct upload to storage (S3 only): returns a short-lived PUT URL' })
  @ApiCreatedResponse({ type: UploadTicketDto })
  createUpload(@CurrentUser() user: SignedInUser, @Body() body: CreateUploadBody): Promise<UploadTicketDto> {
    return this.presigned.create(user, body);
  }

  @Post('uploads/:id/complete')
  @HttpCode(201)
  @ApiOperation({ summary: 'Finish a direct upload: the object is verified like any upload, then registered' })
  @ApiOkResponse({ type: MediaDto })
  async completeUpload(
    @CurrentUser() user: SignedInUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CompleteUploadBody,
  ): Promise<MediaDto> {
    return toPublicMedia(await this.presigned.complete(user, id, body));
  }
}
