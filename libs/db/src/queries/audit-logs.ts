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
  return (await appendAuditLogs(tx, [row])) > 0;
}

/**
 * `appendAuditLog` for many entries in one statement (bursts); returns how many were new. An event
 * id seen before, or twice in the batch, is written once.
 */
export async function appendAuditLogs(tx: Tx, rows: readonly AuditRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const clean = rows.map(storable);
  const col = <T>(pick: (row: StorableRow) => T) => clean.map(pick);
  return tx.$executeRaw`
    INSERT INTO audit_logs (event_type, event_category, user_id, actor_type, actor_identifier, target_type, target_id,
                            action, description, ip_address, user_agent, session_id, request_id, old_values,
                            new_values, metadata, risk_level, occurred_at, source_event_id)
    SELECT r.event_type, r.category, u.id, r.actor_type, r.actor_identifier, r.target_type, r.target_id, r.action,
           r.description, r.ip::inet, r.user_agent, r.session_id, r.request_id, r.old_values::jsonb,
           r.new_values::jsonb, r.metadata::jsonb, r.risk_level, r.occurred_at, r.source_event_id
      FROM unnest(${col((r) => r.eventType)}::text[], ${col((r) => r.category)}::text[], ${col((r) => r.userId)}::uuid[],
                  ${col((r) => r.actorType)}::text[], ${col((r) => r.actorIdentifier)}::text[],
                  ${col((r) => r.targetType)}::text[], ${col((r) => r.targetId)}::uuid[], ${col((r) => r.action)}::text[],
                  ${col((r) => r.description)}::text[], ${col((r) => r.ip)}::text[], ${col((r) => r.userAgent)}::text[],
                  ${col((r) => r.sessionId)}::text[], ${col((r) => r.requestUuid)}::uuid[],
                  ${col((r) => r.oldValues)}::text[], ${col((r) => r.newValues)}::text[], ${col((r) => r.metadata)}::text[],
                  ${col((r) => r.riskLevel)}::text[], ${col((r) => r.occurredAt)}::timestamptz[],
                  ${col((r) => r.sourceEventId)}::uuid[])
        WITH ORDINALITY AS r(event_type, category, user_id, actor_type, actor_identifier, target_type, target_id, action,
                             description, ip, user_agent, session_id, request_id, old_values, new_values, metadata,
                             risk_level, occurred_at, source_event_id, n)
      -- A user that no longer exists: keep the entry, without the user.
      LEFT JOIN users u ON u.id = r.user_id
     ORDER BY r.n
    ON CONFLICT (source_event_id) DO NOTHING`;
}

interface StorableRow {
  eventType: string;
  category: string;
  userId: string | null;
  actorType: string;
  actorIdentifier: string | null;
  targetType: string | null;
  targetId: string | null;
  action: string;
  description: string | null;
  ip: string | null;
  userAgent: string | null;
  sessionId: string | null;
  requestUuid: string | null;
  oldValues: string | null;
  newValues: string | null;
  metadata: string;
  riskLevel: string;
  occurredAt: Date;
  sourceEventId: string | null;
}

/** The row as the columns can hold it (see `appendAuditLog`). */
function storable(row: AuditRow): StorableRow {
  const requestUuid = row.requestId && isUuid(row.requestId) ? row.requestId : null;
  const metadata = {
    ...row.metadata,
    ...(row.requestId && !requestUuid ? { requestId: row.requestId } : {}),
  };
  // The spec's check: a target is named fully or not at all.
  const hasTarget = !!row.targetType && !!row.targetId;
  const json = (value: unknown) => (value == null ? null : JSON.stringify(value));
  return {
    eventType: row.eventType,
    category: row.category,
    userId: row.userId,
    actorType: row.actorType,
    actorIdentifier: row.actorIdentifier ?? null,
    targetType: hasTarget ? (row.targetType ?? null) : null,
    targetId: hasTarget ? (row.targetId ?? null) : null,
    action: row.action,
    description: row.description ?? null,
    ip: row.ipAddress && isIP(row.ipAddress) ? row.ipAddress : null,
    userAgent: row.userAgent ?? null,
    sessionId: row.sessionId ?? null,
    requestUuid,
    oldValues: json(row.oldValues),
    newValues: json(row.newValues),
    metadata: JSON.stringify(metadata),
    riskLevel: row.riskLevel,
    occurredAt: row.occurredAt,
    sourceEventId: row.sourceEventId,
  };
}
