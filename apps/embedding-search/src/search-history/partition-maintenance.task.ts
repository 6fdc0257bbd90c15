import { Injectable } from '@nestjs/common';
import { Database, ensureSearchHistoryPartitions } from '@ams/db';
import { PeriodicTask } from '@ams/runtime';

/** Keeps search_history's monthly partitions three months ahead; the default partition catches the rest. */
@Injectable()
export class PartitionMaintenanceTask extends PeriodicTask {
  protected readonly name = 'search-history-partitions';
  protected readonly intervalMs = 24 * 60 * 60 * 1000;

  constructor(private readonly database: Database) {
    super();
  }

  protected async runOnce() {
    return { partitionsCreated: await this.database.service((tx) => ensureSearchHistoryPartitions(tx, 3)) };
  }
}
