import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { DomainError } from '@ams/contracts';
import type { SignedInUser } from '../users/signed-in-user';
import { rateLimitHeaders } from './rate-limit-decision';
import { RATE_LIMIT_BUCKETS, SKIP_RATE_LIMIT, type RateLimitBucket } from './rate-limit.decorators';
import { RateLimitAudit } from './rate-limit.audit';
import { RateLimitService, type Caller } from './rate-limit.service';

/**
 * Probes (kubelet, load balancers) and Prometheus scrapes poll from one address every few
 * seconds: limiting them per IP would fail readiness, restart healthy pods, or leave gaps in metrics.
 */
const PROBE_CONTROLLERS = new Set(['health', 'metrics']);

/**
 * Where every request is counted: an interceptor, not a guard, because interceptors run after
 * all guards, so the AuthGuard has already attached the signed-in user and their tier (global
 * guards run before controller guards). Still before pipes and handlers: a refused request is
 * not validated, read or uploaded. Routes are limited unless marked @SkipRateLimit().
 */
@Injectable()
export class RateLimitInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimitService,
    private readonly audit: RateLimitAudit,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (!this.limiter.enabled || context.getType() !== 'http' || this.exempt(context)) return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { signedInUser?: SignedInUser }>();
    const user = request.signedInUser;
    const caller: Caller = user ? { userId: user.id, tier: user.tier } : { ip: request.ip };
    const extra = this.reflector.getAllAndOverride<RateLimitBucket[]>(RATE_LIMIT_BUCKETS, [
      context.getHandler(),
      context.getClass(),
    ]);
    const decision = await this.limiter.check(caller, ['api', ...(extra ?? [])]);
    if (!decision) return next.handle(); // not counted (Redis unavailable): served, see RateLimitService
    // Set before the handler runs, so the 429 (through ProblemFilter) and successes both carry them.
    http.getResponse<FastifyReply>().headers(rateLimitHeaders(decision, this.limiter.windowSeconds));
    if (decision.allowed) return next.handle();

    this.audit.refused({
      caller,
      decision,
      route: `${request.method} ${request.routeOptions.url ?? ''}`,
    });
    const { bucket, limit } = decision.tightest;
    const { windowSeconds } = this.limiter;
    const retryAfterSeconds = decision.retryAfterSeconds;
    const window = windowSeconds === 3600 ? 'hour' : `${windowSeconds} s`;
    const what = bucket === 'api' ? 'requests' : `${bucket} requests`;
    throw new DomainError(
      'RATE_LIMITED',
      `Too many ${what}: at most ${limit} per ${window}. Try again in ${retryAfterSeconds} s.`,
      { limit, windowSeconds, retryAfterSeconds, bucket },
    );
  }

  private exempt(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(SKIP_RATE_LIMIT, [context.getHandler(), context.getClass()]))
      return true;
    return PROBE_CONTROLLERS.has(this.reflector.get<string>(PATH_METADATA, context.getClass()));
  }
}
