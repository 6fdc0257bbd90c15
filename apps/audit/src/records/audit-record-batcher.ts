import { Injectable, Logger } from '@nestjs/common';
import { appendAuditLogs, Database, type AuditRow } from '@ams/db';

/**
 * Entries written in one statement at most, and how long the first waits for company (ms). The
 * broker hands this consumer at most its prefetch (10, `@ams/messaging`) unacknowledged messages,
 * so a larger batch would only ever fill by waiting out the linger.
 */
const MAX_BATCH = 10;
const LINGER_MS = 5;

interface Pending {
  row: AuditRow;
  settle: (error?: unknown) => void;
}

/**
 * Writes audit entries that arrive together in one transaction and one INSERT: a burst costs a
 * transaction per batch, not per entry. `write` resolves once its entry is committed, so the
 * message is acknowledged only then; a batch that fails is retried entry by entry, so one bad
 * entry fails alone.
 */
@Injectable()
export class AuditRecordBatcher {
  private readonly logger = new Logger(AuditRecordBatcher.name);
  private pending: Pending[] = [];
  private timer?: NodeJS.Timeout;

  constructor(private readonly database: Database) {}

  write(row: AuditRow): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ row, settle: (error) => (error === undefined ? resolve() : reject(error)) });
      if (this.pending.length >= MAX_BATCH) this.flushNow();
      else this.timer ??= setTimeout(() => this.flushNow(), LINGER_MS);
    });
  }

  private flushNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    void this.flush(batch);
  }

  private async flush(batch: Pending[]): Promise<void> {
    try {
      await this.database.service((tx) =>
        appendAuditLogs(
          tx,
          batch.map((entry) => entry.row),
        ),
      );
      batch.forEach((entry) => entry.settle());
    } catch (error) {
      this.logger.warn({ entries: batch.length, err: error }, 'audit batch failed; writing its entries one by one');
      for (const entry of batch) {
        try {
          await this.database.service((tx) => appendAuditLogs(tx, [entry.row]));
          entry.settle();
        } catch (single) {
          entry.settle(single ?? new Error('audit write failed'));
        }
      }
    }
  }
}
