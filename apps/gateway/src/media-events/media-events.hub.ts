import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';
import { ANALYSIS_JOB_UPDATED_V1, MEDIA_STATUS_CHANGED_V1, type ProcessingJobView } from '@ams/contracts';
import { MessageBus } from '@ams/messaging';

export type MediaEvent =
  | { type: 'job'; userId: string; mediaId: string; job: ProcessingJobView }
  | { type: 'status'; userId: string; mediaId: string; status: string; error: string | null };

/**
 * Live analysis progress and status changes for this gateway replica's open event streams.
 * Each replica gets every event on its own temporary queue and hands each to the streams watching that file.
 */
@Injectable()
export class MediaEventsHub implements OnApplicationBootstrap {
  private readonly events = new Subject<MediaEvent>();

  constructor(private readonly bus: MessageBus) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.subscribeBroadcast(ANALYSIS_JOB_UPDATED_V1, ({ userId, mediaId, job }) =>
      this.events.next({ type: 'job', userId, mediaId, job }),
    );
    await this.bus.subscribeBroadcast(MEDIA_STATUS_CHANGED_V1, ({ userId, mediaId, status, error }) =>
      this.events.next({ type: 'status', userId, mediaId, status, error }),
    );
  }

  get stream(): Observable<MediaEvent> {
    return this.events.asObservable();
  }
}
