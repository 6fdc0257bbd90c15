import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/**
 * Work a service repeats on a timer (maintenance, resets): once at start-up, then every
 * `intervalMs`. A run never overlaps the previous one, and its failure is logged, not fatal.
 */
export abstract class PeriodicTask implements OnApplicationBootstrap, OnApplicationShutdown {
  protected abstract readonly name: string;
  protected abstract readonly intervalMs: number;
  protected abstract runOnce(): Promise<Record<string, unknown>>;

  private readonly logger = new Logger(PeriodicTask.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  onApplicationBootstrap(): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Run now unless a run is already in progress; resolves when it is done. */
  tick(): Promise<void> {
    this.running ??= this.runOnce()
      .then((outcome) => {
        // A frequent sweep that found nothing is not worth an info line.
        const idle = Object.values(outcome).every((value) => value === 0);
        this.logger[idle ? 'debug' : 'log']({ task: this.name, ...outcome }, 'periodic task done');
      })
      .catch((error: unknown) => this.logger.error({ task: this.name, err: error }, 'periodic task failed'))
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
