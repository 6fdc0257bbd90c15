import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Database, insertSearchHistory, type SearchHistoryRecord } from '@ams/db';

/** Past this many pending rows a flush starts at once instead of waiting for the timer. */
const BATCH = 200;
/** A database outage must not grow the buffer without bound: the oldest rows are dropped (and counted). */
const MAX_PENDING = 20_000;

/**
 * Writes search_history off the response path: searches are buffered and inserted in batches a
 * few hundred milliseconds later, one statement per batch. A failed batch is retried with the
 * next; whatever is pending is flushed on shutdown.
 */
@Injectable()
export class SearchHistoryWriter implements OnApplicationShutdown {
  private readonly logger = new Logger(SearchHistoryWriter.name);
  private pending: SearchHistoryRecord[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private readonly delayMs: number;

  constructor(
    private readonly database: Database,
    config: ConfigService,
  ) {
    this.delayMs = config.getOrThrow<number>('SEARCH_HISTORY_FLUSH_MS');
  }

  record(entry: SearchHistoryRecord): void {
    this.pending.push(entry);
    if (this.pending.length > MAX_PENDING) {
      const dropped = this.pending.splice(0, this.pending.length - MAX_PENDING);
      this.logger.error({ dropped: dropped.length }, 'search history backlog full; oldest entries dropped');
    }
    if (this.pending.length >= BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Write everything pending now (clicks call this when their search is not written yet). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.flushing) await this.flushing;
    if (this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.pending.length);
    this.flushing = this.database
      .service((tx) => insertSearchHistory(tx, batch))
      .then(() => undefined)
      .catch((error: unknown) => {
        this.logger.warn({ err: error, rows: batch.length }, 'search history batch failed; retried with the next');
        this.pending.unshift(...batch);
        this.timer ??= setTimeout(() => void this.flush(), Math.max(this.delayMs, 1_000));
      })
      .finally(() => (this.flushing = null));
    await this.flushing;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }
}
