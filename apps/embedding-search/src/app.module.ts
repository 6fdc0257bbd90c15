import { Module } from '@nestjs/common';
import { ServiceCoreModule } from '@ams/runtime';
import { version } from '../package.json';
import { envSchema } from './config';
import { SearchHistoryModule } from './search-history/search-history.module';
import { SearchModule } from './search/search.module';

@Module({
  imports: [
    ServiceCoreModule.forRoot({ service: 'embedding-search', version, envSchema }),
    SearchHistoryModule,
    SearchModule,
  ],
})
export class AppModule {}
