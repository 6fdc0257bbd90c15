import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  createProviders,
  priceTable,
  providersEnvShape,
  type AnalysisProviders,
  type ProvidersEnv,
} from '@ams/providers';
import { ANALYSIS_PROVIDERS, PRICE_TABLE } from './providers.tokens';

/** Loads the local models at start-up (in the background) and releases them on shutdown. */
@Injectable()
class ProvidersLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AnalysisProviders');

  constructor(
    @Inject(ANALYSIS_PROVIDERS) private readonly providers: AnalysisProviders,
    private readonly config: ConfigService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.getOrThrow<boolean>('ANALYSIS_RUN_JOBS')) return;
    const started = Date.now();
    void this.providers
      .warmUp?.()
      .then(() => this.logger.log({ durationMs: Date.now() - started }, 'models loaded'))
      .catch((error: unknown) =>
        this.logger.error({ err: error }, 'models failed to load; jobs will retry loading them'),
      );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.providers.close?.();
  }
}

/** The AI providers configuration chose, created once per process. */
@Global()
@Module({
  providers: [
    {
      provide: ANALYSIS_PROVIDERS,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => createProviders(providersEnv(config)),
    },
    {
      provide: PRICE_TABLE,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => priceTable(config.get<string>('PROVIDER_PRICES')),
    },
    ProvidersLifecycle,
  ],
  exports: [ANALYSIS_PROVIDERS, PRICE_TABLE],
})
export class ProvidersModule {}

/** The validated provider settings, read back out of the service's configuration. */
function providersEnv(config: ConfigService): ProvidersEnv {
  return Object.fromEntries(Object.keys(providersEnvShape).map((key) => [key, config.get(key)])) as ProvidersEnv;
}
