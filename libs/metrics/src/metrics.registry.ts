import { Inject, Injectable } from '@nestjs/common';
import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
  type Metric,
} from 'prom-client';

export const METRICS_OPTIONS = Symbol('METRICS_OPTIONS');

export interface MetricsOptions {
  /** Every series carries it as the `service` label. */
  service: string;
}

/** Every metric name starts with this. */
export const METRIC_PREFIX = 'ams_';

/**
 * The service's Prometheus registry: process metrics plus whatever features add. One per app,
 * not prom-client's global one, so two services booted in one process (tests) stay apart.
 * Features get metrics by name (get-or-create), so a provider built twice does not throw.
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();
  readonly contentType = Registry.PROMETHEUS_CONTENT_TYPE;

  constructor(@Inject(METRICS_OPTIONS) options: MetricsOptions) {
    this.registry.setDefaultLabels({ service: options.service });
    collectDefaultMetrics({ register: this.registry, prefix: METRIC_PREFIX });
  }

  counter<L extends string>(config: Omit<CounterConfiguration<L>, 'registers'>): Counter<L> {
    return this.existing(config.name) ?? new Counter({ ...config, registers: [this.registry] });
  }

  histogram<L extends string>(config: Omit<HistogramConfiguration<L>, 'registers'>): Histogram<L> {
    return this.existing(config.name) ?? new Histogram({ ...config, registers: [this.registry] });
  }

  gauge<L extends string>(config: Omit<GaugeConfiguration<L>, 'registers'>): Gauge<L> {
    return this.existing(config.name) ?? new Gauge({ ...config, registers: [this.registry] });
  }

  /** The exposition text a scrape gets. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  private existing<M extends Metric<string>>(name: string): M | undefined {
    return this.registry.getSingleMetric(name) as M | undefined;
  }
}
