import type { Tx } from '../database';

/** A position in the audit trail's order (occurred_at DESC, id DESC): the last entry of a page. */
export interface AuditPosition {
  occurredAt: Date;
  id: string;
}

/** What an audit page may be narrowed by; every filter given must hold (`to` is exclusive). */
export interface AuditFilters {
  userId?: string;
  category?: string;
  riskLevel?: string;
  eventType?: string;
  from?: Date;
  to?: Date;
}

export interface AuditLogEntry {
  id: string;
  eventType: string;
  category: string;
  action: string;
  actorType: string;
  actorIdentifier: string | null;
  targetType: string | null;
  targetId: string | null;
  description: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  requestId: string | null;
  sessionId: string | null;
  oldValues: Record<string, unknown> | null;
  newValues: Record<string, unknown> | null;
  metadata: Record<string, unknown> | null;
  riskLevel: string | null;
  occurredAt: Date;
}

/**
 * Audit entries newest first after `after`, narrowed by `filters`; at most `limit`. Tenant path
 * (with `filters.userId` = the tenant) for a user's own trail, admin path for everyone's.
 */
export async function auditLogPage(
  tx: Tx,
  filters: AuditFilters,
  limit: number,
  after?: AuditPosition,
): Promise<AuditLogEntry[]> {
  return tx.$queryRaw<AuditLogEntry[]>`
    SELECT id, event_type AS "eventType", event_category AS category, action, actor_type AS "actorType",
           actor_identifier AS "actorIdentifier", target_type AS "targetType", target_id AS "targetId", description,
           host(ip_address) AS "ipAddress", user_agent AS "userAgent", request_id AS "requestId",
           session_id AS "sessionId", old_values AS "oldValues", new_values AS "newValues", metadata,
           risk_level AS "riskLevel", occurred_at AS "occurredAt"
      FROM audit_logs
     WHERE (${filters.userId ?? null}::uuid IS NULL OR user_id = ${filters.userId ?? null}::uuid)
       AND (${filters.category ?? null}::text IS NULL OR event_category = ${filters.category ?? null}::text)
       AND (${filters.riskLevel ?? null}::text IS NULL OR risk_level = ${filters.riskLevel ?? null}::text)
       AND (${filters.eventType ?? null}::text IS NULL OR event_type = ${filters.eventType ?? null}::text)
       AND (${filters.from ?? null}::timestamptz IS NULL OR occurred_at >= ${filters.from ?? null}::timestamptz)
       AND (${filters.to ?? null}::timestamptz IS NULL OR occurred_at < ${filters.to ?? null}::timestamptz)
       AND (${after?.occurredAt ?? null}::timestamptz IS NULL
            OR (occurred_at, id) < (${after?.occurredAt ?? null}::timestamptz, ${after?.id ?? null}::uuid))
     ORDER BY occurred_at DESC, id DESC
     LIMIT ${limit}`;
}

/**
 * Delete up to `batch` entries older than `before`, oldest first, in one short statement; returns
 * how many went. Rows another transaction holds are skipped (`SKIP LOCKED`), so two replicas
 * purging at once never wait on each other. Service path.
 */
export async function purgeAuditLogsBefore(tx: Tx, before: Date, batch: number): Promise<number> {
  return tx.$executeRaw`
    DELETE FROM audit_logs
     WHERE id IN (SELECT id FROM audit_logs
                   WHERE occurred_at < ${before}
                   ORDER BY occurred_at
                   LIMIT ${batch}
                     FOR UPDATE SKIP LOCKED)`;
}
