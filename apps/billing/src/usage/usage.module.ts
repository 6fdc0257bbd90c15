import { Module } from '@nestjs/common';
import { MonthlyResetTask } from './monthly-reset.task';
import { SearchQuotaHandler } from './search-quota.handler';
import { SearchQuotaService } from './search-quota.service';

@Module({
  providers: [MonthlyResetTask, SearchQuotaHandler, SearchQuotaService],
  exports: [MonthlyResetTask, SearchQuotaService],
})
export class UsageModule {}
