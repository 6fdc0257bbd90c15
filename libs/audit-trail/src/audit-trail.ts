import { Injectable, Logger } from '@nestjs/common';
import {
  AUDIT_EVENTS,
  AUDIT_RECORD_V1,
  auditRisk,
  type AuditEventType,
  type AuditRisk,
  type PayloadOf,
} from '@ams/contracts';
import { Database, mediaExistsForAnotherOwner, searchExistsForAnotherOwner, type Tx } from '@ams/db';
import { currentClient, currentCorrelationId } from '@ams/logging';
import { Outbox } from '@ams/messaging';
import { withoutSecrets } from './without-secrets';

type AuditRecord = PayloadOf<typeof AUDIT_RECORD_V1>;

/** What an entry can be about; one name per kind of thing, so entries about it can be queried together. */
export type AuditTargetType = 'user' | 'media_file' | 'upload' | 'search';

/** An id a caller named but could not use: which kind of row, and in which operation. */
export interface RefusedId {
  userId: string;
  targetType: 'media_file' | 'search';
  targetId: string;
  operation: string;
}

/** What the emitter knows; the kind's category, action and risk and the request context are added here. */
export interface AuditFacts {
  userId: string | null;
  actorType?: AuditRecord['actorType'];
  actorIdentifier?: string | null;
  targetType?: AuditTargetType;
  targetId?: string | null;
  description?: string;
  oldValues?: Record<string, unknown>;
  newValues?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  /** Raises the kind's default risk for this case (see AUDIT_EVENTS for the rules). */
  risk?: AuditRisk;
  /** Overrides the kind's action word when one kind covers several (e.g. how a tier changed). */
  action?: string;
}

/**
 * The one way services write the audit trail: through the transactional outbox, so an entry is
 * never lost to a broker outage, stamped with the client and request the gateway saw.
 */
@Injectable()
export class AuditTrail {
  private readonly logger = new Logger(AuditTrail.name);

  constructor(
    private readonly database: Database,
    private readonly outbox: Outbox,
  ) {}

  /** In the change's own transaction: the entry exists if and only if the change commits. */
  async recordIn(tx: Tx, type: AuditEventType, facts: AuditFacts): Promise<void> {
    await this.outbox.add(tx, AUDIT_RECORD_V1, auditRecord(type, facts));
  }

  /**
   * For reads and refusals, which have no transaction of their own: queued in the background.
   * The caller's request neither waits for it nor fails with it; a failure is logged.
   */
  record(type: AuditEventType, facts: AuditFacts): void {
    const record = auditRecord(type, facts); // the request context is read now, not later
    void this.database
      .service((tx) => this.outbox.add(tx, AUDIT_RECORD_V1, record))
      .catch((error: unknown) =>
        this.logger.error({ err: (error as Error).message, eventType: type }, 'audit entry not recorded'),
      );
  }

  /**
   * A by-id request found nothing under the caller's RLS: record whether the id is another
   * tenant's (`access.cross_tenant`, someone probing ids) or unknown (`access.not_found`). The
   * existence check (service path, by primary key) and the entry run in the background, so the
   * caller's NOT_FOUND goes out at once either way and never tells the two apart. The entry
   * never names the other owner nor anything of theirs.
   */
  recordRefusedId({ userId, targetType, targetId, operation }: RefusedId): void {
    const exists = targetType === 'media_file' ? mediaExistsForAnotherOwner : searchExistsForAnotherOwner;
    // Started inside the request, so the entry still carries its client and request id.
    void this.database
      .service(async (tx) => {
        const ownerIsOther = await exists(tx, targetId, userId);
        await this.recordIn(tx, ownerIsOther ? 'access.cross_tenant' : 'access.not_found', {
          userId,
          targetType,
          targetId,
          description: ownerIsOther
            ? `Asked for another user's ${targetType} by id`
            : `Asked for an unknown ${targetType} id`,
          metadata: { operation, ownerIsOther },
        });
      })
      .catch((error: unknown) =>
        this.logger.error({ err: (error as Error).message, targetType, operation }, 'refused id not audited'),
      );
  }
}

/** The full record for `type`: the kind's category, action and risk, the facts, the request context. */
export function auditRecord(type: AuditEventType, facts: AuditFacts): AuditRecord {
  const kind = AUDIT_EVENTS[type];
  const client = currentClient();
  return {
    eventType: type,
    category: kind.category,
    action: facts.action ?? kind.action,
    actorType: facts.actorType ?? (facts.userId ? 'user' : 'system'),
    userId: facts.userId,
    actorIdentifier: facts.actorIdentifier ?? null,
    targetType: facts.targetType ?? null,
    targetId: facts.targetId ?? null,
    description: facts.description ?? null,
    ipAddress: client.ipAddress ?? null,
    userAgent: client.userAgent ?? null,
    requestId: currentCorrelationId() ?? null,
    sessionId: client.sessionId ?? null,
    oldValues: facts.oldValues ? withoutSecrets(facts.oldValues) : null,
    newValues: facts.newValues ? withoutSecrets(facts.newValues) : null,
    metadata: facts.metadata ? withoutSecrets(facts.metadata) : undefined,
    riskLevel: auditRisk(type, facts.risk),
    occurredAt: new Date().toISOString(),
  };
}
