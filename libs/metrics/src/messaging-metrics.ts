import { Injectable, Optional } from '@nestjs/common';
import type { Counter, Histogram } from 'prom-client';
import { QueueDepthProbe, type MessageMetrics, type MessageOutcome } from '@ams/messaging';
import { METRIC_PREFIX, MetricsRegistry } from './metrics.registry';

/** How long a scrape waits for the broker's queue counts before answering without them. */
const QUEUE_CHECK_TIMEOUT_MS = 1000;

/** Messages handled and failed, and handler time, by contract name (a bounded set). */
@Injectable()
export class MessageCounters implements MessageMetrics {
  private readonly handled: Counter<'pattern'>;
  private readonly failed: Counter<'pattern'>;
  private readonly duration: Histogram<'pattern' | 'outcome'>;

  constructor(metrics: MetricsRegistry) {
    this.handled = metrics.counter({
      name: `${METRIC_PREFIX}messages_handled_total`,
      help: 'RabbitMQ messages whose handler finished (RPC refusals with a domain error included), by pattern.',
      labelNames: ['pattern'],
    });
    this.failed = metrics.counter({
      name: `${METRIC_PREFIX}messages_failed_total`,
      help: 'RabbitMQ messages that broke their contract or whose handler threw, by pattern.',
      labelNames: ['pattern'],
    });
    this.duration = metrics.histogram({
      name: `${METRIC_PREFIX}message_handler_duration_seconds`,
      help: 'Time handling one RabbitMQ message, by pattern and outcome (handled, refused, failed).',
      labelNames: ['pattern', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    });
  }

  observe(pattern: string, outcome: MessageOutcome, seconds: number): void {
    (outcome === 'failed' ? this.failed : this.handled).inc({ pattern });
    this.duration.observe({ pattern, outcome }, seconds);
  }
}

/**
 * Messages ready in each queue the service consumes, asked of the broker at scrape time. A
 * broker that is down or slow leaves the gauge empty; the scrape still answers.
 */
@Injectable()
export class QueueDepthGauge {
  constructor(metrics: MetricsRegistry, @Optional() probe?: QueueDepthProbe) {
    metrics.gauge({
      name: `${METRIC_PREFIX}queue_depth`,
      help: 'Messages ready in a queue this service consumes (read from RabbitMQ at scrape time).',
      labelNames: ['queue'],
      async collect() {
        this.reset();
        const depths = await probe?.depths(QUEUE_CHECK_TIMEOUT_MS).catch(() => undefined);
        for (const [queue, count] of depths ?? []) this.set({ queue }, count);
      },
    });
  }
}
