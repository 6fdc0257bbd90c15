import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ANALYSIS_REPROCESS_V1, ANALYSIS_RUN_V1, MEDIA_UPLOADED_V1 } from '@ams/contracts';
import { MessageBus, WorkQueue, type WorkConsumer } from '@ams/messaging';
import type { AnalysisProviders } from '@ams/providers';
import { ANALYSIS_PROVIDERS } from '../providers/providers.tokens';
import { PipelineService } from '../pipeline/pipeline.service';
import { JobsService } from './jobs.service';

/** RabbitMQ's priority queues honour up to this many levels; tiers use 1–10. */
const MAX_PRIORITY = 10;
/** On shutdown, how long running jobs get to finish before their messages go back to the queue. */
const DRAIN_TIMEOUT_MS = 20_000;

/** Where work enters the analysis service: upload events, the work queue, reprocess requests. */
@Injectable()
export class AnalysisHandler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AnalysisHandler.name);
  private consumer?: WorkConsumer;

  constructor(
    private readonly bus: MessageBus,
    private readonly workQueue: WorkQueue,
    private readonly jobs: JobsService,
    private readonly pipeline: PipelineService,
    private readonly config: ConfigService,
    @Inject(ANALYSIS_PROVIDERS) private readonly providers: AnalysisProviders,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.subscribe(MEDIA_UPLOADED_V1, { queue: 'analysis.uploads' }, (upload) =>
      this.jobs.planUpload(upload),
    );
    await this.bus.respond(ANALYSIS_REPROCESS_V1, { queue: 'analysis.reprocess' }, ({ userId, mediaId }) =>
      this.jobs.reprocess(userId, mediaId),
    );
    if (!this.config.getOrThrow<boolean>('ANALYSIS_RUN_JOBS')) return;
    const concurrency = this.config.getOrThrow<number>('ANALYSIS_CONCURRENCY');
    // Take work once the models are in memory, so the first files do not wait on loading.
    await this.providers
      .warmUp?.()
      .catch((error: unknown) => this.logger.error({ err: error }, 'models failed to load; jobs will load them'));
    this.consumer = this.workQueue.consume(
      ANALYSIS_RUN_V1,
      { queue: 'analysis.work', concurrency, maxPriority: MAX_PRIORITY },
      ({ mediaId }) => this.pipeline.run(mediaId),
    );
    this.logger.log({ concurrency }, 'analysis worker consuming');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.drain(DRAIN_TIMEOUT_MS);
  }
}
