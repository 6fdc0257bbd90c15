import { Injectable, Logger } from '@nestjs/common';
import {
  AUDIT_EVENTS,
  AUDIT_RECORD_V1,
  auditRisk,
  type AuditEventType,
  type AuditRisk,
  type PayloadOf,
} from '@ams/contracts';
import { Database, type Tx } from '@ams/db';
import { currentClient, currentCorrelationId } from '@ams/logging';
import { Outbox } from '@ams/messaging';
import { withoutSecrets } from './without-secrets';

type AuditRecord = PayloadOf<typeof AUDIT_RECORD_V1>;

/** What the emitter knows; the kind's category, action and risk and the request context are added here. */
export interface AuditFacts {
  userId: string | null;
  actorType?: AuditRecord['actorType'];
  actorIdentifier?: string | null;
  targetType?: string;
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
