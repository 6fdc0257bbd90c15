import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import {
  MEDIA_DELETE_V1,
  MEDIA_GET_V1,
  MEDIA_JOBS_V1,
  MEDIA_LIST_V1,
  MEDIA_REGISTER_V1,
  MEDIA_UPDATE_V1,
} from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import { LibraryService } from './library.service';

/** The media service's RPC surface; replicas share one queue per request type. */
@Injectable()
export class LibraryHandler implements OnApplicationBootstrap {
  constructor(
    private readonly bus: MessageBus,
    private readonly library: LibraryService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.respond(MEDIA_REGISTER_V1, { queue: 'media.register' }, (request) => this.library.register(request));
    await this.bus.respond(MEDIA_LIST_V1, { queue: 'media.list' }, ({ userId, limit, cursor, filters }) =>
      this.library.list(userId, limit, cursor, filters),
    );
    await this.bus.respond(MEDIA_GET_V1, { queue: 'media.get' }, ({ userId, mediaId }) =>
      this.library.get(userId, mediaId),
    );
    await this.bus.respond(MEDIA_UPDATE_V1, { queue: 'media.update' }, ({ userId, mediaId, changes }) =>
      this.library.update(userId, mediaId, changes),
    );
    await this.bus.respond(MEDIA_DELETE_V1, { queue: 'media.delete' }, ({ userId, mediaId }) =>
      this.library.remove(userId, mediaId),
    );
    await this.bus.respond(MEDIA_JOBS_V1, { queue: 'media.jobs' }, async ({ userId, mediaId }) => ({
      jobs: await this.library.jobs(userId, mediaId),
    }));
  }
}
