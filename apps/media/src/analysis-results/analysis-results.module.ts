import { Module } from '@nestjs/common';
import { OutboxModule } from '@ams/messaging';
import { AnalysisResultsHandler } from './analysis-results.handler';
import { AnalysisResultsRepository } from './analysis-results.repository';

@Module({ imports: [OutboxModule], providers: [AnalysisResultsHandler, AnalysisResultsRepository] })
export class AnalysisResultsModule {}
