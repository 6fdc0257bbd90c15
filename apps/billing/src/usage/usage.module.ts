import { Module } from '@nestjs/common';
import { MonthlyResetTask } from './monthly-reset.task';
import { SearchQuotaHandler } from './search-quota.handler';
import { SearchQuotaService } from './search-quota.service';
import { UsageSummaryHandler } from './usage-summary.handler';
import { UsageSummaryService } from './usage-summary.service';

@Module({
  providers: [MonthlyResetTask, SearchQuotaHandler, SearchQuotaService, UsageSummaryHandler, UsageSummaryService],
  exports: [MonthlyResetTask, SearchQuotaService],
})
export class UsageModule {}
