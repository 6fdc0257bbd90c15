import { Module } from '@nestjs/common';
import { StorageModule } from '@ams/storage';
import { AuthModule } from '../auth/auth.module';
import { MediaController } from './media.controller';
import { PresignedUploadService } from './presigned-upload.service';
import { UploadsController } from './uploads.controller';
import { UploadService } from './upload.service';

@Module({
  imports: [AuthModule, StorageModule],
  controllers: [UploadsController, MediaController],
  providers: [UploadService, PresignedUploadService],
})
export class MediaModule {}
