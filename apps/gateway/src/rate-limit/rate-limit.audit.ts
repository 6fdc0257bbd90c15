import { Injectable, Logger } from '@nestjs/common';
import { AuditTrail } from '@ams/audit-trail';
import type { RateLimitDecision } from './rate-limit-decision';
import { RateLimitService, type Caller } from './rate-limit.service';

export interface Refusal {
  caller: Caller;
  decision: RateLimitDecision;
  /** Method and route pattern, never the URL: a query string may hold what the user searched. */
  route: string;
}

/**
 * Refusals for the audit trail: one `rate_limit.exceeded` entry per caller, bucket and window,
 * so a flood of refused requests does not become a flood of audit rows. IP, user agent, request
 * and session come from the request context (AuditTrail adds them).
 */
@Injectable()
export class RateLimitAudit {
  private readonly logger = new Logger(RateLimitAudit.name);

  constructor(
    private readonly limiter: RateLimitService,
    private readonly audit: AuditTrail,
  ) {}

  /** Fire-and-forget: the refused request neither waits for the entry nor fails with it. */
  refused(refusal: Refusal): void {
    void this.record(refusal).catch((error: unknown) =>
      this.logger.warn({ err: (error as Error).message }, 'refusal not audited'),
    );
  }

  private async record({ caller, decision, route }: Refusal): Promise<void> {
    const { bucket, limit, resetSeconds } = decision.tightest;
    if (!(await this.limiter.firstRefusalInWindow(caller, bucket, resetSeconds))) return;
    this.audit.record('rate_limit.exceeded', {
      userId: 'userId' in caller ? caller.userId : null,
      description: `Request refused: over the ${bucket} rate limit`,
      metadata: { bucket, limit, route },
    });
  }
}
