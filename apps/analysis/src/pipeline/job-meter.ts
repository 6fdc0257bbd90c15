import { Logger } from '@nestjs/common';
import { priceOf, type CallContext, type PriceTable, type ProviderUsage } from '@ams/providers';

export interface JobCost {
  provider: string;
  item: string;
  units: number;
  amountUsd: number;
  durationMs: number;
}

export interface MeteredJob {
  userId: string;
  mediaId: string;
  jobId: string;
  correlationId?: string;
  signal?: AbortSignal;
}

/**
 * Times, logs and prices every provider call of one job. Usage is summed per billable item, so
 * a video's 30 keyframes make one cost line per item, not 120.
 */
export class JobMeter {
  private readonly logger = new Logger('ProviderCall');
  private readonly costs = new Map<string, JobCost>();

  constructor(
    private readonly prices: PriceTable,
    private readonly job: MeteredJob,
  ) {}

  async call<T>(capability: string, provider: string, work: (context: CallContext) => Promise<T>): Promise<T> {
    const reported: ProviderUsage[] = [];
    const context: CallContext = { ...this.job, recordUsage: (usage) => reported.push(usage) };
    const started = performance.now();
    let outcome = 'ok';
    try {
      return await work(context);
    } catch (error) {
      outcome = (error as { code?: string }).code ?? 'error';
      throw error;
    } finally {
      const durationMs = Math.round(performance.now() - started);
      this.logger.log(
        { capability, provider, durationMs, outcome, mediaId: this.job.mediaId, jobId: this.job.jobId },
        'provider call',
      );
      // A call that reports nothing (local models) is one free unit, so it still shows in cost tracking.
      const usage = reported.length > 0 ? reported : [{ item: `${provider}.${capability}`, units: 1 }];
      usage.forEach((item, index) => this.add(provider, item, index === 0 ? durationMs : 0));
    }
  }

  /** Cost lines so far, one per billable item. */
  lines(): JobCost[] {
    return [...this.costs.values()];
  }

  totalUsd(): number {
    return this.lines().reduce((sum, line) => sum + line.amountUsd, 0);
  }

  private add(provider: string, usage: ProviderUsage, durationMs: number): void {
    const { amountUsd, known } = priceOf(this.prices, usage.item, usage.units);
    if (!known && provider !== 'local')
      this.logger.warn({ item: usage.item }, 'no price for a billable item; counted as 0');
    const line = this.costs.get(usage.item) ?? { provider, item: usage.item, units: 0, amountUsd: 0, durationMs: 0 };
    line.units += usage.units;
    line.amountUsd += amountUsd;
    line.durationMs += durationMs;
    this.costs.set(usage.item, line);
  }
}
