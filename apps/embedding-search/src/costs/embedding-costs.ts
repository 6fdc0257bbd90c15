import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { COST_INCURRED_V1 } from '@ams/contracts';
import type { Tx } from '@ams/db';
import type { EmbeddingCallContext } from '@ams/embeddings';
import { Outbox } from '@ams/messaging';
import { priceOf, priceTable, type PriceTable } from '@ams/providers';

/** Usage one piece of work reported (paid providers only), priced when it is recorded. */
export class EmbeddingMeter {
  private readonly usage = new Map<string, number>();
  private readonly started = Date.now();

  constructor(readonly provider: string) {}

  /** Hand this to the embedder: every billable call it makes lands here. */
  get context(): EmbeddingCallContext {
    return { recordUsage: ({ item, units }) => this.usage.set(item, (this.usage.get(item) ?? 0) + units) };
  }

  lines(): { item: string; units: number; durationMs: number }[] {
    const durationMs = Date.now() - this.started;
    return [...this.usage].filter(([, units]) => units > 0).map(([item, units]) => ({ item, units, durationMs }));
  }
}

/**
 * Cost events for paid embeddings (OpenAI), priced from the same table as analysis
 * (`PROVIDER_PRICES` overrides), queued in the transaction that stores what was paid for.
 */
@Injectable()
export class EmbeddingCosts {
  private readonly prices: PriceTable;

  constructor(
    private readonly outbox: Outbox,
    config: ConfigService,
  ) {
    this.prices = priceTable(config.get<string>('PROVIDER_PRICES'));
  }

  async record(
    tx: Tx,
    owner: { userId: string; mediaId: string | null; jobId: string | null },
    meter: EmbeddingMeter,
  ): Promise<void> {
    const incurredAt = new Date().toISOString();
    for (const line of meter.lines()) {
      await this.outbox.add(tx, COST_INCURRED_V1, {
        ...owner,
        provider: meter.provider,
        item: line.item,
        units: line.units,
        amountUsd: priceOf(this.prices, line.item, line.units).amountUsd,
        durationMs: line.durationMs,
        incurredAt,
      });
    }
  }
}
