/** How often progress reaches the database (and the lease is extended) at most. */
const MIN_WRITE_INTERVAL_MS = 1_000;

export interface ProgressSink {
  /** Persist progress and extend the lease; false when the job is no longer ours. */
  write(percent: number, estimatedCompletionAt: Date | null): Promise<boolean>;
}

/**
 * Turns a stage's 0..1 progress into throttled writes with an estimated completion time
 * (elapsed / done × remaining), and keeps the lease alive during long silent provider calls.
 */
export class ProgressReporter {
  private readonly started = Date.now();
  private fraction = 0;
  // Counting from the start: a job done within a second writes no progress at all.
  private lastWrite = this.started;
  private writing?: Promise<unknown>;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly sink: ProgressSink,
    private readonly firstEstimateMs: number,
    heartbeatMs: number,
  ) {
    this.heartbeat = setInterval(() => this.flush(), heartbeatMs);
    this.heartbeat.unref();
  }

  report(fraction: number): void {
    this.fraction = Math.min(0.99, Math.max(this.fraction, fraction));
    if (Date.now() - this.lastWrite >= MIN_WRITE_INTERVAL_MS) this.flush();
  }

  async stop(): Promise<void> {
    clearInterval(this.heartbeat);
    await this.writing;
  }

  private flush(): void {
    if (this.writing) return;
    this.lastWrite = Date.now();
    this.writing = this.sink
      .write(Math.floor(this.fraction * 100), this.estimate())
      .catch(() => undefined) // a missed progress write is harmless; the next one catches up
      .finally(() => (this.writing = undefined));
  }

  private estimate(): Date {
    const elapsed = Date.now() - this.started;
    // Early on, trust the planned estimate; later, the observed pace.
    const remaining =
      this.fraction < 0.05
        ? Math.max(0, this.firstEstimateMs - elapsed)
        : (elapsed / this.fraction) * (1 - this.fraction);
    return new Date(Date.now() + remaining);
  }
}
