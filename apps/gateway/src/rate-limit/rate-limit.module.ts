import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { OncePerWindow } from './once-per-window';
import { RateLimitAudit } from './rate-limit.audit';
import { RateLimitInterceptor } from './rate-limit.interceptor';
import { RateLimitRepository } from './rate-limit.repository';
import { RateLimitService } from './rate-limit.service';
import { RateLimitStore } from './rate-limit.store';
import { TierLimits } from './tier-limits';

/**
 * Hourly per-tier request limits on every route (see RateLimitInterceptor), shared through Redis;
 * its Redis also holds the audit trail's once-per-window markers (OncePerWindow).
 */
@Module({
  providers: [
    RateLimitStore,
    RateLimitRepository,
    TierLimits,
    RateLimitService,
    RateLimitAudit,
    OncePerWindow,
    { provide: APP_INTERCEPTOR, useClass: RateLimitInterceptor },
  ],
  exports: [OncePerWindow],
})
export class RateLimitModule {}
