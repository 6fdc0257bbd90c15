import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { MEDIA_DELETED_V1 } from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import { STORAGE, type StorageProvider } from '@ams/storage';

/**
 * Removes a deleted file's bytes after the delete committed. Idempotent (deleting what is gone
 * succeeds), so redelivery is harmless; a storage failure dead-letters the event for a retry.
 */
@Injectable()
export class StorageCleanupHandler implements OnApplicationBootstrap {
  private readonly logger = new Logger(StorageCleanupHandler.name);

  constructor(
    private readonly bus: MessageBus,
    @Inject(STORAGE) private readonly storage: StorageProvider,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.subscribe(MEDIA_DELETED_V1, { queue: 'media.storage-cleanup' }, async ({ mediaId, storage }) => {
      const keys = [storage.key, storage.thumbnailKey].filter((key): key is string => key !== null);
      await Promise.all(keys.map((key) => this.storage.delete(key)));
      this.logger.log({ mediaId, objects: keys.length }, 'media bytes removed');
    });
  }
}
