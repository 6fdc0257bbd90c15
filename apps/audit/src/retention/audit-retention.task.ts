import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Database, purgeAuditLogsBefore } from '@ams/db';
import { PeriodicTask } from '@ams/runtime';

/** Rows deleted per transaction: each batch commits on its own, so no run holds a long transaction. */
export const AUDIT_PURGE_BATCH = 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes audit entries older than AUDIT_RETENTION_DAYS, hourly, in short batches until none are
 * left. Two replicas purging at once skip each other's locked rows and never delete a row twice.
 */
@Injectable()
export class AuditRetentionTask extends PeriodicTask {
  protected readonly name = 'audit-retention-purge';
  protected readonly intervalMs = 60 * 60 * 1000;
  private readonly retentionDays: number;

  constructor(
    private readonly database: Database,
    config: ConfigService,
  ) {
    super();
    this.retentionDays = config.getOrThrow<number>('AUDIT_RETENTION_DAYS');
  }

  protected async runOnce() {
    const before = new Date(Date.now() - this.retentionDays * DAY_MS);
    let deleted = 0;
    for (;;) {
      const batch = await this.database.service((tx) => purgeAuditLogsBefore(tx, before, AUDIT_PURGE_BATCH));
      deleted += batch;
      if (batch < AUDIT_PURGE_BATCH) return { deleted };
    }
  }
}
