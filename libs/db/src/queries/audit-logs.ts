import { isIP } from 'node:net';
import { isUuid } from '@ams/contracts';
import type { Tx } from '../database';

export interface AuditRow {
  sourceEventId: string | null;
  eventType: string;
  category: string;
  action: string;
  actorType: string;
  userId: string | null;
  actorIdentifier?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  description?: string | null;
  ipAddress?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
  sessionId?: string | null;
  oldValues?: Record<string, unknown> | null;
  newValues?: Record<string, unknown> | null;
  metadata?: Record<string, unknown>;
  riskLevel: string;
  occurredAt: Date;
}

/**
 * Append one audit entry unless its event was written before (at-least-once delivery). Values the
 * columns cannot hold are dropped rather than failing the write: an address that is not an IP, a
 * request id that is not a UUID (it is kept in metadata), a user that no longer exists. Service path.
 */
export async function appendAuditLog(tx: Tx, row: AuditRow): Promise<boolean> {
  const ip = row.ipAddress && isIP(row.ipAddress) ? row.ipAddress : null;
  const requestUuid = row.requestId && isUuid(row.requestId) ? row.requestId : null;
  const metadata = {
    ...row.metadata,
    ...(row.requestId && !requestUuid ? { requestId: row.requestId } : {}),
  };
  // The spec's check: a target is named fully or not at all.
  const hasTarget = !!row.targetType && !!row.targetId;
  const json = (value: unknown) => (value == null ? null : JSON.stringify(value));
  const inserted = await tx.$executeRaw`
    INSERT INTO audit_logs (event_type, event_category, user_id, actor_type, actor_identifier, target_type, target_id,
                            action, description, ip_address, user_agent, session_id, request_id, old_values,
                            new_values, metadata, risk_level, occurred_at, source_event_id)
    VALUES (${row.eventType}, ${row.category}, (SELECT id FROM users WHERE id = ${row.userId}::uuid),
            ${row.actorType}, ${row.actorIdentifier ?? null}, ${hasTarget ? row.targetType : null},
            ${hasTarget ? row.targetId : null}::uuid, ${row.action}, ${row.description ?? null}, ${ip}::inet,
            ${row.userAgent ?? null}, ${row.sessionId ?? null}, ${requestUuid}::uuid, ${json(row.oldValues)}::jsonb,
            ${json(row.newValues)}::jsonb, ${JSON.stringify(metadata)}::jsonb, ${row.riskLevel}, ${row.occurredAt},
            ${row.sourceEventId}::uuid)
    ON CONFLICT (source_event_id) DO NOTHING`;
  return inserted > 0;
}
