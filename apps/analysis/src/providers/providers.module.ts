import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  createProviders,
  priceTable,
  providersEnvShape,
  type AnalysisProviders,
  type ProvidersEnv,
} from '@ams/providers';
import { ANALYSIS_PROVIDERS, PRICE_TABLE } from './providers.tokens';

/** Releases model memory, worker threads and SDK clients on shutdown (the worker loads them before taking work). */
@Injectable()
class ProvidersLifecycle implements OnApplicationShutdown {
  constructor(@Inject(ANALYSIS_PROVIDERS) private readonly providers: AnalysisProviders) {}

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
