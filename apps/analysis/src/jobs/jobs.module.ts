import { Module } from '@nestjs/common';
import { OutboxModule } from '@ams/messaging';
import { StorageModule } from '@ams/storage';
import { PipelineService } from '../pipeline/pipeline.service';
import { AnalysisHandler } from './analysis.handler';
import { CostGuard } from './cost-guard';
import { EmbeddingJobHandler } from './embedding-job.handler';
import { JobMetrics } from './job-metrics';
import { JobRunner } from './job-runner';
import { JobSweeper } from './job-sweeper';
import { JobsRepository } from './jobs.repository';
import { JobsService } from './jobs.service';

@Module({
  imports: [OutboxModule, StorageModule],
  providers: [
    AnalysisHandler,
    CostGuard,
    EmbeddingJobHandler,
    JobMetrics,
    JobsService,
    JobRunner,
    JobSweeper,
    JobsRepository,
    PipelineService,
  ],
})
export class JobsModule {}
