import { Module } from '@nestjs/common';
import { OutboxModule } from '@ams/messaging';
import { CostRecorder } from './cost-recorder.service';
import { CostsHandler } from './costs.handler';

@Module({
  imports: [OutboxModule],
  providers: [CostRecorder, CostsHandler],
  exports: [CostRecorder],
})
export class CostsModule {}
