import type { Pool } from 'pg';
import { AUDIT_RECORD_V1 } from '@ams/contracts';

/** Narrows the entries to those whose payload has these values. */
export interface AuditFilter {
  userId?: string;
  targetId?: string;
  eventType?: string;
}

/**
 * The audit entries a service queued, oldest first: the transactional outbox keeps them after
 * relaying, so a service's tests need no audit service running.
 */
export async function queuedAuditEntries<T = Record<string, unknown>>(pool: Pool, filter: AuditFilter): Promise<T[]> {
  const { rows } = await pool.query<{ payload: T }>(
    `SELECT payload FROM outbox_events
      WHERE event_name = $1
        AND ($2::text IS NULL OR payload->>'userId' = $2)
        AND ($3::text IS NULL OR payload->>'targetId' = $3)
        AND ($4::text IS NULL OR payload->>'eventType' = $4)
      ORDER BY position`,
    [AUDIT_RECORD_V1.name, filter.userId ?? null, filter.targetId ?? null, filter.eventType ?? null],
  );
  return rows.map((row) => row.payload);
}
