import { Injectable } from '@nestjs/common';
import { Database, resetMonthlyUsage } from '@ams/db';
import { PeriodicTask } from '@ams/runtime';

/**
 * Resets each user's monthly counters when their own billing period ends (no pg_cron). Hourly is
 * enough: a period ends at most an hour before its reset. Two replicas running it at once reset
 * each user once: the SQL locks the due rows and rolls the period past now.
 */
@Injectable()
export class MonthlyResetTask extends PeriodicTask {
  protected readonly name = 'monthly-usage-reset';
  protected readonly intervalMs = 60 * 60 * 1000;

  constructor(private readonly database: Database) {
    super();
  }

  protected async runOnce() {
    return { usersReset: await this.database.service(resetMonthlyUsage) };
  }
}
