import { Injectable, Logger } from '@nestjs/common';
import { AuditTrail } from '@ams/audit-trail';
import { Database, mediaExistsForAnotherOwner, searchExistsForAnotherOwner } from '@ams/db';

type Target = { type: 'media' | 'search'; id: string };

/**
 * Audits an id the caller could not use: another tenant's (high risk: a probe) or one that does
 * not exist (an honest mistake, usually). The reply never tells the two apart; only the trail does.
 */
@Injectable()
export class AccessRefusals {
  private readonly logger = new Logger(AccessRefusals.name);

  constructor(
    private readonly database: Database,
    private readonly audit: AuditTrail,
  ) {}

  /** Detached: the caller's NOT_FOUND reply does not wait for the existence check. */
  record(userId: string, target: Target, pattern: string): void {
    void this.classify(userId, target)
      .then((elsewhere) =>
        this.audit.record(elsewhere ? 'access.cross_tenant' : 'access.not_found', {
          userId,
          targetType: target.type,
          targetId: target.id,
          metadata: { pattern },
        }),
      )
      .catch((error: unknown) =>
        this.logger.error({ err: (error as Error).message, ...target }, 'access refusal not audited'),
      );
  }

  /** Existence only, on the service path (RLS hides other tenants' rows from the tenant path). */
  private classify(userId: string, target: Target): Promise<boolean> {
    return this.database.service((tx) =>
      target.type === 'media'
        ? mediaExistsForAnotherOwner(tx, target.id, userId)
        : searchExistsForAnotherOwner(tx, target.id, userId),
    );
  }
}
