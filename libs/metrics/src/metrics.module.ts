import { DynamicModule, Module } from '@nestjs/common';
import { MESSAGE_METRICS } from '@ams/messaging';
import { HttpMetrics } from './http-metrics';
import { MessageCounters, QueueDepthGauge } from './messaging-metrics';
import { MetricsController } from './metrics.controller';
import { METRICS_OPTIONS, MetricsRegistry, type MetricsOptions } from './metrics.registry';

/**
 * Prometheus metrics at GET /metrics on the service's HTTP port: process metrics, HTTP latency,
 * RabbitMQ message counts and queue depths. Global: features inject MetricsRegistry for their own.
 */
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsOptions): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      controllers: [MetricsController],
      providers: [
        { provide: METRICS_OPTIONS, useValue: options },
        MetricsRegistry,
        HttpMetrics,
        MessageCounters,
        QueueDepthGauge,
        { provide: MESSAGE_METRICS, useExisting: MessageCounters },
      ],
      exports: [MetricsRegistry, MESSAGE_METRICS],
    };
  }
}
