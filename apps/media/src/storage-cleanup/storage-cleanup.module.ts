import { Module } from '@nestjs/common';
import { StorageModule } from '@ams/storage';
import { StorageCleanupHandler } from './storage-cleanup.handler';

@Module({ imports: [StorageModule], providers: [StorageCleanupHandler] })
export class StorageCleanupModule {}
