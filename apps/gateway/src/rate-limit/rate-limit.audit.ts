import { Injectable, Logger } from '@nestjs/common';
import { AUDIT_RECORD_V1 } from '@ams/contracts';
import { MessageBus } from '@ams/messaging';
import type { RateLimitDecision } from './rate-limit-decision';
import { RateLimitService, type Caller } from './rate-limit.service';

export interface Refusal {
  caller: Caller;
  decision: RateLimitDecision;
  /** Method and route pattern, never the URL: a query string may hold what the user searched. */
  route: string;
  ipAddress: string;
  userAgent?: string;
  correlationId: string;
}

/**
 * Refusals for the audit trail: one `rate_limit.exceeded` record per caller, bucket and window,
 * so a flood of refused requests does not become a flood of audit rows.
 */
@Injectable()
export class RateLimitAudit {
  private readonly logger = new Logger(RateLimitAudit.name);

  constructor(
    private readonly limiter: RateLimitService,
    private readonly bus: MessageBus,
  ) {}

  /** Fire-and-forget: the refused request neither waits for the record nor fails with it. */
  refused(refusal: Refusal): void {
    void this.record(refusal).catch((error: unknown) =>
      this.logger.warn({ err: (error as Error).message, correlationId: refusal.correlationId }, 'refusal not audited'),
    );
  }

  private async record({ caller, decision, route, ipAddress, userAgent, correlationId }: Refusal): Promise<void> {
    const { bucket, limit, resetSeconds } = decision.tightest;
    if (!(await this.limiter.firstRefusalInWindow(caller, bucket, resetSeconds))) return;
    const userId = 'userId' in caller ? caller.userId : null;
    await this.bus.publish(AUDIT_RECORD_V1, {
      eventType: 'rate_limit.exceeded',
      category: 'security',
      action: 'request_refused',
      actorType: userId ? 'user' : 'system',
      userId,
      ipAddress,
      userAgent: userAgent?.slice(0, 500) ?? null, // the header's length is the client's choice
      requestId: correlationId,
      description: `Request refused: over the ${bucket} rate limit`,
      metadata: { bucket, limit, route },
      riskLevel: 'medium',
      occurredAt: new Date().toISOString(),
    });
  }
}
