import { Module } from '@nestjs/common';
import { ServiceCoreModule } from '@ams/runtime';
import { version } from '../package.json';
import { envSchema } from './config';
import { AnalysisResultsModule } from './analysis-results/analysis-results.module';
import { LibraryModule } from './library/library.module';
import { SearchIndexModule } from './search-index/search-index.module';
import { StorageCleanupModule } from './storage-cleanup/storage-cleanup.module';

@Module({
  imports: [
    ServiceCoreModule.forRoot({ service: 'media', version, envSchema }),
    LibraryModule,
    AnalysisResultsModule,
    SearchIndexModule,
    StorageCleanupModule,
  ],
})
export class AppModule {}
