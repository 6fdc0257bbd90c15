import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { SearchAnalyticsController } from './search-analytics.controller';
import { SearchController } from './search.controller';
import { SearchService } from './search.service';
import { SimilarMediaController } from './similar-media.controller';

@Module({
  imports: [AuthModule],
  controllers: [SearchController, SearchAnalyticsController, SimilarMediaController],
  providers: [SearchService],
})
export class SearchModule {}
