import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ZodValidationPipe } from 'nestjs-zod';
import { ServiceCoreModule } from '@ams/runtime';
import { version } from '../package.json';
import { AdminModule } from './admin/admin.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BillingModule } from './billing/billing.module';
import { envSchema } from './config';
import { MediaModule } from './media/media.module';
import { MediaEventsModule } from './media-events/media-events.module';
import { ProblemFilter } from './problem/problem.filter';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { SearchModule } from './search/search.module';
import { StatusModule } from './status/status.module';
import { UsageModule } from './usage/usage.module';
import { UsersModule } from './users/users.module';

@Module({
  imports: [
    ServiceCoreModule.forRoot({ service: 'gateway', version, envSchema }),
    StatusModule,
    AuthModule,
    UsersModule,
    MediaModule,
    MediaEventsModule,
    SearchModule,
    AdminModule,
    RateLimitModule,
    UsageModule,
    BillingModule,
    AuditModule,
  ],
  providers: [
    { provide: APP_FILTER, useClass: ProblemFilter },
    { provide: APP_PIPE, useClass: ZodValidationPipe },
  ],
})
export class AppModule {}
