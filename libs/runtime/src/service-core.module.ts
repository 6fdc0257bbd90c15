import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import type { z } from 'zod';
import { AuditTrailModule } from '@ams/audit-trail';
import { AppConfigModule } from '@ams/config';
import type { ServiceName } from '@ams/contracts';
import { DatabaseModule } from '@ams/db';
import { HealthModule } from '@ams/health';
import { CorrelationMiddleware, LoggingModule } from '@ams/logging';
import { MessagingModule, OutboxModule } from '@ams/messaging';
import { MetricsModule } from '@ams/metrics';

export interface ServiceCoreOptions {
  service: ServiceName;
  version: string;
  envSchema: z.ZodType;
}

/**
 * What every service has: validated config, JSON logs with correlation ids, its database pool,
 * the broker, the audit trail, health endpoints and Prometheus metrics. A service's AppModule imports this plus its features.
 */
@Module({})
export class ServiceCoreModule implements NestModule {
  static forRoot({ service, version, envSchema }: ServiceCoreOptions): DynamicModule {
    return {
      module: ServiceCoreModule,
      imports: [
        AppConfigModule.forRoot(envSchema),
        LoggingModule.forRoot({ service }),
        DatabaseModule,
        MessagingModule.forRoot({ service, version }),
        OutboxModule,
        AuditTrailModule,
        HealthModule,
        MetricsModule.forRoot({ service }),
      ],
      exports: [OutboxModule],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CorrelationMiddleware).forRoutes('*');
  }
}
